/**
 * Helpers of the verify tests (verify*.test.ts): the report of a page, through the npm entry or the
 * verify bundle, and what the panel shows, read through the driver.
 */
import type { VerifyReport } from '../../src/verify/index.js';
import type { Session } from './drivers/index.js';
import { waitUntil } from './helpers.js';

/**
 * The report of `verify()` from the npm entry (dist/verify.mjs), imported into the page. (An
 * expression, not a function: vitest would rewrite a function's `import()` for Node.)
 */
export function verifyReport(session: Session): Promise<VerifyReport> {
  return session.evaluate("import(location.origin + '/dist/verify.mjs').then((module) => module.verify())");
}

/** The problem codes of a report, in its order. */
export const codesOf = (report: VerifyReport) => report.problems.map((problem) => problem.code);

/** The report of the verify bundle the page loaded (window.engagetrackVerify), once it is made. */
export async function bundleReport(session: Session): Promise<VerifyReport> {
  await waitUntil(session, () => !!window.engagetrackVerify);
  return session.evaluate(() => window.engagetrackVerify!.report);
}

/** What the open panel shows, read from its shadow root; null while there is no panel. */
export interface PanelView {
  role: string | null;
  name: string | undefined;
  verdict: string;
  verdictClass: string;
  ids: Record<string, string>;
  problems: { text: string; docs: string | undefined }[];
  rows: string[];
  /** The element focused inside the panel. */
  focused: string | undefined;
}

/** Waits for the panel (rendered, with its verdict) and reads it. */
export function panelView(session: Session): Promise<PanelView> {
  const view = waitUntil(session, () => {
    const root = document.getElementById('engagetrack-verify')?.shadowRoot;
    const dialog = root?.querySelector('[role="dialog"]');
    const verdict = root?.querySelector('.verdict');
    if (!root || !dialog || !verdict) return null;
    const terms = [...root.querySelectorAll('.ids dt')].map((term) => term.textContent ?? '');
    const values = [...root.querySelectorAll('.ids dd')].map((value) => value.textContent ?? '');
    return {
      role: dialog.getAttribute('role'),
      name: root.getElementById(dialog.getAttribute('aria-labelledby') ?? '')?.textContent ?? undefined,
      verdict: verdict.textContent ?? '',
      verdictClass: verdict.className,
      ids: Object.fromEntries(terms.map((term, i) => [term, values[i]])),
      problems: [...root.querySelectorAll('.problem')].map((problem) => ({
        text: problem.textContent ?? '',
        docs: problem.querySelector('a')?.href,
      })),
      rows: [...root.querySelectorAll('.row')].map((row) => row.textContent ?? ''),
      focused: root.activeElement?.className,
    };
  });
  return view as Promise<PanelView>;
}
