import type { Page } from 'playwright-core';
import { diagnose } from '../verify/diagnose.js';
import { PANEL_ID } from '../verify/findElements.js';
import type { PageFacts, VerifyReport } from '../verify/types.js';
import { PageNotChecked } from './CouldNotRun.js';
import { clickPaymentLinks } from './clickPaymentLinks.js';
import type { Profile } from './profiles.js';

/** What checking one page gave. */
export interface PageResult {
  report: VerifyReport;
  /** How many payment links were clicked (`--no-click`: 0). */
  clicked: number;
}

/** The first line of an error's message, without its closing period (the sentence goes on after it). */
const firstLine = (error: unknown) =>
  String((error as Error)?.message ?? error)
    .split('\n')[0]
    .replace(/\.+$/, '');

/** `task`, or {@link PageNotChecked} after `ms`. */
async function within<T>(task: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new PageNotChecked(
            `${what} did not finish within ${ms} ms (--timeout). Raise the limit with --timeout <ms> if the page is slow.`,
          ),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([task, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The facts of the page's own verify bundle when it loaded one of this format, else of the bundle
 * injected now (Playwright's `bypassCSP` lets it in under any Content-Security-Policy); the panel it
 * opened is closed, so it covers no link.
 */
async function pageFacts(page: Page, bundle: string): Promise<PageFacts> {
  const loaded = await page.evaluate(async () => {
    const verify = window.engagetrackVerify;
    return !!verify && Array.isArray(verify.elements) && (await verify.facts)?.v === 2;
  });
  if (!loaded) {
    await page.evaluate(() => {
      delete window.engagetrackVerify;
    });
    await page.addScriptTag({ content: bundle });
  }
  const facts = await page.evaluate(() => window.engagetrackVerify?.facts);
  if (!facts) throw new PageNotChecked('The verify bundle did not run in the page.');
  await page.evaluate((id) => document.getElementById(id)?.remove(), PANEL_ID);
  return facts;
}

/**
 * Opens `url` in a fresh profile (`openProfile()`), makes the report of the page (the verify bundle's
 * facts, see {@link pageFacts}), then unless `click` is false clicks each payment link (see
 * `clickPaymentLinks`) and makes the report again with the URLs the clicks left for. Payment Link
 * requests never reach Stripe. Throws {@link PageNotChecked} when the page does not open.
 */
export async function verifyPage(
  openProfile: () => Promise<Profile>,
  url: string,
  options: { timeout: number; click: boolean; bundle: string },
): Promise<PageResult> {
  const profile = await openProfile();
  const { context } = profile;
  try {
    // A page may prefetch its links: Stripe's Payment Link host is answered here from the start.
    await context.route('https://buy.stripe.com/**', (route) => route.fulfill({ status: 204 }).catch(() => {}));
    const page = context.pages()[0] ?? (await context.newPage());
    let status = 0;
    try {
      status = (await page.goto(url, { waitUntil: 'load', timeout: options.timeout }))?.status() ?? 0;
    } catch (error) {
      // Playwright's TimeoutError: the page did not fire `load` within the limit (a page that never
      // answers, or a slow script or image that holds its load event).
      throw new PageNotChecked(
        (error as Error)?.name === 'TimeoutError'
          ? `Could not open ${url}: it did not load within ${options.timeout} ms (--timeout). If the page is only slow, raise the limit with --timeout <ms>; otherwise check that the site is up and reachable from this machine.`
          : `Could not open ${url}: ${firstLine(error)}. Check the URL, and that the site is up and reachable from this machine.`,
      );
    }
    if (status >= 400) throw new PageNotChecked(`${url} answered HTTP ${status}: check the URL.`);
    const facts = await within(pageFacts(page, options.bundle), options.timeout, `The check of ${url}`);
    // Each click is bounded by itself (clickPaymentLinks): a page with many links takes longer.
    const clicked = options.click ? await clickPaymentLinks(context, page, facts) : 0;
    return { report: diagnose(facts), clicked };
  } finally {
    await profile.close();
  }
}
