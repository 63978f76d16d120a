// Automatic mode on real pages (issue 13): two copies of the SDK on one page, pasted links,
// EngageTrack's own tracker, Stripe's components upgraded before DOMContentLoaded, and a visitor who
// keeps clicking through a single-page app. Every test waits for a condition (loaded, decorated,
// upgraded); "nothing happens while idle" is two hours of the page's fake clock, every timer due in them fired.
import { describe, expect } from 'vitest';
import type { Session } from './drivers/index.js';
import { hrefOf, ID, MINUTE, nextStripeRequest, params, STORE_KEY, sdkIds, stores, waitUntil } from './helpers.js';
import { describeInBrowsers, it, itOn } from './setup.js';

/** Waits until the page has loaded and `selector`'s href carries engagetrack_session_id. */
async function loadedAndDecorated(session: Session, selector = '#plain'): Promise<void> {
  await waitUntil(
    session,
    (css) =>
      document.readyState === 'complete' &&
      (document.querySelector(css)?.getAttribute('href') ?? '').includes('engagetrack_session_id='),
    selector,
  );
}

/** Two hours, in ms: longer than a session's idle timeout, so a timer the SDK might keep would be due. */
const TWO_HOURS = 120 * MINUTE;

/**
 * What the page does while idle for two hours of its fake clock (the `timers` harness: every timer due
 * in that time fires, in order): the storage accesses the harness saw (watch-storage) and the DOM
 * mutations of the whole document. A timer the test sets for an hour later must have fired, or the
 * clock did not really move.
 */
function idleTwoHours(session: Session): Promise<{ accesses: string[]; mutations: number; probeFired: boolean }> {
  return session.evaluate(async (ms) => {
    const page = window as unknown as { __clock: { tickAsync(ms: number): Promise<number> } };
    const from = window.__harness.access.length;
    let mutations = 0;
    const observer = new MutationObserver((records) => {
      mutations += records.length;
    });
    observer.observe(document, { attributes: true, childList: true, subtree: true, characterData: true });
    let probeFired = false;
    setTimeout(() => {
      probeFired = true;
    }, ms / 2);
    await page.__clock.tickAsync(ms);
    mutations += observer.takeRecords().length;
    observer.disconnect();
    return { accesses: window.__harness.access.slice(from), mutations, probeFired };
  }, TWO_HOURS);
}

/** Idle: no storage access, no mutation, and the clock really moved. */
const IDLE = { accesses: [], mutations: 0, probeFired: true };

/** The IDs `window.engagetrack` reports, and those of the npm module the app imported (`window.app`). */
function appIds(session: Session): Promise<[string, string]> {
  return session.evaluate(() => {
    const app = (window as unknown as { app: { getVisitorId(): string; getSessionId(): string } }).app;
    return [app.getVisitorId(), app.getSessionId()] as [string, string];
  });
}

describeInBrowsers('automatic mode on real pages', (t) => {
  describe('nothing is written while the page is idle', () => {
    it('the default script tag: decorated, then two idle hours without a storage access or a DOM change', async () => {
      const session = await t.open();
      await session.goto(t.server.page({ harness: ['watch-storage', 'timers'] }));
      await loadedAndDecorated(session);
      expect(await idleTwoHours(session)).toEqual(IDLE);
    });

    it('the npm module started with init(): decorated, then two idle hours without a storage access or a DOM change', async () => {
      const session = await t.open();
      await session.goto(t.server.page({ load: 'esm', harness: ['watch-storage', 'timers'] }));
      await waitUntil(session, () => typeof window.sdk?.init === 'function');
      await session.evaluate(() => {
        window.sdk.init();
      });
      await loadedAndDecorated(session);
      expect(await idleTwoHours(session)).toEqual(IDLE);
    });
  });

  describe('one SDK per page', () => {
    it('script tag first, then an app that imports the module and calls init(): the page loads, settles and stays idle', async () => {
      const session = await t.open();
      await session.goto(
        t.server.page({
          body: 'copies-tag-first',
          harness: ['watch-storage', 'timers'],
          data: { 'overwrite-reference': 'true', 'reference-format': 'visitor+session' },
        }),
      );
      await loadedAndDecorated(session);
      await waitUntil(session, () => 'app' in window);
      const [visitor, sessionId] = await sdkIds(session);
      expect(visitor).toMatch(ID);
      expect(await appIds(session)).toEqual([visitor, sessionId]);
      // The tag started first: its reference format is the page's.
      expect(params((await hrefOf(session, '#plain'))!)).toEqual({
        client_reference_id: `${visitor}_${sessionId}`,
        prefilled_email: '',
        engagetrack_session_id: sessionId,
      });
      expect(
        await session.evaluate(() => document.getElementById('pricing-table')!.getAttribute('client-reference-id')),
      ).toBe(`${visitor}_${sessionId}`);
      expect(await idleTwoHours(session)).toEqual(IDLE);
    });

    it('the module first, then a deferred script tag: the tag joins it and window.engagetrack reports its IDs', async () => {
      const session = await t.open();
      await session.goto(
        t.server.page({ load: 'none', body: 'copies-module-first', harness: ['watch-storage', 'timers'] }),
      );
      await loadedAndDecorated(session);
      await waitUntil(session, () => typeof window.engagetrack?.getVisitorId === 'function');
      const [visitor, sessionId] = await sdkIds(session);
      expect(await appIds(session)).toEqual([visitor, sessionId]);
      // The module started first, without a reference format: the tag's came later and changed nothing.
      expect(params((await hrefOf(session, '#query'))!)).toEqual({
        locale: 'fr',
        client_reference_id: visitor,
        prefilled_email: '',
        engagetrack_session_id: sessionId,
      });
      expect(await idleTwoHours(session)).toEqual(IDLE);
    });

    it('an app requiring consent that starts before a default script tag: nothing is stored until it consents', async () => {
      const session = await t.open();
      await session.goto(
        t.server.page({ load: 'none', body: 'copies-consent-first', harness: ['watch-storage', 'timers'] }),
      );
      await loadedAndDecorated(session);
      await waitUntil(session, () => typeof window.engagetrack?.getVisitorId === 'function');
      const [visitor] = await sdkIds(session);
      expect(params((await hrefOf(session, '#plain'))!).client_reference_id).toBe(visitor);
      expect(
        await session.evaluate(() => document.getElementById('buy-button')!.getAttribute('client-reference-id')),
      ).toBe(visitor);
      expect(await idleTwoHours(session)).toEqual(IDLE);
      expect(await session.evaluate(() => window.__harness.access)).toEqual([]);
      expect(await stores(session)).toMatchObject({ cookies: [], local: null });
      // The app's consent reaches the page's one SDK: the IDs on the links are stored.
      await session.evaluate(() =>
        (window as unknown as { app: { setConsent(granted: boolean): void } }).app.setConsent(true),
      );
      const { cookie, local } = await stores(session);
      expect(cookie?.value.split('.')[0]).toBe(visitor);
      expect(local?.split('.')[0]).toBe(visitor);
    });

    it('a default script tag first, then an app that requires consent: what the tag stored is deleted, nothing more is stored, the page stays idle', async () => {
      const session = await t.open();
      await session.goto(t.server.page({ body: 'copies-consent-later', harness: ['watch-storage', 'timers'] }));
      await loadedAndDecorated(session);
      await waitUntil(session, () => 'app' in window);
      const [visitor] = await sdkIds(session);
      expect(
        await session.evaluate(() => (window as unknown as { app: { getVisitorId(): string } }).app.getVisitorId()),
      ).toBe(visitor);
      expect(params((await hrefOf(session, '#plain'))!).client_reference_id).toBe(visitor);
      expect(await stores(session)).toMatchObject({ cookies: [], local: null });
      expect(await idleTwoHours(session)).toEqual(IDLE);
    });
  });

  it('a link pasted from the merchant’s own browser gets this visitor; the merchant’s own user_42 stays', async () => {
    const session = await t.open();
    await session.goto(t.server.page({ body: 'pasted' }));
    await loadedAndDecorated(session, '#pasted');
    const [visitor, sessionId] = await sdkIds(session);
    expect(params((await hrefOf(session, '#pasted'))!)).toEqual({
      client_reference_id: visitor,
      prefilled_email: '',
      engagetrack_session_id: sessionId,
    });
    expect(params((await hrefOf(session, '#pasted-joined'))!).client_reference_id).toBe(visitor);
    expect(params((await hrefOf(session, '#merchant'))!)).toEqual({
      client_reference_id: 'user_42',
      prefilled_email: '',
      engagetrack_session_id: sessionId,
    });
    await session.click('#pasted');
    expect(params(await nextStripeRequest(session))).toMatchObject({
      client_reference_id: visitor,
      engagetrack_session_id: sessionId,
    });
  });

  it("EngageTrack's tracker on window.engagetrack first: left untouched, its IDs on the links and in the click", async () => {
    const session = await t.open();
    await session.goto(t.server.page({ harness: ['tracker'] }));
    await loadedAndDecorated(session);
    const tracker = await session.evaluate(() => ({
      same: window.engagetrack === (window as unknown as { __tracker: unknown }).__tracker,
      keys: Object.keys(window.engagetrack!),
    }));
    expect(tracker).toEqual({ same: true, keys: ['visitor', 'session', 'getVisitorId', 'getSessionId', 'track'] });
    expect(params((await hrefOf(session, '#plain'))!)).toEqual({
      client_reference_id: 'et-visitor-8f2c41d0',
      prefilled_email: '',
      engagetrack_session_id: 'et-session-1b7e',
    });
    expect(
      await session.evaluate(() => document.getElementById('pricing-table')!.getAttribute('client-reference-id')),
    ).toBe('et-visitor-8f2c41d0');
    // The SDK itself stays reachable under the well-known key.
    expect(
      await session.evaluate(() =>
        (window as unknown as Record<symbol, { getVisitorId(): string }>)[Symbol.for('engagetrack')].getVisitorId(),
      ),
    ).toBe('et-visitor-8f2c41d0');
    // The tracker's session changes: a click leaves with the one it reports then.
    await session.evaluate(() => {
      (window as unknown as { __tracker: { session: string } }).__tracker.session = 'et-session-2c9d';
    });
    await session.click('#plain');
    expect(params(await nextStripeRequest(session))).toEqual({
      client_reference_id: 'et-visitor-8f2c41d0',
      prefilled_email: '',
      engagetrack_session_id: 'et-session-2c9d',
    });
  });

  itOn(
    t.engine,
    ['chromium', 'firefox'],
    'WebKit runs no async script while a slow blocking or deferred script is pending, so the case cannot arise; the synchronous case below runs there',
    'Stripe components carry client-reference-id when an async script upgrades them while a slow blocking script holds DOMContentLoaded',
    async () => {
      const session = await t.open();
      await session.goto(t.server.page({ body: 'async-upgrade' }));
      await loadedAndDecorated(session, '#after');
      const [visitor] = await sdkIds(session);
      const upgrades = await session.evaluate(() => ({
        held: (window as unknown as { __held: string }).__held,
        upgrades: (window as unknown as { __upgrades: unknown }).__upgrades,
      }));
      // The upgrade came first (it released the held script), before DOMContentLoaded.
      const upgraded = { reference: visitor, readyState: 'loading', domContentLoaded: false };
      expect(upgrades).toEqual({
        held: 'released',
        upgrades: { 'stripe-pricing-table': upgraded, 'stripe-buy-button': upgraded },
      });
    },
  );

  it('Stripe components carry client-reference-id when Stripe’s script right after them upgrades them during parsing', async () => {
    const session = await t.open();
    await session.goto(t.server.page({ body: 'sync-upgrade' }));
    await loadedAndDecorated(session, '#after');
    const [visitor] = await sdkIds(session);
    const upgraded = { reference: visitor, readyState: 'loading', domContentLoaded: false };
    expect(await session.evaluate(() => (window as unknown as { __upgrades: unknown }).__upgrades)).toEqual({
      'stripe-pricing-table': upgraded,
      'stripe-buy-button': upgraded,
    });
  });

  it('a visitor who clicks through the page every 20 minutes for 80 minutes keeps one session', async () => {
    const session = await t.open();
    await session.goto(t.server.page({ harness: ['clock'] }));
    const [visitor, first] = await sdkIds(session);
    for (let minute = 20; minute <= 80; minute += 20) {
      const now = await session.evaluate((ms) => window.__advance(ms), 20 * MINUTE);
      await session.click('h1');
      // The click is activity: the stored record's last activity moves to the click's time.
      await waitUntil(
        session,
        ([key, at]) => {
          const record = document.cookie.match(`(?:^|; )${key}=([^;]*)`)?.[1].split('.');
          return record !== undefined && +record[3] >= at;
        },
        [STORE_KEY, now] as const,
      );
    }
    const { cookie } = await stores(session);
    expect(cookie?.value.split('.').slice(0, 2)).toEqual([visitor, first]);
    expect(await sdkIds(session)).toEqual([visitor, first]);
  });
});
