/**
 * Firefox through puppeteer-core over WebDriver BiDi (no geckodriver): Debian's `firefox-esr` (or
 * FIREFOX_PATH). Each session is a BiDi user context (a puppeteer browser context): its own cookies,
 * storage and tabs, and its own network fence (fence.ts) set as the user context's proxy, so every
 * request of every tab of the profile (a tab the browser opens itself on a middle click too) goes
 * through a fence that knows whose it is. The browser-wide proxy preferences point at one more fence, for
 * the browser's own background requests: nothing resolves a name by DNS or leaves the machine.
 */
import { existsSync } from 'node:fs';
import puppeteer, { type BrowserContext, type Page, type Browser as PuppeteerBrowser } from 'puppeteer-core';
import { type Fence, startFence } from './fence.js';
import { agreedJar, readPageCookies } from './jar.js';
import type { Browser, Cookie, Engine, Found, Session, SessionOptions } from './types.js';

/** FIREFOX_PATH, else Debian's /usr/bin/firefox-esr. */
function find(): Found {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) {
    return existsSync(fromEnv) ? { executable: fromEnv } : { reason: `FIREFOX_PATH=${fromEnv} does not exist` };
  }
  if (existsSync('/usr/bin/firefox-esr')) return { executable: '/usr/bin/firefox-esr' };
  return { reason: 'no Firefox: set FIREFOX_PATH, or install Debian\'s "firefox-esr" package (/usr/bin/firefox-esr)' };
}

/**
 * Preferences on top of puppeteer's defaults. The proxy ones send every request of the browser,
 * localhost included, to `fencePort` (each session's user context overrides it with its own fence);
 * the others keep Firefox from upgrading the suite's http pages to https and from calling home.
 */
export function firefoxPreferences(fencePort: number): Record<string, unknown> {
  return {
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': fencePort,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': fencePort,
    'network.proxy.no_proxies_on': '',
    'network.proxy.allow_hijacking_localhost': true,
    'network.proxy.share_proxy_settings': false,
    'network.dns.disablePrefetch': true,
    'network.predictor.enabled': false,
    'network.prefetch-next': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'dom.security.https_first': false,
    'dom.security.https_first_pbm': false,
    'dom.security.https_first_schemeless': false,
    'dom.security.https_only_mode': false,
    'browser.fixup.alternate.enabled': false,
    'browser.region.network.url': '',
    'browser.safebrowsing.provider.mozilla.updateURL': '',
    'toolkit.telemetry.enabled': false,
    'toolkit.telemetry.server': '',
  };
}

/**
 * The first tab of a new user context. Firefox now and then discards a tab it is creating while other
 * contexts open and close (BiDi `browsingContext.create`: "no such frame"): try again.
 */
async function newPage(context: BrowserContext): Promise<Page> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await context.newPage();
    } catch (error) {
      if (attempt === 3 || !/no such frame/i.test(String(error))) throw error;
    }
  }
}

/** A BiDi user context with its first tab and its own fence. */
export class FirefoxSession implements Session {
  private readonly pageErrors: string[] = [];

  private constructor(
    /** The puppeteer browser context, for Firefox-only tests. */
    readonly context: BrowserContext,
    /** The first tab. */
    readonly page: Page,
    private readonly fence: Fence,
  ) {}

  static async open(browser: PuppeteerBrowser, options: SessionOptions = {}): Promise<FirefoxSession> {
    const fence = await startFence({ initScript: options.initScript });
    try {
      const context = await browser.createBrowserContext({ proxyServer: `127.0.0.1:${fence.port}` });
      const page = await newPage(context);
      const session = new FirefoxSession(context, page, fence);
      const watch = (tab: Page) => {
        // puppeteer's 'pageerror' is every error-level BiDi `javascript` log entry: uncaught exceptions, and
        // the errors Firefox itself reports for the page (e.g. a cookie it rejected).
        tab.on('pageerror', (error) => session.pageErrors.push(`error: ${(error as Error).message ?? error}`));
        tab.on('console', (message) => {
          if (message.type() === 'error') session.pageErrors.push(`console.error: ${message.text()}`);
        });
      };
      watch(page);
      context.on('targetcreated', async (target) => {
        const tab = await target.page().catch(() => null);
        if (tab && tab !== page) watch(tab);
      });
      return session;
    } catch (error) {
      await fence.close();
      throw error;
    }
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
    if (typeof fn === 'string') return this.page.evaluate(fn) as Promise<R>;
    return this.page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg as unknown) as Promise<R>;
  }

  async click(selector: string, options: { button?: 'left' | 'middle' } = {}): Promise<void> {
    await this.page.click(selector, { button: options.button ?? 'left' });
  }

  async press(selector: string, key: 'Enter' | 'Escape'): Promise<void> {
    await this.page.focus(selector);
    await this.page.keyboard.press(key);
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
      sameSite: cookie.sameSite === 'Default' ? undefined : cookie.sameSite,
      secure: cookie.secure,
      httpOnly: Boolean(cookie.httpOnly),
    }));
  }

  async clearCookies(): Promise<void> {
    // Each cookie of the user context set again, expired (BiDi storage.setCookie on the user context).
    await this.context.deleteCookie(...(await this.context.cookies()));
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

export const firefoxEngine: Engine = {
  name: 'firefox',
  find,
  async launch(executable: string): Promise<Browser> {
    const fence = await startFence();
    let browser: PuppeteerBrowser;
    try {
      browser = await puppeteer.launch({
        browser: 'firefox',
        executablePath: executable,
        headless: true,
        acceptInsecureCerts: true,
        extraPrefsFirefox: firefoxPreferences(fence.port),
      });
    } catch (error) {
      await fence.close();
      throw error;
    }
    const version = (await browser.version()).replace(/^firefox\//i, '');
    return {
      version: `Firefox ${version}`,
      newSession: (options) => FirefoxSession.open(browser, options),
      close: async () => {
        try {
          await browser.close();
        } finally {
          await fence.close();
        }
      },
    };
  },
};
