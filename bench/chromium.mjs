import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** The flags every Chromium launch of the project uses (see DEVELOPERS.md). */
export const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own download, else undefined. */
export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'];
  try {
    candidates.push(chromium.executablePath());
  } catch {
    // No Playwright download: fine.
  }
  return candidates.find((path) => path && existsSync(path));
}
