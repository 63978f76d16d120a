import { readFileSync } from 'node:fs';
import type { BrowserType } from 'playwright-core';
import type { VerifyReport } from '../verify/types.js';
import { CouldNotRun, PageNotChecked } from './CouldNotRun.js';
import { formatReport } from './formatReport.js';
import { parseCommand, USAGE } from './parseCommand.js';
import { profiles } from './profiles.js';
import { verifyPage } from './verifyPage.js';

/** Where the command writes, and its environment (the tests give their own). */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

/** The verify bundle the command injects into pages that did not load it (next to this file in dist/). */
function verifyBundle(): string {
  try {
    return readFileSync(new URL('./engagetrack.verify.min.js', import.meta.url), 'utf8');
  } catch {
    throw new CouldNotRun('engagetrack.verify.min.js is missing next to the command: reinstall engagetrack.');
  }
}

/** playwright-core's Chromium, or {@link CouldNotRun} saying how to install it. */
async function playwrightChromium(): Promise<BrowserType> {
  try {
    return (await import('playwright-core')).chromium;
  } catch {
    throw new CouldNotRun(
      'playwright-core is not installed. Run: npm install --save-dev playwright-core (it drives your own Chrome or Chromium and downloads no browser).',
    );
  }
}

/**
 * `engagetrack …` with `args`: checks each URL (see `verifyPage`) and prints the reports, readable or
 * as a JSON array. Returns the exit code: 0 when every report is ok, 1 when one has a problem of
 * severity error, 2 when the command could not run (bad arguments, no browser, no playwright-core, a
 * page that did not open: the message says what to do); the other pages are still checked.
 */
export async function run(args: string[], io: Io): Promise<number> {
  let command: ReturnType<typeof parseCommand>;
  try {
    command = parseCommand(args);
  } catch (error) {
    io.err(`engagetrack: ${(error as Error).message}`);
    return 2;
  }
  if (command === 'help') {
    io.out(USAGE);
    return 0;
  }
  const reports: VerifyReport[] = [];
  let couldNotRun = false;
  try {
    const bundle = verifyBundle();
    const openProfile = profiles(await playwrightChromium(), command.browser, io.env);
    for (const url of command.urls) {
      try {
        const { report, clicked } = await verifyPage(openProfile, url, { ...command, bundle });
        reports.push(report);
        if (!command.json) io.out(`${formatReport(report, clicked)}\n`);
      } catch (error) {
        // No browser at all: stop. A page that did not open, or failed in a way of its own: say so,
        // and check the next one.
        if (error instanceof CouldNotRun && !(error instanceof PageNotChecked)) throw error;
        couldNotRun = true;
        io.err(`engagetrack: ${error instanceof PageNotChecked ? error.message : `Could not check ${url}: ${error}`}`);
      }
    }
  } catch (error) {
    io.err(`engagetrack: ${error instanceof CouldNotRun ? error.message : `could not run: ${error}`}`);
    return 2;
  }
  if (command.json) io.out(JSON.stringify(reports, null, 2));
  return couldNotRun ? 2 : reports.every((report) => report.ok) ? 0 : 1;
}
