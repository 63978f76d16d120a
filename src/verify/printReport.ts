import type { VerifyReport } from './types.js';

/**
 * Prints `report` to the browser console, readable first (the verdict, the IDs, each problem with its
 * fix and link, a table of the elements), then the report object itself. Never `console.error`: the
 * report describes the page, it is not an error of the page.
 */
export function printReport(report: VerifyReport): void {
  const verdict = report.ok ? 'ready' : 'NOT ready';
  console.group(`[engagetrack] verify: ${verdict}, ${report.problems.length} problem(s) — ${report.url}`);
  console.info(
    `visitor ${report.visitorId || '(none)'}, session ${report.sessionId || '(none)'}, kept in ${report.storage}`,
  );
  for (const problem of report.problems) {
    console.info(
      `${problem.severity} ${problem.code} × ${problem.count}: ${problem.message}\nFix: ${problem.fix}\n${problem.docs}`,
    );
  }
  if (report.elements.length) console.table(report.elements);
  console.log(report);
  console.groupEnd();
}
