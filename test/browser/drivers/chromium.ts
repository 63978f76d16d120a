/**
 * Chromium through playwright-core: Debian's `chromium` (or CHROMIUM_PATH, or Playwright's own
 * download). The only file of the suite that uses Playwright, apart from tests marked Chromium-only.
 */
import { existsSync } from 'node:fs';
import { type BrowserContext, chromium, type Page, type Browser as PlaywrightBrowser } from 'playwright-core';
import { LAUNCH_ARGS } from '../../../bench/chromium.mjs';
import {
  type Browser,
  type Cookie,
  type Engine,
  type Found,
  isLoopbackHost,
  isStripeUrl,
  type Session,
  STRIPE_STAND_IN,
} from './types.js';

/**
 * Launch flags. Host mapping: shop.test and every *.shop.test name (and *.vercel.app, a public suffix, for the
 * host-only cookie check) resolves to the loopback server, and every other name fails to resolve
 * (except localhost and the 127.0.0.1 literal), so no page can reach the internet even if a request
 * escaped interception. buy.stripe.com is answered by {@link interceptNetwork}.
 */
export const CHROMIUM_ARGS = [
  ...LAUNCH_ARGS,
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

/** Requests intercepted in the browser, by profile (CDP browserContextId). */
interface Traffic {
  stripe: string[];
  offsite: string[];
}

/**
 * Intercepts every network request of the browser at the browser target (CDP `Fetch` on the browser
 * session), not per page with `context.route()`: a tab the browser opens by itself (middle click,
 * Ctrl+click) starts its navigation before Playwright attaches to it, so `context.route()` never sees
 * it. Loopback requests go on; https://buy.stripe.com/** is answered by a stand-in page and recorded;
 * anything else fails (net::ERR_BLOCKED_BY_CLIENT) and is recorded. Each request is put down to its
 * profile through the target of its frame.
 */
async function interceptNetwork(browser: PlaywrightBrowser): Promise<Map<string, Traffic>> {
  const traffic = new Map<string, Traffic>();
  const cdp = await browser.newBrowserCDPSession();
  const profileOf = async (frameId: string | undefined): Promise<Traffic[]> => {
    const info = frameId
      ? await cdp.send('Target.getTargetInfo', { targetId: frameId }).catch(() => undefined)
      : undefined;
    const own = info?.targetInfo.browserContextId && traffic.get(info.targetInfo.browserContextId);
    if (own) return [own];
    // No known tab (a subframe, a tab closing, the browser itself): if only one profile is open it is
    // that one's; with several open (concurrent tests) it is nobody's rather than the wrong one's. The
    // request fails all the same.
    return traffic.size === 1 ? [...traffic.values()] : [];
  };
  cdp.on('Fetch.requestPaused', async (event) => {
    const { requestId } = event;
    try {
      const url = new URL(event.request.url);
      if (isLoopbackHost(url.hostname)) {
        await cdp.send('Fetch.continueRequest', { requestId });
        return;
      }
      const profiles = await profileOf(event.frameId);
      if (isStripeUrl(url)) {
        // Record what a buyer's navigation asked Stripe for (not the stand-in's own favicon).
        const navigation = event.resourceType === 'Document';
        if (navigation) for (const profile of profiles) profile.stripe.push(url.href);
        await cdp.send('Fetch.fulfillRequest', {
          requestId,
          responseCode: navigation ? 200 : 404,
          responseHeaders: [{ name: 'content-type', value: 'text/html; charset=utf-8' }],
          body: Buffer.from(STRIPE_STAND_IN).toString('base64'),
        });
        return;
      }
      for (const profile of profiles) profile.offsite.push(url.href);
      await cdp.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' });
    } catch {
      // The browser or the tab closed meanwhile: nothing left to answer.
    }
  });
  await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*' }] });
  return traffic;
}

/** A Playwright browser context with its first page. */
export class ChromiumSession implements Session {
  private readonly pageErrors: string[] = [];

  private constructor(
    /** The Playwright context, for Chromium-only tests. */
    readonly context: BrowserContext,
    /** The first page, for Chromium-only tests (e.g. `page.clock`). */
    readonly page: Page,
    private readonly traffic: Traffic,
    private readonly forget: () => void,
  ) {}

  static async open(browser: PlaywrightBrowser, traffic: Map<string, Traffic>): Promise<ChromiumSession> {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const { targetInfo } = await cdp.send('Target.getTargetInfo');
    await cdp.detach();
    const id = targetInfo.browserContextId!;
    const own: Traffic = { stripe: [], offsite: [] };
    traffic.set(id, own);
    const session = new ChromiumSession(context, page, own, () => traffic.delete(id));
    const watch = (tab: Page) => {
      tab.on('pageerror', (error) => session.pageErrors.push(`uncaught: ${error.message}`));
      tab.on('console', (message) => {
        if (message.type() === 'error') session.pageErrors.push(`console.error: ${message.text()}`);
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

  /**
   * Waits until what the profile's pages wrote to document.cookie has reached the browser's cookie
   * store. A page sends its cookie writes there without waiting for them, so the jar can lag behind the
   * page (seen under load: the cookie setConsent(false) had just deleted still listed); a read of
   * document.cookie goes down the same channel and is answered after them. The read is made in an
   * isolated world, where a page script that wraps document.cookie (the harness's watch-storage) does
   * not see it.
   */
  private async flushCookieWrites(): Promise<void> {
    await Promise.all(
      this.context.pages().map(async (page) => {
        const cdp = await this.context.newCDPSession(page).catch(() => undefined);
        if (!cdp) return;
        try {
          const { frameTree } = await cdp.send('Page.getFrameTree');
          const { executionContextId } = await cdp.send('Page.createIsolatedWorld', {
            frameId: frameTree.frame.id,
            worldName: 'engagetrack-cookie-flush',
          });
          await cdp.send('Runtime.evaluate', { expression: 'void document.cookie', contextId: executionContextId });
        } catch {
          // The tab is navigating or closing: nothing to wait for.
        } finally {
          await cdp.detach().catch(() => undefined);
        }
      }),
    );
  }

  async cookies(): Promise<Cookie[]> {
    await this.flushCookieWrites();
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
    return [...this.traffic.stripe];
  }

  async offsiteRequests(): Promise<string[]> {
    return [...this.traffic.offsite];
  }

  async errors(): Promise<string[]> {
    return [...this.pageErrors];
  }

  async close(): Promise<void> {
    this.forget();
    await this.context.close();
  }
}

export const chromiumEngine: Engine = {
  name: 'chromium',
  find,
  async launch(executable: string): Promise<Browser> {
    const browser = await chromium.launch({ executablePath: executable, args: CHROMIUM_ARGS });
    const traffic = await interceptNetwork(browser);
    return {
      version: `Chromium ${browser.version()}`,
      newSession: () => ChromiumSession.open(browser, traffic),
      close: () => browser.close(),
    };
  },
};
