/**
 * Why the command could not run (exit code 2): bad arguments, no browser, no playwright-core. The
 * message says what to do.
 */
export class CouldNotRun extends Error {
  override name = 'CouldNotRun';
}

/** One page could not be checked (did not open, answered an error, took too long): the others still are. */
export class PageNotChecked extends CouldNotRun {
  override name = 'PageNotChecked';
}
