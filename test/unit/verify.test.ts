// verify() (engagetrack/verify) in jsdom against the SDK's own source: what it gathers from a page and
// that it leaves the page as it was. Engine-dependent behaviour (storage kinds in real browsers, the
// probe's timing, the panel, the trigger, CSP) is in test/browser/verify*.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Options } from '../../src/types.js';
import { verify } from '../../src/verify/index.js';
import { clearStores, loadScriptTag, loadSdk, newPage, page, STORE_KEY } from './helpers.js';
import {
  blockCookies,
  blockLocalStorageAccess,
  restoreCookie,
  restoreNavigator,
  stubNavigator,
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

  it('Global Privacy Control with respectPrivacySignals: privacy-signal (info)', async () => {
    stubNavigator('globalPrivacyControl', true);
    page(LINKS);
    await startSdk({ respectPrivacySignals: true });
    expect((await verify()).problems.map((problem) => problem.code)).toEqual(['privacy-signal']);
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
    const report = await verify();
    expect(report).toMatchObject({ ok: true, visitorId: 'et-visitor-8f2c41d0', storage: 'cookie', problems: [] });
    expect(localStorage.getItem(STORE_KEY)?.startsWith('et-visitor')).toBe(false);
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
