import { PANEL_ID } from '../findElements.js';
import type { VerifyReport } from '../types.js';
import { copyText } from './copyText.js';
import { element } from './element.js';
import { highlighter } from './highlight.js';
import { applyStyles } from './styles.js';

/** Rows listed in the panel; the JSON (Copy) has them all. */
const MAX_ROWS = 300;

const KINDS = { link: 'link', area: 'area', 'pricing-table': 'pricing table', 'buy-button': 'buy button' };

/** "1 problem", "2 problems". */
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The one-line answer: green when no problem is an error. */
function verdictOf(report: VerifyReport): string {
  const errors = report.problems.filter((problem) => problem.severity === 'error').length;
  const warnings = report.problems.filter((problem) => problem.severity === 'warning').length;
  if (!report.ok) return `✗ Not ready: ${plural(errors, 'error')} below would leave payments unattributed.`;
  return warnings
    ? `✓ Ready: payments from this page are attributed (${plural(warnings, 'warning')} below).`
    : '✓ Ready: payments from this page are attributed.';
}

/**
 * Opens the verify panel for `report` (`nodes`: the page's elements, index for index with
 * `report.elements`): a non-modal dialog in the open shadow root of `<engagetrack-verify
 * id="engagetrack-verify">` with the verdict, the IDs and where they are kept, the problems with
 * their fix and README link, each element (hover or focus its row to see it outlined on the page;
 * activate it to scroll to it), and a button that copies the report as JSON. Focus moves into it;
 * Escape or Close closes it and gives focus back. Replaces a panel already open. Returns `close()`.
 */
export function openPanel(report: VerifyReport, nodes: Element[]): () => void {
  document.getElementById(PANEL_ID)?.remove();
  const previous = document.activeElement;
  const host = document.createElement('engagetrack-verify');
  host.id = PANEL_ID;
  const root = host.attachShadow({ mode: 'open', delegatesFocus: true });

  const box = element('div', 'highlight');
  box.hidden = true;
  const outline = highlighter(box);

  const panel = element('section', 'panel');
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-labelledby', 'title');
  panel.setAttribute('aria-describedby', 'verdict');
  panel.tabIndex = -1;

  const header = element('div', 'header');
  const title = element('h2', 'title', 'EngageTrack installation check');
  title.id = 'title';
  const closeButton = element('button', 'button', 'Close');
  closeButton.type = 'button';
  header.append(title, closeButton);

  const verdict = element('p', `verdict ${report.ok ? 'ok' : 'fail'}`, verdictOf(report));
  verdict.id = 'verdict';

  const ids = element('dl', 'ids');
  for (const [term, value] of [
    ['Visitor ID', report.visitorId || '(none)'],
    ['Session ID', report.sessionId || '(none)'],
    ['Kept in', report.storage],
  ]) {
    ids.append(element('dt', '', term), element('dd', 'code', value));
  }
  panel.append(header, verdict, ids);

  if (report.problems.length) {
    const problems = element('ul', 'list');
    for (const problem of report.problems) {
      const item = element('li', `problem ${problem.severity}`);
      const docs = element('a', 'link', 'Read more');
      docs.href = problem.docs;
      docs.target = '_blank';
      docs.rel = 'noopener';
      const heading = element('div');
      heading.append(
        element('span', 'badge', problem.severity),
        element('span', 'code', problem.code),
        ` × ${problem.count}`,
      );
      const fix = element('p');
      fix.append(element('strong', '', 'Fix: '), problem.fix, ' ', docs);
      item.append(heading, element('p', '', problem.message), fix);
      problems.append(item);
    }
    panel.append(element('h3', 'heading', `Problems (${report.problems.length})`), problems);
  }

  const severityOf = (code: string | undefined) => report.problems.find((problem) => problem.code === code)?.severity;
  const rows = element('ul', 'list');
  report.elements.slice(0, MAX_ROWS).forEach((item, i) => {
    const row = element('button', 'row');
    row.type = 'button';
    row.title = item.value;
    const severity = severityOf(item.code);
    row.append(
      element(
        'span',
        `mark ${item.ok ? 'ok' : severity === 'error' ? 'fail' : 'warn'}`,
        item.ok ? '✓' : severity === 'error' ? '✗' : '!',
      ),
      element('span', '', KINDS[item.kind]),
      element('span', 'value code', item.value || '(no client-reference-id)'),
      element('span', 'code', item.code ?? 'ok'),
    );
    const target = nodes[i];
    if (target) {
      row.addEventListener('pointerenter', () => outline.show(target));
      row.addEventListener('pointerleave', () => outline.hide());
      row.addEventListener('focus', () => outline.show(target));
      row.addEventListener('blur', () => outline.hide());
      row.addEventListener('click', () => {
        target.scrollIntoView({ block: 'center', inline: 'nearest' });
        outline.show(target);
      });
    }
    const listItem = element('li');
    listItem.append(row);
    rows.append(listItem);
  });
  const more = report.elements.length - MAX_ROWS;
  panel.append(element('h3', 'heading', `Stripe elements (${report.elements.length})`), rows);
  if (more > 0) panel.append(element('p', '', `… and ${plural(more, 'more element')} in the JSON.`));
  if (!report.elements.length) panel.append(element('p', '', 'None found on this page.'));

  const footer = element('div', 'footer');
  const copyButton = element('button', 'button', 'Copy report (JSON)');
  copyButton.type = 'button';
  const status = element('span', 'status');
  status.setAttribute('role', 'status');
  const json = element('textarea', 'json code');
  json.readOnly = true;
  json.hidden = true;
  json.setAttribute('aria-label', 'The report as JSON');
  footer.append(copyButton, status, json);
  panel.append(footer);

  root.append(box, panel);
  applyStyles(root);

  const close = () => {
    outline.hide();
    host.remove();
    if (previous instanceof HTMLElement && previous.isConnected) previous.focus({ preventScroll: true });
  };
  closeButton.addEventListener('click', close);
  copyButton.addEventListener('click', async () => {
    status.textContent = '';
    const copied = await copyText(JSON.stringify(report, null, 2), json);
    status.textContent = copied ? 'Copied.' : 'Select the JSON below and copy it.';
    if (copied) json.hidden = true;
  });
  root.addEventListener('keydown', (event) => {
    if ((event as KeyboardEvent).key !== 'Escape') return;
    // The page's own Escape handlers (its modals) are not the panel's business, nor the reverse.
    event.stopPropagation();
    close();
  });

  (document.body || document.documentElement).append(host);
  panel.focus({ preventScroll: true });
  return close;
}
