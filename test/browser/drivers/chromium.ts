/**
 * Chromium through playwright-core: Debian's `chromium` (or CHROMIUM_PATH, or Playwright's own
 * download). The only file of the suite that uses Playwright, apart from tests marked Chromium-only.
 */
import { existsSync } from 'node:fs';
import { type BrowserContext, chromium, type Page, type Browser as PlaywrightBrowser } from 'playwright-core';
import { LAUNCH_ARGS } from '../../../bench/chromium.mjs';
import { type Fence, startFence } from './fence.js';
import { agreedJar, readPageCookies } from './jar.js';
import type { Browser, Cookie, Engine, Found, Session, SessionOptions } from './types.js';

/**
 * Launch flags. The network of each profile goes through its own fence (fence.ts, the context's
 * proxy); the host mapping is a second fence behind it: shop.test and every *.shop.test name (and
 * *.vercel.app, a public suffix, for the host-only cookie check) resolves to the loopback server, and
 * every other name fails to resolve (except localhost and the 127.0.0.1 literal), so no page can reach
 * the internet even if a request escaped the proxy. The fence terminates TLS with test-only
 * certificates: `--ignore-certificate-errors` accepts them in every tab from its first request
 * (Playwright's `ignoreHTTPSErrors` reaches a tab the browser opens itself, on a middle click, only
 * after its navigation started: that navigation then met a certificate error, and Chromium's
 * captive-portal probe went to the fence instead of the Payment Link).
 */
export const CHROMIUM_ARGS = [
  ...LAUNCH_ARGS,
  '--ignore-certificate-errors',
  // Chromium's own requests go through the profile's fence too, and count as off-site there: a page
  // with a form field makes it ask content-autofill.googleapis.com for field predictions (seen with
  // examples/decorate-url's e-mail field), which --disable-background-networking does not stop.
  '--disable-features=AutofillServerCommunication',
  '--host-resolver-rules=MAP shop.test 127.0.0.1, MAP *.shop.test 127.0.0.1, MAP *.vercel.app 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

/** CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own download. */
function find(): Found {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    return existsSync(fromEnv) ? { executable: fromEnv } : { reason: `CHROMIUM_PATH=${fromEnv} does not exist` };
  }
  if (existsSync('/usr/bin/chromium')) return { executable: '/usr/bin/chromium' };
  let downloaded: string | undefined;
  try {
    downloaded = chromium.executablePath();
  } catch {
    // No Playwright browser registry entry: nothing downloaded.
  }
  if (downloaded && existsSync(downloaded)) return { executable: downloaded };
  return {
    reason: 'no Chromium: set CHROMIUM_PATH, or install Debian\'s "chromium" package (/usr/bin/chromium)',
  };
}

/**
 * A Playwright browser context with its first page, whose every request goes through its own network
 * fence (fence.ts) as the context's proxy: the fence forwards the suite's hosts to 127.0.0.1, answers
 * https://buy.stripe.com/** with the stand-in and records it, and refuses and records anything else.
 * One fence per profile, as in Firefox and WebKit, so a request is always put down to the profile that
 * made it, whoever made it in the profile: a tab the browser opened itself (middle click), a subframe,
 * a worker, a tab that is closing. (Chromium sends localhost and 127.0.0.1 directly: loopback.)
 */
export class ChromiumSession implements Session {
  private readonly pageErrors: string[] = [];

  private constructor(
    /** The Playwright context, for Chromium-only tests. */
    readonly context: BrowserContext,
    /** The first page, for Chromium-only tests (e.g. `page.clock`). */
    readonly page: Page,
    private readonly fence: Fence,
  ) {}

  static async open(browser: PlaywrightBrowser, options: SessionOptions = {}): Promise<ChromiumSession> {
    const fence = await startFence({ initScript: options.initScript });
    let context: BrowserContext | undefined;
    try {
      context = await browser.newContext({
        ignoreHTTPSErrors: true,
        proxy: { server: `http://127.0.0.1:${fence.port}` },
      });
      return ChromiumSession.watch(context, await context.newPage(), fence);
    } catch (error) {
      await context?.close();
      await fence.close();
      throw error;
    }
  }

  /** The session, with the errors of its first tab and of every tab it opens recorded. */
  private static watch(context: BrowserContext, page: Page, fence: Fence): ChromiumSession {
    const session = new ChromiumSession(context, page, fence);
    const watch = (tab: Page) => {
      tab.on('pageerror', (error) => session.pageErrors.push(`uncaught: ${error.message}`));
      tab.on('console', (message) => {
        if (message.type() !== 'error') return;
        // Chromium reports the fence's refusal of an off-site request (a 403) as a console error of the
        // page that asked: that request is listed as off-site already (and fails the test there), so
        // it is not a page error too. Only that message for that very URL (less its fragment, which is
        // never sent) is set aside.
        const refused =
          message.text() === 'Failed to load resource: the server responded with a status of 403 (Forbidden)' &&
          fence.traffic.offsite.includes(message.location().url.replace(/#.*/, ''));
        if (!refused) session.pageErrors.push(`console.error: ${message.text()}`);
      });
    };
    watch(page);
    context.on('page', (tab) => {
      if (tab !== page) watch(tab);
    });
    return session;
  }

  async goto(url: string): Promise<void> {
    await this.page.goto(url, { waitUntil: 'load' });
  }

  async reload(): Promise<void> {
    await this.page.reload({ waitUntil: 'load' });
  }

  async url(): Promise<string> {
    return this.page.url();
  }

  evaluate<R, A = undefined>(fn: ((arg: A) => R | Promise<R>) | string, arg?: A): Promise<R> {
    // Playwright's own typing unboxes handles in `arg`; the suite passes plain JSON values only.
    return this.page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg as unknown);
  }

  async click(selector: string, options: { button?: 'left' | 'middle' } = {}): Promise<void> {
    await this.page.click(selector, { button: options.button ?? 'left' });
  }

  async press(selector: string, key: 'Enter' | 'Escape'): Promise<void> {
    await this.page.press(selector, key);
  }

  async moveMouse(x: number, y: number): Promise<void> {
    await this.page.mouse.move(x, y);
  }

  /** Every cookie of the profile, once the jar agrees with the first tab (jar.ts). */
  cookies(): Promise<Cookie[]> {
    return agreedJar(
      () => this.jar(),
      () => this.page.evaluate(readPageCookies),
    );
  }

  private async jar(): Promise<Cookie[]> {
    return (await this.context.cookies()).map((cookie) => ({
      name: cookie.name,
      value: cookie.value,
      domain: cookie.domain.replace(/^\./, ''),
      hostOnly: !cookie.domain.startsWith('.'),
      path: cookie.path,
      expires: cookie.expires,
      sameSite: cookie.sameSite,
      secure: cookie.secure,
      httpOnly: cookie.httpOnly,
    }));
  }

  async clearCookies(): Promise<void> {
    await this.context.clearCookies();
  }

  async stripeRequests(): Promise<string[]> {
    return [...this.fence.traffic.stripe];
  }

  async offsiteRequests(): Promise<string[]> {
    return [...this.fence.traffic.offsite];
  }

  async errors(): Promise<string[]> {
    return [...this.pageErrors];
  }

  async close(): Promise<void> {
    try {
      await this.context.close();
    } finally {
      await this.fence.close();
    }
  }
}

export const chromiumEngine: Engine = {
  name: 'chromium',
  find,
  async launch(executable: string): Promise<Browser> {
    const browser = await chromium.launch({ executablePath: executable, args: CHROMIUM_ARGS });
    return {
      version: `Chromium ${browser.version()}`,
      newSession: (options) => ChromiumSession.open(browser, options),
      close: () => browser.close(),
    };
  },
};
