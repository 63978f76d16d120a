/**
 * Running next to EngageTrack's tracker: the tracker owns the visitor (its visitor is the one the
 * dashboard has the traffic source for), so its IDs go on payment elements when they are valid
 * Stripe references; the npm module takes the same through the `identity` option.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hrefOf, param, settleAll } from './decorate-helpers.js';
import { clearStores, loadScriptTag, loadSdk, newPage, page, registered } from './helpers.js';
import { HEX32 } from './identity-helpers.js';

const LINKS =
  '<a id="buy" href="https://buy.stripe.com/aBC">Buy</a><stripe-buy-button id="button"></stripe-buy-button>';

/** A stand-in for EngageTrack's tracker, with IDs the test can change. */
function installTracker(visitor: unknown = 'et-visitor_1', session: unknown = 'et-session_1') {
  const tracker = {
    visitor,
    session,
    getVisitorId() {
      return this.visitor;
    },
    getSessionId() {
      return this.session;
    },
    track: () => {},
  };
  (window as unknown as { engagetrack: unknown }).engagetrack = tracker;
  return tracker;
}

const onLink = () => ({
  visitor: param(hrefOf('#buy')!, 'client_reference_id'),
  session: param(hrefOf('#buy')!, 'engagetrack_session_id'),
});
const onButton = () => document.getElementById('button')!.getAttribute('client-reference-id');

beforeEach(() => {
  clearStores();
  newPage();
  page(LINKS);
});

afterEach(() => {
  registered()?.init()();
  newPage();
  vi.restoreAllMocks();
});

describe("the script tag next to EngageTrack's tracker", () => {
  it('leaves the tracker on window.engagetrack untouched and puts its IDs on every payment element', async () => {
    const tracker = installTracker();
    const keys = Object.keys(tracker);
    await loadScriptTag();
    expect(window.engagetrack).toBe(tracker);
    expect(Object.keys(tracker)).toEqual(keys);
    expect(onLink()).toEqual({ visitor: 'et-visitor_1', session: 'et-session_1' });
    expect(onButton()).toBe('et-visitor_1');
  });

  it('keeps the SDK reachable through Symbol.for("engagetrack"), reporting the tracker IDs', async () => {
    installTracker();
    await loadScriptTag();
    const sdk = registered()!;
    expect(sdk.getVisitorId()).toBe('et-visitor_1');
    expect(sdk.getSessionId()).toBe('et-session_1');
    expect(sdk.getCheckoutMetadata()).toEqual({
      engagetrack_visitor_id: 'et-visitor_1',
      engagetrack_session_id: 'et-session_1',
    });
    expect(typeof sdk.setConsent).toBe('function');
  });

  it('reads the tracker at each pass: new tracker IDs reach links added later and a refreshed link', async () => {
    const tracker = installTracker();
    await loadScriptTag();
    tracker.session = 'et-session_2';
    document.body.insertAdjacentHTML('beforeend', '<a id="later" href="https://buy.stripe.com/later">Later</a>');
    await settleAll();
    expect(param(hrefOf('#later')!, 'engagetrack_session_id')).toBe('et-session_2');
    document.getElementById('buy')!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    expect(onLink().session).toBe('et-session_2');
  });

  it('uses the joined visitor+session reference of the tracker IDs', async () => {
    installTracker();
    await loadScriptTag({ 'reference-format': 'visitor+session' });
    expect(onLink().visitor).toBe('et-visitor_1_et-session_1');
  });

  const invalid: Array<[string, unknown, unknown]> = [
    ['an empty visitor', '', 'et-session_1'],
    ['a visitor with a character Stripe drops', 'et visitor', 'et-session_1'],
    ['a session with a character Stripe drops', 'et-visitor_1', 'sess/1'],
    ['a visitor over 200 characters', 'v'.repeat(201), 'et-session_1'],
    ['a number', 42, 'et-session_1'],
    ['null', null, null],
  ];
  for (const [name, visitor, session] of invalid) {
    it(`uses the SDK's own IDs when the tracker returns ${name}`, async () => {
      installTracker(visitor, session);
      await loadScriptTag();
      expect(onLink().visitor).toMatch(HEX32);
      expect(onLink().session).toMatch(HEX32);
      expect(registered()!.getVisitorId()).toBe(onLink().visitor);
    });
  }

  it("uses the SDK's own IDs when the joined visitor+session reference would pass 200 characters", async () => {
    installTracker('v'.repeat(120), 's'.repeat(100));
    await loadScriptTag({ 'reference-format': 'visitor+session' });
    expect(onLink().visitor).toMatch(/^[0-9a-f]{32}_[0-9a-f]{32}$/);
  });

  it("uses the SDK's own IDs while the tracker throws", async () => {
    const tracker = installTracker();
    tracker.getVisitorId = () => {
      throw new Error('not ready');
    };
    await loadScriptTag();
    expect(onLink().visitor).toMatch(HEX32);
  });

  it("the app's module started first: the tag that joins it still puts the tracker's IDs on the links", async () => {
    installTracker();
    const app = await loadSdk();
    // loadSdk() forgets the page's globals: put the tracker back, as the page had it before the tag.
    const tracker = installTracker();
    app.init();
    expect(onLink().visitor).toMatch(HEX32);
    await loadScriptTag();
    expect(window.engagetrack).toBe(tracker);
    document.body.insertAdjacentHTML('beforeend', '<a id="later" href="https://buy.stripe.com/later">Later</a>');
    await settleAll();
    expect(param(hrefOf('#later')!, 'client_reference_id')).toBe('et-visitor_1');
    // The links decorated before are brought in line at once, and the app reports the same IDs.
    expect(onLink()).toEqual({ visitor: 'et-visitor_1', session: 'et-session_1' });
    expect(app.getVisitorId()).toBe('et-visitor_1');
  });

  it('a tracker loaded after the tag does not take over: the SDK keeps its own IDs (load the tracker first)', async () => {
    await loadScriptTag();
    const own = onLink().visitor;
    expect(own).toMatch(HEX32);
    installTracker();
    document.body.insertAdjacentHTML('beforeend', '<a id="later" href="https://buy.stripe.com/later">Later</a>');
    await settleAll();
    expect(param(hrefOf('#later')!, 'client_reference_id')).toBe(own);
    expect(registered()!.getVisitorId()).toBe(own);
  });
});

describe('the npm module takes the IDs through the identity option', () => {
  it('puts the IDs identity() returns on the links, read at each pass', async () => {
    const sdk = await loadSdk();
    let session = 's-1_x';
    sdk.init({ identity: () => ['app-visitor-1', session] });
    expect(onLink()).toEqual({ visitor: 'app-visitor-1', session: 's-1_x' });
    session = 's-2_x';
    document.body.insertAdjacentHTML('beforeend', '<a id="later" href="https://buy.stripe.com/later">Later</a>');
    await settleAll();
    expect(param(hrefOf('#later')!, 'engagetrack_session_id')).toBe('s-2_x');
    expect(sdk.getVisitorId()).toBe('app-visitor-1');
    expect(sdk.decorateUrl('https://buy.stripe.com/x')).toBe(
      'https://buy.stripe.com/x?client_reference_id=app-visitor-1&prefilled_email=&engagetrack_session_id=s-2_x',
    );
  });

  it("falls back to the SDK's own IDs when identity() returns nothing or throws", async () => {
    const sdk = await loadSdk();
    let ready = false;
    sdk.init({
      identity: () => {
        if (!ready) throw new Error('not ready');
        return null;
      },
    });
    expect(onLink().visitor).toMatch(HEX32);
    ready = true;
    expect(sdk.getVisitorId()).toMatch(HEX32);
  });
});
