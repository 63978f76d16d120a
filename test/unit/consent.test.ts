import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearStores, cookies, loadSdk, page, STORE_KEY, settle, storedRecord } from './helpers.js';
import {
  HEX32,
  hrefOf,
  keep,
  paramsOf,
  restoreCookie,
  restoreNavigator,
  setStoredCookie,
  spyStorage,
  stopAll,
  stubNavigator,
} from './identity-helpers.js';

const LINK = '<a id="buy" href="https://buy.stripe.com/test_123">Buy</a>';

beforeEach(() => {
  clearStores();
  document.body.innerHTML = '';
});

afterEach(() => {
  stopAll();
  restoreCookie();
  restoreNavigator();
  vi.restoreAllMocks();
});

/** Whether the SDK's cookie or localStorage entry exists. */
function stored(): { cookie: boolean; localStorage: boolean } {
  return { cookie: STORE_KEY in cookies(), localStorage: localStorage.getItem(STORE_KEY) !== null };
}

const NOTHING = { cookie: false, localStorage: false };
const BOTH = { cookie: true, localStorage: true };

/** The IDs on the `#buy` payment link. */
function linkIds(): { visitor: string; session: string } {
  const params = paramsOf(hrefOf('#buy'));
  return { visitor: params.client_reference_id, session: params.engagetrack_session_id };
}

describe("with consent: 'required', nothing is read or written until the visitor agrees", () => {
  it('touches no cookie and no localStorage entry, while IDs work in memory and links are decorated', async () => {
    page(LINK);
    const spy = spyStorage();
    const storageAccess = vi.spyOn(window, 'localStorage', 'get');
    const sdk = await loadSdk();
    const stop = keep(sdk.init({ consent: 'required' }));

    const visitor = sdk.getVisitorId();
    const session = sdk.getSessionId();
    expect(visitor).toMatch(HEX32);
    expect(session).toMatch(HEX32);
    expect(sdk.getVisitorId()).toBe(visitor);
    expect(sdk.getSessionId()).toBe(session);
    expect(sdk.getCheckoutMetadata()).toEqual({ engagetrack_visitor_id: visitor, engagetrack_session_id: session });
    expect(linkIds()).toEqual({ visitor, session });
    expect(paramsOf(sdk.decorateUrl('https://buy.stripe.com/other')).client_reference_id).toBe(visitor);

    // A link added later by the page, decorated by automatic mode and by hand.
    document.body.insertAdjacentHTML('beforeend', '<a id="later" href="https://buy.stripe.com/later">Later</a>');
    await settle();
    expect(paramsOf(hrefOf('#later')).client_reference_id).toBe(visitor);
    stop();
    page(LINK);
    expect(sdk.decorateStripeLinks()).toBe(1);
    expect(linkIds()).toEqual({ visitor, session });

    expect(spy.cookieReads()).toBe(0);
    expect(spy.cookieWrites).toEqual([]);
    expect(spy.getItem()).toBe(0);
    expect(spy.setItem()).toBe(0);
    expect(spy.removeItem()).toBe(0);
    expect(storageAccess).not.toHaveBeenCalled();
    expect(stored()).toEqual(NOTHING);
  });

  it('does not pick up a visitor stored on an earlier visit before consent', async () => {
    const earlier = await loadSdk();
    const storedVisitor = earlier.getVisitorId();
    const sdk = await loadSdk();
    keep(sdk.init({ consent: 'required' }));
    expect(sdk.getVisitorId()).toMatch(HEX32);
    expect(sdk.getVisitorId()).not.toBe(storedVisitor);
  });

  it('keeps nothing for the next page when consent never came', async () => {
    const sdk = await loadSdk();
    keep(sdk.init({ consent: 'required' }));
    sdk.getVisitorId();
    sdk.reset();
    expect(stored()).toEqual(NOTHING);
  });

  // An unknown value (a typo), or an empty or false one (as a CMP template may give): the safe reading.
  for (const value of ['pending', '', false, null, 0]) {
    it(`treats the consent value ${JSON.stringify(value)} as required`, async () => {
      page(LINK);
      const spy = spyStorage();
      const sdk = await loadSdk();
      keep(sdk.init({ consent: value as unknown as 'required' }));
      const visitor = sdk.getVisitorId();
      expect(visitor).toMatch(HEX32);
      expect(linkIds().visitor).toBe(visitor);
      expect(spy.total()).toBe(0);
      expect(stored()).toEqual(NOTHING);
    });
  }

  it('stores the IDs at once without a consent option, or with consent: undefined (control)', async () => {
    const sdk = await loadSdk();
    keep(sdk.init({ consent: undefined }));
    expect(storedRecord('cookie')?.[0]).toBe(sdk.getVisitorId());
    expect(storedRecord('localStorage')?.[0]).toBe(sdk.getVisitorId());
  });

  it("stores the IDs at once with consent: 'granted' (control)", async () => {
    const sdk = await loadSdk();
    keep(sdk.init({ consent: 'granted' }));
    expect(storedRecord('cookie')?.[0]).toBe(sdk.getVisitorId());
    expect(storedRecord('localStorage')?.[0]).toBe(sdk.getVisitorId());
  });
});

describe('setConsent(true) stores the visitor', () => {
  it('persists the IDs used in memory so far in the cookie and localStorage', async () => {
    page(LINK);
    const sdk = await loadSdk();
    keep(sdk.init({ consent: 'required' }));
    const visitor = sdk.getVisitorId();
    const session = sdk.getSessionId();
    sdk.setConsent(true);
    expect(sdk.getVisitorId()).toBe(visitor);
    expect(sdk.getSessionId()).toBe(session);
    expect(storedRecord('cookie')?.slice(0, 2)).toEqual([visitor, session]);
    expect(storedRecord('localStorage')?.slice(0, 2)).toEqual([visitor, session]);
    expect(linkIds()).toEqual({ visitor, session });
  });

  it('keeps the visitor of an earlier consented visit, and refreshes the links to it', async () => {
    // Visit 1: the visitor agreed; their ID is stored.
    const firstVisit = await loadSdk();
    keep(firstVisit.init({ consent: 'required' }));
    firstVisit.setConsent(true);
    const visitor = firstVisit.getVisitorId();
    stopAll();

    // Visit 2: a new page; consent is asked again and the link is decorated from memory meanwhile.
    page(LINK);
    const secondVisit = await loadSdk();
    keep(secondVisit.init({ consent: 'required' }));
    expect(secondVisit.getVisitorId()).not.toBe(visitor);
    expect(linkIds().visitor).toBe(secondVisit.getVisitorId());

    secondVisit.setConsent(true);
    expect(secondVisit.getVisitorId()).toBe(visitor);
    expect(linkIds().visitor).toBe(visitor);
    expect(linkIds().session).toBe(secondVisit.getSessionId());
    expect(storedRecord('cookie')?.[0]).toBe(visitor);
    expect(storedRecord('localStorage')?.[0]).toBe(visitor);
  });

  it('refreshes Pricing Tables and Buy Buttons decorated before consent', async () => {
    const firstVisit = await loadSdk();
    const visitor = firstVisit.getVisitorId();
    page('<stripe-pricing-table pricing-table-id="prctbl_1"></stripe-pricing-table>');
    const sdk = await loadSdk();
    keep(sdk.init({ consent: 'required' }));
    const table = document.querySelector('stripe-pricing-table')!;
    expect(table.getAttribute('client-reference-id')).toBe(sdk.getVisitorId());
    sdk.setConsent(true);
    expect(table.getAttribute('client-reference-id')).toBe(visitor);
  });
});

describe('setConsent(false) forgets the stored visitor', () => {
  it('deletes the cookie (on every domain) and the localStorage entry', async () => {
    const sdk = await loadSdk();
    sdk.getVisitorId();
    // Copies an earlier setup may have left: host-only, and on the host as a domain.
    setStoredCookie(`${sdk.getVisitorId()}.x`);
    document.cookie = `${STORE_KEY}=old;path=/;domain=www.shop.test`;
    expect(stored()).toEqual(BOTH);
    sdk.setConsent(false);
    expect(document.cookie).not.toContain(`${STORE_KEY}=`);
    expect(localStorage.getItem(STORE_KEY)).toBeNull();
  });

  it('goes on with the same IDs in memory and stores nothing more', async () => {
    page(LINK);
    const sdk = await loadSdk();
    keep(sdk.init());
    const visitor = sdk.getVisitorId();
    const session = sdk.getSessionId();
    sdk.setConsent(false);
    const spy = spyStorage();
    expect(sdk.getVisitorId()).toBe(visitor);
    expect(sdk.getSessionId()).toBe(session);
    expect(sdk.decorateStripeLinks()).toBe(1);
    expect(linkIds()).toEqual({ visitor, session });
    expect(spy.total()).toBe(0);
    expect(stored()).toEqual(NOTHING);
  });

  it('stores the same IDs again when consent is given back', async () => {
    const sdk = await loadSdk();
    const visitor = sdk.getVisitorId();
    sdk.setConsent(false);
    sdk.setConsent(true);
    expect(sdk.getVisitorId()).toBe(visitor);
    expect(storedRecord('cookie')?.[0]).toBe(visitor);
    expect(storedRecord('localStorage')?.[0]).toBe(visitor);
  });
});

describe('reset() forgets the visitor (for example at logout on a shared computer)', () => {
  it('gives new visitor and session IDs and overwrites the stored ones', async () => {
    const sdk = await loadSdk();
    const visitor = sdk.getVisitorId();
    const session = sdk.getSessionId();
    sdk.reset();
    const newVisitor = sdk.getVisitorId();
    const newSession = sdk.getSessionId();
    expect(newVisitor).toMatch(HEX32);
    expect(newSession).toMatch(HEX32);
    expect(newVisitor).not.toBe(visitor);
    expect(newSession).not.toBe(session);
    expect(storedRecord('cookie')?.slice(0, 2)).toEqual([newVisitor, newSession]);
    expect(storedRecord('localStorage')?.slice(0, 2)).toEqual([newVisitor, newSession]);
    const nextPage = await loadSdk();
    expect(nextPage.getVisitorId()).toBe(newVisitor);
  });

  it('refreshes payment links decorated before', async () => {
    page(LINK);
    const sdk = await loadSdk();
    expect(sdk.decorateStripeLinks()).toBe(1);
    const before = linkIds();
    sdk.reset();
    expect(linkIds()).toEqual({ visitor: sdk.getVisitorId(), session: sdk.getSessionId() });
    expect(linkIds().visitor).not.toBe(before.visitor);
    expect(linkIds().session).not.toBe(before.session);
  });

  it('refreshes links in automatic mode too, and gives new IDs without storing them when consent is required', async () => {
    page(LINK);
    const spy = spyStorage();
    const sdk = await loadSdk();
    keep(sdk.init({ consent: 'required' }));
    const before = linkIds();
    sdk.reset();
    expect(linkIds().visitor).not.toBe(before.visitor);
    expect(linkIds()).toEqual({ visitor: sdk.getVisitorId(), session: sdk.getSessionId() });
    expect(spy.total()).toBe(0);
  });

  it('a reset() made while consent was pending holds when consent comes: the forgotten visitor is not adopted, and deleted', async () => {
    // Visit 1: the visitor agreed; their ID is stored (the server's visitor cookie too).
    const firstVisit = await loadSdk();
    keep(firstVisit.init({ consent: 'required' }));
    firstVisit.setConsent(true);
    const forgotten = firstVisit.getVisitorId();
    document.cookie = `engagetrack_vid=${forgotten}; path=/`;
    stopAll();

    // Visit 2: the app logs the visitor out before the banner answers, then consent is given.
    page(LINK);
    const secondVisit = await loadSdk();
    keep(secondVisit.init({ consent: 'required' }));
    secondVisit.reset();
    const visitor = secondVisit.getVisitorId();
    expect(linkIds().visitor).toBe(visitor);
    secondVisit.setConsent(true);
    expect(secondVisit.getVisitorId()).toBe(visitor);
    expect(linkIds().visitor).toBe(visitor);
    expect(storedRecord('cookie')?.[0]).toBe(visitor);
    expect(storedRecord('localStorage')?.[0]).toBe(visitor);
    expect(cookies().engagetrack_vid).toBeUndefined();
    const nextPage = await loadSdk();
    keep(nextPage.init());
    expect(nextPage.getVisitorId()).toBe(visitor);
  });
});

describe('respectPrivacySignals keeps the SDK in memory for visitors who ask not to be tracked', () => {
  it('stores nothing when the browser sends Global Privacy Control', async () => {
    stubNavigator('globalPrivacyControl', true);
    page(LINK);
    const sdk = await loadSdk();
    keep(sdk.init({ respectPrivacySignals: true }));
    const visitor = sdk.getVisitorId();
    expect(visitor).toMatch(HEX32);
    expect(sdk.getVisitorId()).toBe(visitor);
    expect(linkIds().visitor).toBe(visitor);
    expect(stored()).toEqual(NOTHING);
  });

  it('stores nothing when the browser sends Do Not Track', async () => {
    stubNavigator('doNotTrack', '1');
    const sdk = await loadSdk();
    keep(sdk.init({ respectPrivacySignals: true }));
    expect(sdk.getVisitorId()).toMatch(HEX32);
    expect(stored()).toEqual(NOTHING);
  });

  it('stores nothing even after setConsent(true) while the signal is on', async () => {
    stubNavigator('globalPrivacyControl', true);
    const sdk = await loadSdk();
    keep(sdk.init({ respectPrivacySignals: true }));
    sdk.setConsent(true);
    sdk.getVisitorId();
    expect(stored()).toEqual(NOTHING);
  });

  it("stores the visitor when Do Not Track is '0' or GPC is false", async () => {
    stubNavigator('doNotTrack', '0');
    stubNavigator('globalPrivacyControl', false);
    const sdk = await loadSdk();
    keep(sdk.init({ respectPrivacySignals: true }));
    expect(storedRecord('cookie')?.[0]).toBe(sdk.getVisitorId());
  });

  it('ignores the signals without the option', async () => {
    stubNavigator('globalPrivacyControl', true);
    stubNavigator('doNotTrack', '1');
    const sdk = await loadSdk();
    keep(sdk.init());
    expect(storedRecord('cookie')?.[0]).toBe(sdk.getVisitorId());
    expect(storedRecord('localStorage')?.[0]).toBe(sdk.getVisitorId());
  });
});
