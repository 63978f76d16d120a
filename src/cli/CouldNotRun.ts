/**
 * Why the command could not run (exit code 2): bad arguments, no browser, no playwright-core, a page
 * that did not open. The message says what to do.
 */
export class CouldNotRun extends Error {
  override name = 'CouldNotRun';
}
