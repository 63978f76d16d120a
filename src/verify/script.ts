/**
 * The verify bundle (`engagetrack.verify.min.js`), which the SDK's script tag loads from its own
 * directory when the page URL carries `engagetrack_verify`: runs the report once the page is parsed,
 * prints it to the console and opens the panel. For scripts (the command line, tests), the bundle
 * publishes `window.engagetrackVerify` (see `VerifyGlobal` in ./types.ts). Loading it a second time changes
 * nothing.
 */
import { diagnose } from './diagnose.js';
import { emptyFacts } from './emptyFacts.js';
import { gatherFacts } from './gatherFacts.js';
import { openPanel } from './panel/openPanel.js';
import { printReport } from './printReport.js';

try {
  if (!window.engagetrackVerify) {
    const elements: Element[] = [];
    const facts = gatherFacts().then(
      ([found, nodes]) => {
        elements.push(...nodes);
        return found;
      },
      // Never reject into the page: an unexpected failure reports what could be looked at (nothing).
      () => emptyFacts(),
    );
    const report = facts.then(diagnose).catch(() => diagnose(emptyFacts()));
    window.engagetrackVerify = { report, facts, elements };
    void report.then((done) => {
      try {
        printReport(done);
        openPanel(done, elements);
      } catch {
        // The panel is a courtesy: the report stays on window.engagetrackVerify.
      }
    });
  }
} catch {
  // Never throw into the page.
}
