// How merchants load the SDK (SPEC "Package", issue 3): the script tag in <head>, with defer, async at
// the end of <body>, twice; data-auto="false"; and the ESM build imported by a module script, which
// does nothing until init().
import { describe, expect } from 'vitest';
import type { Session } from './drivers/index.js';
import {
  decoratedHref,
  elements,
  hrefOf,
  ID,
  params,
  STORE_KEY,
  sdkIds,
  settle,
  stores,
  waitUntil,
} from './helpers.js';
import type { Load } from './server.js';
import { describeInBrowsers, it, itOnce } from './setup.js';

/** Every payment element of the fixture carries the visitor, every decoy is untouched. */
async function expectDecorated(session: Session, visitor: string): Promise<void> {
  for (const element of await elements(session, '.pay')) {
    const reference = element.tag.startsWith('stripe-')
      ? element.value
      : new URL(element.value!).searchParams.get('client_reference_id');
    expect(reference, `#${element.id}`).toBe(
      { 'merchant-reference': 'order-42', 'buy-button-merchant': 'user_42' }[element.id] ?? visitor,
    );
  }
  for (const decoy of await elements(session, '.decoy')) expect(decoy.value).toBe(decoy.original);
}

/** Every element is exactly as the page wrote it. */
async function expectUntouched(session: Session): Promise<void> {
  for (const element of await elements(session, '.pay, .decoy, #custom')) {
    expect(element.value, `#${element.id}`).toBe(element.original);
  }
}

describeInBrowsers('loading the SDK', (t) => {
  describe('script tag', () => {
    for (const load of ['head', 'defer', 'async'] as Load[]) {
      it(`${load === 'async' ? 'async at the end of <body>' : load === 'defer' ? 'with defer' : 'in <head>'}: installs window.engagetrack, reads its data-* and decorates every payment element`, async () => {
        const session = await t.open();
        await session.goto(t.server.page({ load, data: { 'payment-link-hosts': 'pay.shop.test' } }));
        const [visitor] = await sdkIds(session);
        expect(visitor).toMatch(ID);
        await expectDecorated(session, visitor);
        // data-payment-link-hosts came from this very <script> element (document.currentScript).
        expect(params((await hrefOf(session, '#custom'))!).client_reference_id).toBe(visitor);
        // Automatic mode runs: a link added now is decorated.
        await session.evaluate(() =>
          document.body.insertAdjacentHTML('beforeend', '<a id="later" href="https://buy.stripe.com/test_later">x</a>'),
        );
        expect(params(await decoratedHref(session, '#later')).client_reference_id).toBe(visitor);
      });
    }

    it('loaded twice: one SDK, one visitor, each parameter once', async () => {
      const session = await t.open();
      await session.goto(t.server.page({ twice: true }));
      expect(await session.evaluate(() => document.querySelectorAll('script[src$="engagetrack.min.js"]').length)).toBe(
        2,
      );
      const [visitor, sessionId] = await sdkIds(session);
      await expectDecorated(session, visitor);
      expect(params((await hrefOf(session, '#plain'))!)).toEqual({
        client_reference_id: visitor,
        prefilled_email: '',
        engagetrack_session_id: sessionId,
      });
      expect((await stores(session)).cookies).toHaveLength(1);
    });

    itOnce(t.engine, 'data-auto="false" configures only: nothing decorated until the page asks', async () => {
      const session = await t.open();
      await session.goto(t.server.page({ data: { auto: 'false', 'payment-link-hosts': 'pay.shop.test' } }));
      await expectUntouched(session);
      const count = await session.evaluate(() => window.engagetrack!.decorateStripeLinks());
      expect(count).toBe(12);
      const [visitor] = await sdkIds(session);
      await expectDecorated(session, visitor);
      // The configuration of the tag was applied: the custom host counts.
      expect(params((await hrefOf(session, '#custom'))!).client_reference_id).toBe(visitor);
    });
  });

  describe('ESM build imported by <script type="module">', () => {
    it('changes nothing on import: no decoration, no cookie, no localStorage, no storage access at all', async () => {
      const session = await t.open();
      await session.goto(t.server.page({ load: 'esm', harness: ['watch-storage'] }));
      // The module script has run (WebKit's WebDriver may answer the navigation before it did).
      await waitUntil(session, () => typeof window.sdk?.init === 'function');
      expect(await session.evaluate(() => window.__harness.access)).toEqual([]);
      await session.evaluate(() =>
        document.body.insertAdjacentHTML('beforeend', '<a id="later" href="https://buy.stripe.com/test_later">x</a>'),
      );
      await settle(session);
      await expectUntouched(session);
      expect(await hrefOf(session, '#later')).toBe('https://buy.stripe.com/test_later');
      expect((await stores(session)).cookies).toEqual([]);
      expect(await session.evaluate(() => localStorage.length)).toBe(0);
      expect(await session.evaluate(() => 'engagetrack' in window)).toBe(false);
    });

    it('init() decorates everything, links added later too, and stores the IDs', async () => {
      const session = await t.open();
      await session.goto(t.server.page({ load: 'esm' }));
      await waitUntil(session, () => typeof window.sdk?.init === 'function');
      await session.evaluate(() => {
        window.sdk.init({ paymentLinkHosts: ['pay.shop.test'] });
      });
      const [visitor, sessionId] = await sdkIds(session, 'sdk');
      expect(visitor).toMatch(ID);
      await expectDecorated(session, visitor);
      expect(params((await hrefOf(session, '#custom'))!).client_reference_id).toBe(visitor);
      await session.evaluate(() =>
        document.body.insertAdjacentHTML('beforeend', '<a id="later" href="https://buy.stripe.com/test_later">x</a>'),
      );
      expect(params(await decoratedHref(session, '#later'))).toEqual({
        client_reference_id: visitor,
        prefilled_email: '',
        engagetrack_session_id: sessionId,
      });
      const { cookie, local } = await stores(session);
      expect(cookie?.value.startsWith(`${visitor}.${sessionId}.`)).toBe(true);
      expect(local).toBe(cookie?.value);
      // init() again changes nothing.
      const before = await elements(session, '.pay');
      await session.evaluate(() => {
        window.sdk.init({ referenceFormat: 'visitor+session' });
      });
      await settle(session);
      expect(await elements(session, '.pay')).toEqual(before);
      expect(await session.evaluate((key) => localStorage.getItem(key)?.split('.')[0], STORE_KEY)).toBe(visitor);
    });
  });
});
