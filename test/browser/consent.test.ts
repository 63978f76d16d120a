// Consent-first storage and forgetting a visitor (issue 8), as a merchant's consent banner uses them:
// data-consent="required" on the script tag, then window.engagetrack.setConsent(true|false), reset().
import { describe, expect } from 'vitest';
import type { Session } from './drivers/index.js';
import { elements, ID, params, sdkIds, stores } from './helpers.js';
import { describeInBrowsers, it } from './setup.js';

/** The visitor and session every payment link and component of the page carries. */
async function idsOnLinks(session: Session): Promise<string[]> {
  const found = new Set<string>();
  for (const element of await elements(session, '.pay')) {
    if (element.id === 'merchant-reference' || element.id === 'buy-button-merchant') continue;
    if (element.tag.startsWith('stripe-')) {
      found.add(`${element.value} (component)`);
      continue;
    }
    const link = params(element.value!);
    found.add(`${link.client_reference_id}.${link.engagetrack_session_id}`);
  }
  return [...found].sort();
}

const expectedOnLinks = ([visitor, session]: string[]) => [`${visitor} (component)`, `${visitor}.${session}`].sort();

/** Nothing of the SDK in the browser: no cookie at all, no localStorage entry at all. */
async function expectNothingStored(session: Session): Promise<void> {
  expect(await session.cookies()).toEqual([]);
  expect(await session.evaluate(() => localStorage.length)).toBe(0);
}

describeInBrowsers('consent and forgetting', (t) => {
  const consentPage = (host = 'www.shop.test') =>
    t.server.page({ data: { consent: 'required' }, harness: ['watch-storage'] }, { host });

  describe('data-consent="required"', () => {
    it('stores nothing and reads nothing before consent, not even a probe; links are still decorated', async () => {
      const session = await t.open();
      await session.goto(consentPage());
      expect(await session.evaluate(() => window.__harness.access)).toEqual([]);
      const ids = await sdkIds(session);
      expect(ids[0]).toMatch(ID);
      expect(ids[1]).toMatch(ID);
      expect(await idsOnLinks(session)).toEqual(expectedOnLinks(ids));
      // Stable for the page, still without touching storage.
      expect(await sdkIds(session)).toEqual(ids);
      expect(await session.evaluate(() => window.__harness.access)).toEqual([]);
      await expectNothingStored(session);
    });

    it('setConsent(true) stores the IDs the page already uses', async () => {
      const session = await t.open();
      await session.goto(consentPage());
      const ids = await sdkIds(session);
      await session.evaluate(() => window.engagetrack!.setConsent(true));
      const { cookies, cookie, local } = await stores(session);
      expect(cookies).toHaveLength(1);
      expect(cookie).toMatchObject({ domain: 'shop.test', path: '/', sameSite: 'Lax' });
      expect(cookie!.value.startsWith(`${ids[0]}.${ids[1]}.`)).toBe(true);
      expect(local).toBe(cookie!.value);
      expect(await idsOnLinks(session)).toEqual(expectedOnLinks(ids));
    });

    it('a visitor who consents on two visits keeps one visitor ID', async () => {
      const session = await t.open();
      await session.goto(consentPage());
      await session.evaluate(() => window.engagetrack!.setConsent(true));
      const [firstVisitor] = await sdkIds(session);
      // Next visit (the browser was closed: only the cookie and localStorage remain).
      await session.goto(consentPage('app.shop.test'));
      expect(await session.evaluate(() => window.__harness.access)).toEqual([]);
      const [beforeConsent] = await sdkIds(session);
      expect(beforeConsent).not.toBe(firstVisitor); // It could not have read the stored one.
      await session.evaluate(() => window.engagetrack!.setConsent(true));
      const ids = await sdkIds(session);
      expect(ids[0]).toBe(firstVisitor);
      expect(await idsOnLinks(session)).toEqual(expectedOnLinks(ids));
    });

    it('setConsent(false) removes every cookie and key of the SDK and goes on in memory with the same IDs', async () => {
      const session = await t.open();
      await session.goto(consentPage());
      await session.evaluate(() => window.engagetrack!.setConsent(true));
      const ids = await sdkIds(session);
      expect((await stores(session)).cookie?.domain).toBe('shop.test');
      await session.evaluate(() => window.engagetrack!.setConsent(false));
      await expectNothingStored(session);
      // Still working, in memory, with the same IDs; and still storing nothing.
      expect(await sdkIds(session)).toEqual(ids);
      expect(await idsOnLinks(session)).toEqual(expectedOnLinks(ids));
      await session.evaluate(() => window.engagetrack!.decorateStripeLinks());
      await expectNothingStored(session);
      await session.reload();
      await expectNothingStored(session);
    });

    it('setConsent(false) on another subdomain deletes the cookie of the parent domain', async () => {
      const session = await t.open();
      await session.goto(consentPage());
      await session.evaluate(() => window.engagetrack!.setConsent(true));
      await session.goto(consentPage('app.shop.test'));
      expect((await session.cookies()).map((cookie) => cookie.domain)).toEqual(['shop.test']);
      await session.evaluate(() => window.engagetrack!.setConsent(false));
      // (www.shop.test's localStorage is another origin: only a page there can clear it.)
      await expectNothingStored(session);
    });
  });

  describe('reset()', () => {
    it('gives new visitor and session IDs to every payment element of the page and to the stores', async () => {
      const session = await t.open();
      await session.goto(t.server.page());
      const before = await sdkIds(session);
      expect(await idsOnLinks(session)).toEqual(expectedOnLinks(before));
      await session.evaluate(() => window.engagetrack!.reset());
      const after = await sdkIds(session);
      expect(after[0]).toMatch(ID);
      expect(after[0]).not.toBe(before[0]);
      expect(after[1]).not.toBe(before[1]);
      expect(await idsOnLinks(session)).toEqual(expectedOnLinks(after));
      // The merchant's own references are still the merchant's.
      expect(params((await elements(session, '#merchant-reference'))[0].value!).client_reference_id).toBe('order-42');
      const { cookies, local } = await stores(session);
      expect(cookies).toHaveLength(1);
      expect(cookies[0].value.startsWith(`${after[0]}.${after[1]}.`)).toBe(true);
      expect(local).toBe(cookies[0].value);
      await session.reload();
      expect(await sdkIds(session)).toEqual(after);
    });
  });
});
