// Identity in a real browser (SPEC "Identity"): the visitor and session IDs, the cookie as the
// browser keeps it on real domains, persistence, and what happens when a store is lost or blocked.
import { describe, expect } from 'vitest';
import { ID, STORE_KEY, sdkIds, settle, stores } from './helpers.js';
import type { Harness } from './server.js';
import { describeInBrowsers, it } from './setup.js';

const YEAR_S = 365 * 24 * 3600;

describeInBrowsers('identity', (t) => {
  it('gives a new browser a visitor and a session ID of 32 hex digits, different for another browser', async () => {
    const first = await t.open();
    await first.goto(t.server.page());
    const [visitor, session] = await sdkIds(first);
    expect(visitor).toMatch(ID);
    expect(session).toMatch(ID);
    expect(session).not.toBe(visitor);
    const second = await t.open();
    await second.goto(t.server.page());
    const [otherVisitor, otherSession] = await sdkIds(second);
    expect(otherVisitor).toMatch(ID);
    expect(otherVisitor).not.toBe(visitor);
    expect(otherSession).not.toBe(session);
  });

  it('shares one visitor and session between www.shop.test and app.shop.test', async () => {
    const session = await t.open();
    await session.goto(t.server.page({}, { host: 'www.shop.test' }));
    const onWww = await sdkIds(session);
    await session.goto(t.server.page({}, { host: 'app.shop.test' }));
    expect(await session.evaluate(() => location.hostname)).toBe('app.shop.test');
    expect(await sdkIds(session)).toEqual(onWww);
    // One cookie, on the parent domain: no host-only copy and no leftover from finding the domain.
    const { cookies } = await stores(session);
    expect(cookies.map((cookie) => [cookie.domain, cookie.hostOnly])).toEqual([['shop.test', false]]);
  });

  it('keeps one cookie on shop.test: path=/, 365 days, SameSite=Lax, not Secure on http; localStorage holds the same record', async () => {
    const session = await t.open();
    await session.goto(t.server.page());
    const [visitor, sessionId] = await sdkIds(session);
    const now = Date.now() / 1000;
    const { cookies, cookie, local } = await stores(session);
    expect(cookies).toHaveLength(1);
    expect(cookie).toMatchObject({ domain: 'shop.test', hostOnly: false, path: '/', sameSite: 'Lax', secure: false });
    expect(cookie!.expires).toBeGreaterThan(now + YEAR_S - 120);
    expect(cookie!.expires).toBeLessThan(now + YEAR_S + 120);
    const fields = cookie!.value.split('.');
    expect(fields.slice(0, 2)).toEqual([visitor, sessionId]);
    // `<visitor>.<session>.<start>.<last activity>[.utm×5]`: no UTMs in this landing URL.
    expect([4, 9]).toContain(fields.length);
    expect(fields.slice(4).filter(Boolean)).toEqual([]);
    expect(Number(fields[3])).toBeGreaterThanOrEqual(Number(fields[2]));
    expect(Math.abs(Number(fields[3]) / 1000 - now)).toBeLessThan(120);
    expect(local).toBe(cookie!.value);
    // The page sees it too (not HttpOnly), under the documented name.
    expect(await session.evaluate((key) => document.cookie.includes(`${key}=`), STORE_KEY)).toBe(true);
  });

  it('marks the cookie Secure on https (and still on shop.test, SameSite=Lax)', async () => {
    const session = await t.open({ https: true });
    await session.goto(t.server.page({}, { https: true }));
    expect(await session.evaluate(() => location.protocol)).toBe('https:');
    const [visitor] = await sdkIds(session);
    const { cookies } = await stores(session);
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ domain: 'shop.test', path: '/', sameSite: 'Lax', secure: true });
    expect(cookies[0].value.startsWith(`${visitor}.`)).toBe(true);
  });

  it('keeps the visitor and session across a reload', async () => {
    const session = await t.open();
    await session.goto(t.server.page());
    const before = await sdkIds(session);
    await session.reload();
    expect(await sdkIds(session)).toEqual(before);
  });

  it('keeps the visitor when only the cookies are cleared, and writes the cookie back', async () => {
    const session = await t.open();
    await session.goto(t.server.page());
    const before = await sdkIds(session);
    await session.clearCookies();
    expect((await stores(session)).cookie).toBeUndefined();
    await session.reload();
    expect(await sdkIds(session)).toEqual(before);
    const { cookie } = await stores(session);
    expect(cookie?.domain).toBe('shop.test');
    expect(cookie?.value.startsWith(`${before[0]}.${before[1]}.`)).toBe(true);
  });

  it('keeps the visitor when only localStorage is cleared, and writes it back', async () => {
    const session = await t.open();
    await session.goto(t.server.page());
    const before = await sdkIds(session);
    await session.evaluate(() => localStorage.clear());
    await session.reload();
    expect(await sdkIds(session)).toEqual(before);
    expect((await stores(session)).local?.startsWith(`${before[0]}.${before[1]}.`)).toBe(true);
  });

  it('starts a new visitor when both stores are cleared', async () => {
    const session = await t.open();
    await session.goto(t.server.page());
    const [visitor] = await sdkIds(session);
    await session.clearCookies();
    await session.evaluate(() => localStorage.clear());
    await session.reload();
    const [after] = await sdkIds(session);
    expect(after).toMatch(ID);
    expect(after).not.toBe(visitor);
  });

  it('lets the cookie win when the stores disagree, and repairs localStorage', async () => {
    const session = await t.open();
    await session.goto(t.server.page());
    const [visitor] = await sdkIds(session);
    const other = `${'a'.repeat(32)}.${'b'.repeat(32)}.${Date.now()}.${Date.now()}`;
    await session.evaluate(([key, value]) => localStorage.setItem(key, value), [STORE_KEY, other] as const);
    await session.reload();
    expect((await sdkIds(session))[0]).toBe(visitor);
    expect((await stores(session)).local?.startsWith(`${visitor}.`)).toBe(true);
  });

  it('ignores and replaces a stored value that is not a valid ID', async () => {
    const session = await t.open();
    await session.goto(t.server.page({ body: 'empty' }));
    await session.evaluate(
      ([key, value]) => {
        localStorage.setItem(key, value);
        document.cookie = `${key}=${value};path=/`;
      },
      [STORE_KEY, '<script>.x.1.2'] as const,
    );
    await session.goto(t.server.page());
    const [visitor] = await sdkIds(session);
    expect(visitor).toMatch(ID);
    const { cookies, local } = await stores(session);
    expect(local?.startsWith(`${visitor}.`)).toBe(true);
    // Both cookies replaced: the invalid host-only one is gone, the new one is on the parent domain.
    expect(cookies.map((cookie) => [cookie.domain, cookie.hostOnly, cookie.value.split('.')[0]])).toEqual([
      ['shop.test', false, visitor],
    ]);
  });

  describe('cookie domain', () => {
    it('data-cookie-domain="host": a host-only cookie, so app.shop.test has its own visitor', async () => {
      const session = await t.open();
      await session.goto(t.server.page({ data: { 'cookie-domain': 'host' } }));
      const [visitor] = await sdkIds(session);
      expect((await stores(session)).cookies.map((cookie) => [cookie.domain, cookie.hostOnly])).toEqual([
        ['www.shop.test', true],
      ]);
      await session.goto(t.server.page({ data: { 'cookie-domain': 'host' } }, { host: 'app.shop.test' }));
      const [other] = await sdkIds(session);
      expect(other).toMatch(ID);
      expect(other).not.toBe(visitor);
    });

    it('on a host under a public suffix (shop-a.vercel.app) the cookie stays host-only', async () => {
      // The SDK finds the cookie domain by trying: on vercel.app, a public suffix, the browser refuses
      // the try, and Firefox logs that refusal as a console error (README, Limitations). That message,
      // and only that one, is expected here.
      t.allowPageErrors();
      // vercel.app is HSTS-preloaded: https only.
      const session = await t.open({ https: true });
      await session.goto(t.server.page({}, { host: 'shop-a.vercel.app', https: true }));
      const [visitor] = await sdkIds(session);
      const { cookies } = await stores(session);
      expect(cookies.map((cookie) => [cookie.domain, cookie.hostOnly])).toEqual([['shop-a.vercel.app', true]]);
      expect(cookies[0].value.startsWith(`${visitor}.`)).toBe(true);
      // Another site on the same public suffix does not see it.
      await session.goto(t.server.page({}, { host: 'shop-b.vercel.app', https: true }));
      expect((await sdkIds(session))[0]).not.toBe(visitor);
      for (const error of await session.errors()) expect(error).toMatch(/cookie.*rejected.*invalid domain/i);
    });

    it('on an IP address (http://127.0.0.1) the cookie is host-only, with no parent domain tried', async () => {
      // An IP address has no parent domain. A cookie tried on "0.1" is refused by Chromium, refused with a
      // console error by Firefox, and taken by WebKitGTK (on ".0.1", not host-only).
      const session = await t.open();
      await session.goto(t.server.page({}, { host: '127.0.0.1' }));
      const [visitor] = await sdkIds(session);
      const { cookies } = await stores(session);
      expect(cookies.map((cookie) => [cookie.domain, cookie.hostOnly])).toEqual([['127.0.0.1', true]]);
      expect(cookies[0].value.startsWith(`${visitor}.`)).toBe(true);
    });

    it('on a.b.shop.test the cookie goes on the highest parent the browser accepts: shop.test', async () => {
      const session = await t.open();
      await session.goto(t.server.page({}, { host: 'eu.app.shop.test' }));
      const [visitor] = await sdkIds(session);
      expect((await stores(session)).cookies.map((cookie) => [cookie.domain, cookie.hostOnly])).toEqual([
        ['shop.test', false],
      ]);
      await session.goto(t.server.page());
      expect((await sdkIds(session))[0]).toBe(visitor);
    });

    it('on the apex shop.test the cookie goes on shop.test itself, so the apex and www.shop.test share one visitor', async () => {
      const session = await t.open();
      await session.goto(t.server.page({}, { host: 'shop.test' }));
      const [visitor] = await sdkIds(session);
      expect((await stores(session)).cookies.map((cookie) => [cookie.domain, cookie.hostOnly])).toEqual([
        ['shop.test', false],
      ]);
      await session.goto(t.server.page({}, { host: 'www.shop.test' }));
      expect((await sdkIds(session))[0]).toBe(visitor);
      await session.goto(t.server.page({}, { host: 'shop.test' }));
      expect((await sdkIds(session))[0]).toBe(visitor);
      expect((await stores(session)).cookies).toHaveLength(1);
    });
  });

  describe('when storage is blocked or failing', () => {
    const cases: { harness: Harness[]; survivesReload: boolean; cookie: boolean; local: boolean }[] = [
      { harness: ['block-cookie'], survivesReload: true, cookie: false, local: true },
      { harness: ['block-storage'], survivesReload: true, cookie: true, local: false },
      { harness: ['full-storage'], survivesReload: true, cookie: true, local: false },
      { harness: ['block-cookie', 'block-storage'], survivesReload: false, cookie: false, local: false },
    ];

    for (const { harness, survivesReload, cookie, local } of cases) {
      it(`${harness.join(' + ')}: valid IDs, stable for the page, links decorated, no error`, async () => {
        const session = await t.open();
        await session.goto(t.server.page({ harness }));
        // The harness really blocks what it says (a test that cannot fail is no test).
        const blocked = await session.evaluate(() => {
          const fails = (task: () => unknown) => {
            try {
              task();
              return false;
            } catch {
              return true;
            }
          };
          return {
            cookie: fails(() => document.cookie),
            storage: fails(() => localStorage.setItem('probe', '1')),
          };
        });
        expect(blocked).toEqual({
          cookie: harness.includes('block-cookie'),
          storage: harness.includes('block-storage') || harness.includes('full-storage'),
        });
        const [visitor, sessionId] = await sdkIds(session);
        expect(visitor).toMatch(ID);
        expect(sessionId).toMatch(ID);
        // Stable within the page: every call, every link, decorateUrl.
        const seen = await session.evaluate(() => {
          const sdk = window.engagetrack!;
          const calls = Array.from({ length: 5 }, () => `${sdk.getVisitorId()}.${sdk.getSessionId()}`);
          const link = new URL(sdk.decorateUrl('https://buy.stripe.com/test_x'));
          const plain = new URL((document.getElementById('plain') as HTMLAnchorElement).href);
          return {
            calls: [...new Set(calls)],
            decorated: [link.searchParams.get('client_reference_id'), link.searchParams.get('engagetrack_session_id')],
            onPage: [plain.searchParams.get('client_reference_id'), plain.searchParams.get('engagetrack_session_id')],
          };
        });
        expect(seen).toEqual({
          calls: [`${visitor}.${sessionId}`],
          decorated: [visitor, sessionId],
          onPage: [visitor, sessionId],
        });
        await settle(session);
        expect(await sdkIds(session)).toEqual([visitor, sessionId]);
        // The store that works holds the IDs.
        const held = await stores(session);
        expect(held.cookie?.value.startsWith(`${visitor}.`) ?? false).toBe(cookie);
        if (!harness.includes('block-storage')) expect(held.local?.startsWith(`${visitor}.`) ?? false).toBe(local);
        await session.reload();
        const [afterReload] = await sdkIds(session);
        expect(afterReload).toMatch(ID);
        if (survivesReload) expect(afterReload).toBe(visitor);
        expect(await session.evaluate(() => window.__harness.errors)).toEqual([]);
      });
    }
  });
});
