// verify() (engagetrack/verify) in jsdom against the SDK's own source: what it gathers from a page and
// that it leaves the page as it was. Engine-dependent behaviour (storage kinds in real browsers, the
// probe's timing, the panel, the trigger, CSP) is in test/browser/verify*.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Options } from '../../src/types.js';
import { verify } from '../../src/verify/index.js';
import { clearStores, loadScriptTag, loadSdk, newPage, page, registered, STORE_KEY } from './helpers.js';
import {
  blockCookies,
  blockLocalStorageAccess,
  hrefOf,
  MINUTE,
  paramsOf,
  restoreCookie,
  restoreNavigator,
  stubNavigator,
  useClock,
} from './identity-helpers.js';

const LINKS = `
  <a id="pay" href="https://buy.stripe.com/test_a">Buy</a>
  <a id="custom" href="https://pay.shop.test/test_b">Buy on our domain</a>
  <a id="other" href="https://example.com/?u=buy.stripe.com">Not Stripe</a>
  <stripe-buy-button id="button" buy-button-id="buy_btn_x" publishable-key="pk_test_x"></stripe-buy-button>`;

let stops: (() => void)[] = [];

/** The SDK (a fresh copy of src/) in automatic mode on the current page. */
async function startSdk(options?: Options): Promise<Awaited<ReturnType<typeof loadSdk>>> {
  const sdk = await loadSdk();
  stops.push(sdk.init(options));
  return sdk;
}

beforeEach(() => {
  clearStores();
  newPage();
});

afterEach(() => {
  for (const stop of stops) stop();
  stops = [];
  restoreCookie();
  restoreNavigator();
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('a page with the SDK in automatic mode', () => {
  it('is ok: every payment element carries the IDs, the visitor is in the cookie', async () => {
    page(LINKS);
    const sdk = await startSdk({ paymentLinkHosts: ['pay.shop.test'] });
    const report = await verify();
    const visitorId = sdk.getVisitorId();
    expect(report).toMatchObject({ url: location.href, ok: true, visitorId, storage: 'cookie', problems: [] });
    // The custom host counts because the page's SDK says so (decorateUrl() was asked).
    expect(report.elements.map(({ kind, ok }) => [kind, ok])).toEqual([
      ['link', true],
      ['link', true],
      ['buy-button', true],
    ]);
    expect(report.elements[2].value).toBe(visitorId);
  });

  it('changes nothing on the page: no probe left behind, no element rewritten', async () => {
    page(LINKS);
    await startSdk();
    const before = document.body.innerHTML;
    await verify();
    expect(document.body.innerHTML).toBe(before);
    expect(document.querySelector('[href*="engagetrack-verify"]')).toBeNull();
  });

  it('with the visitor in localStorage only (cookies blocked): storage "localStorage"', async () => {
    blockCookies();
    page(LINKS);
    await startSdk();
    expect((await verify()).storage).toBe('localStorage');
  });
});

describe('what it finds', () => {
  it('without an SDK: no-sdk, storage "none", no IDs', async () => {
    page(LINKS);
    const report = await verify();
    expect(report).toMatchObject({ ok: false, visitorId: '', sessionId: '', storage: 'none' });
    expect(report.problems.map((problem) => problem.code)).toEqual(['no-sdk']);
    // Without an SDK to ask, only Stripe's own host is a payment link.
    expect(report.elements.map((element) => element.kind)).toEqual(['link', 'buy-button']);
  });

  it('a script tag with data-auto="false": automatic-mode-off and the links not decorated', async () => {
    page(LINKS);
    await loadScriptTag({ auto: 'false' });
    const report = await verify();
    expect(report.problems.map((problem) => problem.code)).toEqual(['automatic-mode-off', 'not-decorated']);
  });

  it("consent: 'required': consent-pending (info), still ok", async () => {
    page(LINKS);
    await startSdk({ consent: 'required' });
    const report = await verify();
    expect(report).toMatchObject({ ok: true, storage: 'memory' });
    expect(report.problems.map(({ code, severity }) => [code, severity])).toEqual([['consent-pending', 'info']]);
  });

  it('Global Privacy Control with respectPrivacySignals in an app (no script tag to tell): consent-pending, saying the signal is on too', async () => {
    stubNavigator('globalPrivacyControl', true);
    page(LINKS);
    await startSdk({ respectPrivacySignals: true });
    const { problems } = await verify();
    expect(problems.map((problem) => problem.code)).toEqual(['consent-pending']);
    expect(problems[0].message).toMatch(/Global Privacy Control or Do Not Track.+respectPrivacySignals/);
  });

  it('cookies and localStorage blocked: storage-blocked', async () => {
    blockCookies();
    blockLocalStorageAccess();
    page(LINKS);
    await startSdk();
    const report = await verify();
    expect(report.storage).toBe('memory');
    expect(report.problems.map((problem) => problem.code)).toEqual(['storage-blocked']);
  });

  it('the server\'s engagetrack_vid cookie: storage "server-cookie"', async () => {
    const visitor = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
    document.cookie = `engagetrack_vid=${visitor};path=/`;
    page(LINKS);
    await startSdk();
    expect(await verify()).toMatchObject({ visitorId: visitor, storage: 'server-cookie' });
  });

  it("EngageTrack's tracker owning the IDs: its visitor, the SDK's own record for the storage", async () => {
    window.engagetrack = { getVisitorId: () => 'et-visitor-8f2c41d0', getSessionId: () => 'et-session-1b7e' } as never;
    page(LINKS);
    await loadScriptTag();
    // The tag's automatic mode, ended after the test (init() while it runs returns its stop()).
    stops.push(registered()!.init());
    const report = await verify();
    expect(report).toMatchObject({ ok: true, visitorId: 'et-visitor-8f2c41d0', storage: 'cookie', problems: [] });
    expect(localStorage.getItem(STORE_KEY)?.startsWith('et-visitor')).toBe(false);
  });
});

describe("a merchant's own reference shaped like an SDK ID", () => {
  // A UUID, a MongoDB ObjectId, a long numeric order ID, a 32-digit hex ID: each looks like an ID the
  // SDK writes, and each is the merchant's, kept by the SDK (which adds its session to the link).
  const UUID = '3f2b8c1e-9d4a-4b7e-8f00-123456789abc';
  const OWN = `
    <a id="uuid" href="https://buy.stripe.com/test_u?client_reference_id=${UUID}">Pay</a>
    <a id="object-id" href="https://buy.stripe.com/test_o?client_reference_id=507f1f77bcf86cd799439011">Pay</a>
    <a id="order" href="https://buy.stripe.com/test_n?client_reference_id=20240615000123456">Pay</a>
    <stripe-pricing-table id="table" pricing-table-id="prctbl_x" publishable-key="pk_test_x" client-reference-id="${UUID}"></stripe-pricing-table>
    <stripe-buy-button id="button" buy-button-id="buy_btn_x" publishable-key="pk_test_x" client-reference-id="0123456789abcdef0123456789abcdef"></stripe-buy-button>`;

  it('is merchant-reference (a warning: no visitor ID reaches Stripe from them), not stale-ids', async () => {
    page(OWN);
    const sdk = await startSdk();
    expect(paramsOf(hrefOf('#uuid'))).toMatchObject({
      client_reference_id: UUID,
      engagetrack_session_id: sdk.getSessionId(),
    });
    const report = await verify();
    expect(report.problems.map(({ code, severity, count }) => [code, severity, count])).toEqual([
      ['merchant-reference', 'warning', 5],
    ]);
    expect(report.ok).toBe(true);
  });

  it("in 'visitor+session' format, and with a page whose links were decorated by hand (automatic mode off)", async () => {
    page(OWN);
    await loadScriptTag({ auto: 'false', 'reference-format': 'visitor+session' });
    window.engagetrack!.decorateStripeLinks();
    expect((await verify()).problems.map(({ code, count }) => [code, count])).toEqual([
      ['automatic-mode-off', 1],
      ['merchant-reference', 5],
    ]);
  });
});

describe('after an idle time longer than the session timeout', () => {
  // verify() asks the SDK's getters, which count as activity: the check itself starts the new session.
  // The links keep the earlier one until they are clicked (automatic mode refreshes a link then).
  it('automatic mode on: the links carry the earlier session of this visitor, and that is fine', async () => {
    const clock = useClock();
    page(LINKS);
    const sdk = await startSdk({ paymentLinkHosts: ['pay.shop.test'] });
    const before = sdk.getSessionId();
    clock.advance(31 * MINUTE);
    const report = await verify();
    expect(report.sessionId).not.toBe(before);
    expect(paramsOf(hrefOf('#pay')).engagetrack_session_id).toBe(before);
    expect(report).toMatchObject({ ok: true, problems: [] });
  });

  it('automatic mode off (links decorated by hand): automatic-mode-off on those links, a warning, not stale-ids', async () => {
    const clock = useClock();
    page(LINKS);
    await loadScriptTag({ auto: 'false' });
    window.engagetrack!.decorateStripeLinks();
    clock.advance(31 * MINUTE);
    const report = await verify();
    expect(report.problems.map(({ code, severity }) => [code, severity])).toEqual([['automatic-mode-off', 'warning']]);
    expect(report.ok).toBe(true);
    // The link carries the earlier session; the Buy Button carries the visitor alone, which is current.
    expect(report.elements.map((element) => element.code)).toEqual(['automatic-mode-off', undefined]);
  });
});

describe('never throws, never logs an error', () => {
  it('with a window.engagetrack whose functions throw', async () => {
    const error = vi.spyOn(console, 'error');
    const boom = () => {
      throw new Error('boom');
    };
    window.engagetrack = { getVisitorId: boom, getSessionId: boom, decorateUrl: boom } as never;
    page(LINKS);
    const report = await verify();
    expect(report.visitorId).toBe('');
    expect(report.problems.map((problem) => problem.code)).not.toContain('no-sdk');
    expect(error).not.toHaveBeenCalled();
  });

  it('with localStorage missing and document.cookie throwing', async () => {
    blockCookies();
    stubNavigator('doNotTrack', '1');
    vi.spyOn(window, 'localStorage', 'get').mockReturnValue(null as never);
    page(LINKS);
    await expect(verify()).resolves.toMatchObject({ storage: 'none' });
  });
});
