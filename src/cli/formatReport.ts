import type { VerifyReport } from '../verify/types.js';

/** Elements listed one per line; the rest are counted (`--json` has them all). */
const MAX_LINES = 40;

const MARKS = { error: '✗', warning: '!', info: 'i' } as const;

/**
 * The readable form of a report, for a terminal: the verdict, the IDs and where they are kept, each
 * element (✓, or the mark of its problem's severity and its code; whether it was clicked, and when the
 * click left for a URL without the IDs, that URL), then each problem with its message, fix and README link.
 */
export function formatReport(report: VerifyReport, clicked: number): string {
  const severityOf = (code?: string) => report.problems.find((problem) => problem.code === code)?.severity;
  const errors = report.problems.filter((problem) => problem.severity === 'error').length;
  const lines = [
    `${report.ok ? '✓' : '✗'} ${report.url}`,
    `  ${report.ok ? 'Ready: payments from this page are attributed.' : `Not ready: ${errors} error${errors === 1 ? '' : 's'} below would leave payments unattributed.`}`,
    `  Visitor ${report.visitorId || '(none)'}, session ${report.sessionId || '(none)'}, kept in ${report.storage}.`,
    `  ${report.elements.length} Stripe element${report.elements.length === 1 ? '' : 's'}${clicked ? `, ${clicked} payment link${clicked === 1 ? '' : 's'} clicked` : ''}:`,
  ];
  for (const element of report.elements.slice(0, MAX_LINES)) {
    const severity = severityOf(element.code);
    const mark = element.ok ? '✓' : severity ? MARKS[severity] : '?';
    const click = element.clickUrl === undefined ? '' : ' (clicked)';
    lines.push(
      `    ${mark} ${element.kind} ${element.value || '(no client-reference-id)'}${element.code ? `  [${element.code}]` : ''}${click}`,
    );
    if (element.code === 'click-missing-ids') lines.push(`        the click left for ${element.clickUrl}`);
  }
  if (report.elements.length > MAX_LINES)
    lines.push(`    … and ${report.elements.length - MAX_LINES} more (--json lists them all)`);
  for (const problem of report.problems) {
    lines.push(
      `  ${problem.severity} ${problem.code} × ${problem.count}: ${problem.message}`,
      `    Fix: ${problem.fix}`,
      `    ${problem.docs}`,
    );
  }
  return lines.join('\n');
}
