import { diagnose } from './diagnose.js';
import { emptyFacts } from './emptyFacts.js';
import { gatherFacts } from './gatherFacts.js';
import type { VerifyReport } from './types.js';

/**
 * Checks this page's EngageTrack installation, as the docs' "Verify" checklist does by hand: asks
 * the page's SDK (whatever copy or version the page runs, through the page registry, else
 * `window.engagetrack`) for its IDs, probes whether automatic mode decorates a link added now (a
 * hidden link, removed after), asks `decorateUrl()` about each link, compares every Stripe element with
 * the page's current IDs, and reads (never writes) where the visitor is kept. Resolves, once the
 * document is parsed, to a JSON-serializable {@link VerifyReport}: `ok` when no problem is an error, and
 * each problem with its fix and README link. Its calls into the SDK count as session activity, as any
 * call does (after an idle timeout they start the new session); nothing else of the page changes.
 * Never throws (outside a browser it reports `no-sdk`).
 *
 * @example
 * import { verify } from 'engagetrack/verify';
 * const report = await verify();
 * if (!report.ok) console.table(report.problems);
 */
export async function verify(): Promise<VerifyReport> {
  try {
    if (typeof document !== 'undefined') return diagnose((await gatherFacts())[0]);
  } catch {
    // Never throw into the page: report what could not be looked at.
  }
  return diagnose(emptyFacts());
}
