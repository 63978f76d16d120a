import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, BrowserType, LaunchOptions } from 'playwright-core';
import { CouldNotRun } from './CouldNotRun.js';

/**
 * Headless, and nothing of the browser's own on the network (updates, sync, first-run pages): the
 * project's Chromium flags (bench/chromium.mjs, which the bench and the browser suite use), repeated
 * here because the command line ships alone in dist/.
 */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/**
 * The profile's preferences. "Preload pages" off (`network_prediction_options: 2`): otherwise Chromium
 * opens a connection to a navigation's origin as the navigation starts, before any interception sees
 * the request, and a click on a payment link would shake hands with Stripe.
 */
const PREFERENCES = { net: { network_prediction_options: 2 } };

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

/** A fresh browser profile: its context, and `close()`, which ends the browser and deletes the profile. */
export interface Profile {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Opens fresh profiles (no cookies, no storage, its own headless browser) of a local Chrome or
 * Chromium: `--browser`, else `CHROME_PATH` (either must start, or the command stops there), else
 * Playwright's Chrome channel (an installed Google Chrome), else the first of the usual install paths
 * that starts; found once, on the first profile. Throws {@link CouldNotRun}, saying what to do, when
 * none starts.
 */
export function profiles(
  chromium: BrowserType,
  given: string | undefined,
  env: NodeJS.ProcessEnv,
): () => Promise<Profile> {
  let found: LaunchOptions | undefined;
  const open = async (browser: LaunchOptions): Promise<Profile> => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'engagetrack-verify-'));
    try {
      mkdirSync(path.join(folder, 'Default'));
      writeFileSync(path.join(folder, 'Default', 'Preferences'), JSON.stringify(PREFERENCES));
      const context = await chromium.launchPersistentContext(folder, {
        ...browser,
        headless: true,
        args: ARGS,
        bypassCSP: true,
      });
      return {
        context,
        close: async () => {
          await context.close();
          rmSync(folder, { recursive: true, force: true });
        },
      };
    } catch (error) {
      rmSync(folder, { recursive: true, force: true });
      throw error;
    }
  };
  const chosen = given ?? env.CHROME_PATH;
  const candidates: LaunchOptions[] = chosen
    ? [{ executablePath: chosen }]
    : [
        { channel: 'chrome' },
        ...systemPaths(env)
          .filter((file) => existsSync(file))
          .map((executablePath) => ({ executablePath })),
      ];
  return async () => {
    if (found) return open(found);
    if (chosen && !existsSync(chosen)) {
      throw new CouldNotRun(
        `No browser at ${chosen} (${given ? '--browser' : 'CHROME_PATH'}): give the path of Chrome or Chromium.`,
      );
    }
    const tried: string[] = [];
    for (const candidate of candidates) {
      try {
        const profile = await open(candidate);
        found = candidate;
        return profile;
      } catch (error) {
        if (chosen) {
          throw new CouldNotRun(
            `The browser at ${chosen} (${given ? '--browser' : 'CHROME_PATH'}) did not start: ${firstLine(error)}`,
          );
        }
        // Playwright's Chrome channel is only tried: no Google Chrome where it looks is no error.
        if (candidate.executablePath) tried.push(`${candidate.executablePath}: ${firstLine(error)}`);
      }
    }
    throw new CouldNotRun(
      `No Chrome or Chromium found${tried.length ? ` that starts (${tried.join('; ')})` : ''}. Install Google Chrome or Chromium, or pass --browser <path>, or set CHROME_PATH.`,
    );
  };
}
