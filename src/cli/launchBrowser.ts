import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserType, LaunchOptions } from 'playwright-core';
import { CouldNotRun } from './CouldNotRun.js';

/** Headless, and nothing of the browser's own on the network (updates, sync, first-run pages). */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** Where Chrome and Chromium usually are, on Linux, macOS and Windows. */
function systemPaths(env: NodeJS.ProcessEnv): string[] {
  const windows = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].flatMap((folder) =>
    folder ? [path.win32.join(folder, 'Google', 'Chrome', 'Application', 'chrome.exe')] : [],
  );
  return [
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    ...windows,
  ];
}

/** The first line of an error (Playwright's launch errors carry a long log). */
const firstLine = (error: unknown) => String((error as Error)?.message ?? error).split('\n')[0];

/**
 * Launches a local Chrome or Chromium, headless: `--browser`, else `CHROME_PATH` (either must start,
 * or the command stops there), else Playwright's Chrome channel (an installed Google Chrome), else the
 * first of the usual install paths that exists. Throws {@link CouldNotRun} saying what to do when none
 * starts.
 */
export async function launchBrowser(
  chromium: BrowserType,
  given: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<Browser> {
  const launch = (options: LaunchOptions) => chromium.launch({ headless: true, args: ARGS, ...options });
  const chosen = given ?? env.CHROME_PATH;
  if (chosen) {
    const from = given ? '--browser' : 'CHROME_PATH';
    if (!existsSync(chosen))
      throw new CouldNotRun(`No browser at ${chosen} (${from}): give the path of Chrome or Chromium.`);
    try {
      return await launch({ executablePath: chosen });
    } catch (error) {
      throw new CouldNotRun(`The browser at ${chosen} (${from}) did not start: ${firstLine(error)}`);
    }
  }
  try {
    return await launch({ channel: 'chrome' });
  } catch {
    // No Google Chrome where Playwright looks: the usual paths.
  }
  const tried: string[] = [];
  for (const executablePath of systemPaths(env).filter((file) => existsSync(file))) {
    try {
      return await launch({ executablePath });
    } catch (error) {
      tried.push(`${executablePath}: ${firstLine(error)}`);
    }
  }
  throw new CouldNotRun(
    `No Chrome or Chromium found${tried.length ? ` that starts (${tried.join('; ')})` : ''}. Install Google Chrome or Chromium, or pass --browser <path>, or set CHROME_PATH.`,
  );
}
