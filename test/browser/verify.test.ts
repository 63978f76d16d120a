// engagetrack/verify on real pages (SPEC "Verify"): a fixture page per problem code, a page that is
// right and a page without the SDK, each report carrying its code and none it should not. What depends
// on the engine (where the visitor is kept, the probe of automatic mode on a page that runs it, shadow
// DOM, parsing order, timing) runs in all three engines; the rules over what the page holds (no SDK,
// automatic mode off, the consent bundle's signals, links' URLs) run once.
import { describe, expect } from 'vitest';
import { MINUTE, sdkIds } from './helpers.js';
import type { PageOptions } from './server.js';
import { describeInBrowsers, it, itOnce } from './setup.js';
import { codesOf, verifyReport } from './verify-helpers.js';

describeInBrowsers('engagetrack/verify: the report of a page', (t) => {
  /** The report of the page served with `options`. */
  async function reportOf(options: PageOptions) {
    const session = await t.open();
    await session.goto(t.server.page(options));
    return { session, report: await verifyReport(session) };
  }

  describe('a page that is right', () => {
    it('is ok: no problem, every element carries the IDs, the visitor is kept in the cookie', async () => {
      const { session, report } = await reportOf({ body: 'verify-ok' });
      const [visitorId, sessionId] = await sdkIds(session);
      expect(report).toMatchObject({ ok: true, visitorId, sessionId, storage: 'cookie', problems: [] });
      expect(report.url).toBe(t.server.page({ body: 'verify-ok' }));
      expect(report.elements.map(({ kind, ok }) => [kind, ok])).toEqual([
        ['link', true],
        ['link', true],
        ['pricing-table', true],
        ['buy-button', true],
      ]);
      expect(report.elements[0].value).toBe(
        `https://buy.stripe.com/test_monthly?client_reference_id=${visitorId}&prefilled_email=&engagetrack_session_id=${sessionId}`,
      );
      // JSON all the way: what the page gave is what JSON gives back.
      expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    });

    it('is left as it was: the probe link is gone, nothing is rewritten, nothing is focused', async () => {
      const session = await t.open();
      await session.goto(t.server.page({ body: 'verify-ok' }));
      const page = () =>
        session.evaluate(() => ({ html: document.body.innerHTML, focused: document.activeElement?.localName }));
      const before = await page();
      await verifyReport(session);
      expect(await page()).toEqual(before);
    });
  });

  describe('where the visitor is kept (storage)', () => {
    itOnce(t.engine, '"none" without an SDK: no-sdk, and nothing else', async () => {
      const { report } = await reportOf({ body: 'verify-ok', load: 'none' });
      expect(report).toMatchObject({ ok: false, visitorId: '', sessionId: '', storage: 'none' });
      expect(codesOf(report)).toEqual(['no-sdk']);
      expect(report.elements.map((element) => element.code)).toEqual(['no-sdk', 'no-sdk', 'no-sdk', 'no-sdk']);
    });

    it('"server-cookie" when the server set engagetrack_vid', async () => {
      const session = await t.open();
      await session.goto(t.server.page({ body: 'empty', load: 'none' }));
      await session.evaluate(() => {
        document.cookie = 'engagetrack_vid=5d1c9e0a4b3f2e1d0c9b8a7f6e5d4c3b;path=/';
      });
      await session.goto(t.server.page({ body: 'verify-ok' }));
      expect(await verifyReport(session)).toMatchObject({
        ok: true,
        visitorId: '5d1c9e0a4b3f2e1d0c9b8a7f6e5d4c3b',
        storage: 'server-cookie',
      });
    });

    it('"localStorage" when cookies are blocked', async () => {
      const { report } = await reportOf({ body: 'verify-ok', harness: ['block-cookie'] });
      expect(report).toMatchObject({ ok: true, storage: 'localStorage', problems: [] });
    });

    it('"memory" while consent is pending: consent-pending (info), still ok', async () => {
      const { report } = await reportOf({ body: 'verify-ok', data: { consent: 'required' } });
      expect(report).toMatchObject({ ok: true, storage: 'memory' });
      expect(report.problems.map(({ code, severity }) => [code, severity])).toEqual([['consent-pending', 'info']]);
    });

    it('"memory" with cookies and localStorage blocked: storage-blocked', async () => {
      const { report } = await reportOf({ body: 'verify-ok', harness: ['block-cookie', 'block-storage'] });
      expect(report).toMatchObject({ ok: true, storage: 'memory' });
      expect(codesOf(report)).toEqual(['storage-blocked']);
    });

    itOnce(t.engine, '"memory" under Global Privacy Control with respectPrivacySignals: privacy-signal', async () => {
      const { report } = await reportOf({
        body: 'verify-ok',
        harness: ['gpc'],
        data: { 'respect-privacy-signals': 'true' },
      });
      expect(report).toMatchObject({ ok: true, storage: 'memory' });
      expect(codesOf(report)).toEqual(['privacy-signal']);
    });

    itOnce(
      t.engine,
      '"memory" under the consent bundle in a browser that sends Global Privacy Control (Brave): consent-pending, no word of the signal',
      async () => {
        const { report } = await reportOf({ body: 'verify-consent', load: 'none', harness: ['gpc'] });
        expect(report).toMatchObject({ ok: true, storage: 'memory' });
        expect(codesOf(report)).toEqual(['consent-pending']);
        expect(report.problems[0].message).not.toMatch(/Privacy Control|Do Not Track/);
      },
    );
  });

  describe('automatic mode (probed with a hidden link)', () => {
    itOnce(t.engine, 'off, the links decorated by hand: automatic-mode-off only', async () => {
      const { report } = await reportOf({ body: 'verify-by-hand', data: { auto: 'false' } });
      expect(codesOf(report)).toEqual(['automatic-mode-off']);
      expect(report.ok).toBe(true);
    });

    itOnce(t.engine, 'off, nothing decorated: automatic-mode-off and not-decorated on every element', async () => {
      const { report } = await reportOf({ body: 'verify-ok', data: { auto: 'false' } });
      expect(codesOf(report)).toEqual(['automatic-mode-off', 'not-decorated']);
      expect(report.problems[1].count).toBe(4);
      expect(report.ok).toBe(false);
    });
  });

  describe('after an idle time longer than the session timeout (harness clock)', () => {
    // The check asks the SDK's getters, which count as activity: it starts the new session itself. The
    // links keep the earlier one until they are clicked: automatic mode refreshes a link then.
    /** The page served with `options`, its session, then 31 minutes later the report. */
    async function reportAfterIdle(options: PageOptions) {
      const session = await t.open();
      await session.goto(t.server.page({ ...options, harness: ['clock'] }));
      const [, before] = await sdkIds(session);
      await session.evaluate((ms) => window.__advance(ms), 31 * MINUTE);
      return { before, report: await verifyReport(session) };
    }

    it('automatic mode on: the links carry the earlier session of this visitor, and that is fine', async () => {
      const { before, report } = await reportAfterIdle({ body: 'verify-ok' });
      expect(report.sessionId).not.toBe(before);
      expect(new URL(report.elements[0].value).searchParams.get('engagetrack_session_id')).toBe(before);
      expect(report).toMatchObject({ ok: true, problems: [] });
    });

    itOnce(
      t.engine,
      'automatic mode off (links decorated by hand): automatic-mode-off on those links, a warning, not stale-ids',
      async () => {
        const { report } = await reportAfterIdle({ body: 'verify-by-hand', data: { auto: 'false' } });
        expect(report.problems.map(({ code, severity }) => [code, severity])).toEqual([
          ['automatic-mode-off', 'warning'],
        ]);
        expect(report.elements.map((element) => element.code)).toEqual(['automatic-mode-off', undefined]);
        expect(report.ok).toBe(true);
      },
    );
  });

  describe('where the elements are', () => {
    it('a payment link in a web component’s shadow root: in-shadow-root', async () => {
      const { report } = await reportOf({ body: 'verify-shadow' });
      expect(codesOf(report)).toEqual(['in-shadow-root']);
      expect(report.elements.map(({ value, code }) => [value.split('?')[0], code])).toEqual([
        ['https://buy.stripe.com/test_monthly', undefined],
        ['https://buy.stripe.com/test_shadow', 'in-shadow-root'],
      ]);
    });

    it('a Pricing Table and a Buy Button before the SDK’s script (async tag at the end of <body>): component-before-sdk', async () => {
      const { report } = await reportOf({ body: 'verify-ok', load: 'async' });
      expect(codesOf(report)).toEqual(['component-before-sdk']);
      expect(report.problems[0].count).toBe(2);
    });

    it('the SDK in <head> before them: no component-before-sdk', async () => {
      const { report } = await reportOf({ body: 'verify-ok', load: 'defer' });
      expect(codesOf(report)).toEqual([]);
    });

    itOnce(t.engine, 'no Stripe element on the page: no-payment-elements', async () => {
      const { report } = await reportOf({ body: 'empty' });
      expect(codesOf(report)).toEqual(['no-payment-elements']);
      expect(report).toMatchObject({ ok: true, elements: [] });
    });
  });

  describe('what the elements carry', () => {
    const cases: [string, PageOptions, string][] = [
      ['the merchant’s own client_reference_id', { body: 'verify-merchant' }, 'merchant-reference'],
      ['a client_reference_id Stripe would drop ("order #42")', { body: 'verify-invalid' }, 'invalid-reference'],
      ['an http:// Payment Link', { body: 'verify-http' }, 'not-https'],
      ['a Stripe Checkout URL', { body: 'verify-checkout' }, 'not-a-payment-link'],
    ];
    for (const [what, options, code] of cases) {
      itOnce(t.engine, `${what}: ${code}`, async () => {
        const { report } = await reportOf(options);
        expect(codesOf(report)).toEqual([code]);
        expect(report.elements.filter((element) => element.code).map((element) => element.code)).toEqual([code]);
        expect(report.problems[0].docs).toBe(`https://github.com/engagetrack/engagetrack-browser#verify-${code}`);
      });
    }

    itOnce(
      t.engine,
      'the merchant’s own references shaped like SDK IDs (UUID, ObjectId, order number, 32 hex digits): merchant-reference on each',
      async () => {
        const { session, report } = await reportOf({ body: 'verify-merchant-ids' });
        const [, sessionId] = await sdkIds(session);
        // The SDK kept the merchant's reference and added its session.
        expect(report.elements[0].value).toBe(
          `https://buy.stripe.com/test_u?client_reference_id=3f2b8c1e-9d4a-4b7e-8f00-123456789abc&prefilled_email=&engagetrack_session_id=${sessionId}`,
        );
        expect(report.problems.map(({ code, count }) => [code, count])).toEqual([['merchant-reference', 5]]);
        expect(report.elements.map((element) => element.code)).toEqual(Array(5).fill('merchant-reference'));
        expect(report.ok).toBe(true);
      },
    );

    itOnce(
      t.engine,
      'links carrying another visitor’s IDs, automatic mode off (one pasted from another browser, one built with decorateUrl() before reset()): stale-ids',
      async () => {
        const { report } = await reportOf({ body: 'verify-stale', data: { auto: 'false' } });
        expect(report.problems.map(({ code, count }) => [code, count])).toEqual([
          ['automatic-mode-off', 1],
          ['stale-ids', 2],
        ]);
        expect(report.elements.map((element) => element.code)).toEqual(['stale-ids', 'stale-ids']);
        expect(report.ok).toBe(false);
      },
    );

    itOnce(t.engine, 'a custom payment host counts when the SDK says so (data-payment-link-hosts)', async () => {
      const withHost = await reportOf({ body: 'links', data: { 'payment-link-hosts': 'pay.shop.test' } });
      const without = await reportOf({ body: 'links' });
      const custom = (report: typeof withHost.report) =>
        report.elements.find((element) => element.value.startsWith('https://pay.shop.test/'));
      expect(custom(withHost.report)).toMatchObject({ kind: 'link', ok: true });
      expect(custom(without.report)).toBeUndefined();
    });
  });
});
