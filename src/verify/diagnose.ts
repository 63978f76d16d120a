import { DOCS, RULES } from './rules.js';
import type { PageFacts, VerifyProblem, VerifyReport } from './types.js';

/**
 * The report for the gathered facts: every rule of {@link RULES} in order, each problem with its
 * severity, message, fix, README link and count; each element with the first problem that applies to
 * it. `ok` when no problem is an error. Pure: the page's bundle and the command line (which adds the
 * clicks' URLs to the facts) make the same report from the same facts.
 */
export function diagnose(page: PageFacts): VerifyReport {
  const codes: (string | undefined)[] = [];
  const problems: VerifyProblem[] = [];
  for (const { code, severity, message, fix, page: onPage, element: onElement, last } of RULES) {
    const pageHasIt = !!onPage?.(page);
    const elements = page.elements.flatMap((element, i) =>
      onElement && (!onPage || pageHasIt) && onElement(element, page) ? [i] : [],
    );
    const count = onPage ? +pageHasIt : elements.length;
    if (!count) continue;
    for (const i of elements) codes[i] ??= code;
    const text = typeof message === 'string' ? message : message(page);
    problems.push({ code, severity, message: text, fix, docs: `${DOCS}${code}`, count });
    if (last) break;
  }
  return {
    url: page.url,
    ok: !problems.some((problem) => problem.severity === 'error'),
    visitorId: page.visitorId,
    sessionId: page.sessionId,
    storage: page.storage,
    elements: page.elements.map(({ kind, value, clickUrl }, i) => ({
      kind,
      value,
      ok: !codes[i],
      ...(codes[i] ? { code: codes[i] } : {}),
      ...(clickUrl === undefined ? {} : { clickUrl }),
    })),
    problems,
  };
}
