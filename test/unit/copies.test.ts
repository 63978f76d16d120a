/**
 * One SDK per page: however many copies of the SDK a page holds (the script tag, an npm module,
 * another version, a widget that bundles it), the first to start owns identity, consent and automatic
 * mode; later copies join it and act on it. Two copies are loaded here as two fresh module instances
 * on one jsdom page (the script tag's copy is src/script.ts, loaded the same way).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hrefOf, param, settleAll, watchAttributes } from './decorate-helpers.js';
import {
  API,
  clearStores,
  cookies,
  loadAnotherCopy,
  loadScriptTag,
  loadSdk,
  newPage,
  page,
  REGISTRY,
  registered,
  STORE_KEY,
  settle,
  storedRecord,
} from './helpers.js';
import { record, setStoredCookie, someId, spyStorage } from './identity-helpers.js';

type Sdk = Awaited<ReturnType<typeof loadSdk>>;

const LINKS =
  '<a id="buy" href="https://buy.stripe.com/aBC">Buy</a><stripe-pricing-table id="table"></stripe-pricing-table>';

let floodGuard: ReturnType<typeof watchAttributes> | undefined;
beforeEach(() => {
  clearStores();
  newPage();
  page(LINKS);
  document.head.innerHTML = '';
  // A decoration loop between copies would flood the page with mutations: stop it and fail instead of hanging.
  floodGuard = watchAttributes(document, 2000, () => registered()?.init()());
});

afterEach(() => {
  // Copies that fight over a link flood the page: the test that let them fails here.
  const flooded = floodGuard?.flooded();
  floodGuard?.stop();
  expect(flooded, 'copies rewrote the page more than 2,000 times: they fight over a link').toBe(false);
  const entry = registered();
  if (typeof entry?.init === 'function') entry.init()();
  newPage();
  vi.restoreAllMocks();
});

const linkIds = () => ({
  visitor: param(hrefOf('#buy')!, 'client_reference_id'),
  session: param(hrefOf('#buy')!, 'engagetrack_session_id'),
});

describe('two npm copies on one page act as one SDK', () => {
  let first: Sdk;
  let second: Sdk;
  beforeEach(async () => {
    first = await loadSdk();
    first.init();
    second = await loadAnotherCopy();
  });

  it('report the same IDs, even before consent (in memory only)', async () => {
    // A new page: the copies above end with it.
    first.init()();
    clearStores();
    newPage();
    first = await loadSdk();
    first.init({ consent: 'required' });
    second = await loadAnotherCopy();
    expect(second.getVisitorId()).toBe(first.getVisitorId());
    expect(second.getSessionId()).toBe(first.getSessionId());
    expect(second.getCheckoutMetadata()).toEqual(first.getCheckoutMetadata());
    expect(cookies()[STORE_KEY]).toBeUndefined();
  });

  it("the second copy's init() joins: one automatic mode, no loop, the same stop()", async () => {
    const records = watchAttributes(document.body);
    const stop = second.init({ overwriteReference: true, referenceFormat: 'visitor+session' });
    expect(second.init()).toBe(stop);
    await settleAll();
    // Automatic mode runs (it was already): options of a later init() change nothing.
    expect(records.records()).toEqual([]);
    expect(linkIds().visitor).toBe(first.getVisitorId());
    document.body.insertAdjacentHTML('beforeend', '<a id="later" href="https://buy.stripe.com/later">Later</a>');
    await settleAll();
    expect(param(hrefOf('#later')!, 'client_reference_id')).toBe(first.getVisitorId());
    // One write for the new link, by one observer.
    expect(records.records().filter((r) => r.type === 'attributes')).toHaveLength(1);
    records.stop();
  });

  it("the second copy's stop() ends the page's automatic mode", async () => {
    second.init()();
    document.body.insertAdjacentHTML('beforeend', '<a id="later" href="https://buy.stripe.com/later">Later</a>');
    await settle();
    expect(hrefOf('#later')).toBe('https://buy.stripe.com/later');
  });

  it("the second copy's reset(), decorateUrl() and decorateStripeLinks() act on the first", () => {
    const before = first.getVisitorId();
    second.reset();
    expect(first.getVisitorId()).not.toBe(before);
    expect(linkIds().visitor).toBe(first.getVisitorId());
    expect(param(second.decorateUrl('https://buy.stripe.com/x'), 'client_reference_id')).toBe(first.getVisitorId());
    expect(second.decorateStripeLinks()).toBe(2);
  });

  it('the first copy owns consent: setConsent() of either copy acts on it', () => {
    clearStores();
    second.setConsent(false);
    expect(cookies()[STORE_KEY]).toBeUndefined();
    first.getVisitorId();
    expect(cookies()[STORE_KEY]).toBeUndefined();
    second.setConsent(true);
    expect(storedRecord('cookie')?.[0]).toBe(first.getVisitorId());
  });
});

describe('consent: a joining copy can only make it stricter', () => {
  it('an app requiring consent that starts before a default script tag: nothing is stored', async () => {
    const spy = spyStorage();
    const app = await loadSdk();
    app.init({ consent: 'required' });
    await loadScriptTag();
    await settleAll();
    expect(spy.total()).toBe(0);
    expect(window.engagetrack!.getVisitorId()).toBe(app.getVisitorId());
    expect(linkIds().visitor).toBe(app.getVisitorId());
    app.setConsent(true);
    expect(storedRecord('cookie')?.[0]).toBe(app.getVisitorId());
  });

  it('a default script tag first, then an app requiring consent: what was stored is deleted, nothing more is', async () => {
    await loadScriptTag();
    const tagVisitor = window.engagetrack!.getVisitorId();
    expect(cookies()[STORE_KEY]).toContain(tagVisitor);
    const app = await loadAnotherCopy();
    app.init({ consent: 'required' });
    expect(cookies()[STORE_KEY]).toBeUndefined();
    expect(localStorage.getItem(STORE_KEY)).toBeNull();
    const spy = spyStorage();
    // The IDs go on in memory: the page keeps its visitor.
    expect(app.getVisitorId()).toBe(tagVisitor);
    document.body.insertAdjacentHTML('beforeend', '<a id="later" href="https://buy.stripe.com/later">Later</a>');
    await settleAll();
    expect(spy.total()).toBe(0);
    app.setConsent(true);
    expect(storedRecord('cookie')?.[0]).toBe(tagVisitor);
  });

  it("a joining copy's consent: 'granted' does not loosen an owner's consent: 'required'", async () => {
    await loadScriptTag({ consent: 'required' });
    const app = await loadAnotherCopy();
    app.init({ consent: 'granted' });
    app.getVisitorId();
    expect(cookies()[STORE_KEY]).toBeUndefined();
    expect(localStorage.getItem(STORE_KEY)).toBeNull();
  });

  it('setConsent(true) answered before a stricter copy joins stands', async () => {
    const owner = await loadSdk();
    owner.init();
    owner.setConsent(true);
    const app = await loadAnotherCopy();
    app.init({ consent: 'required' });
    expect(storedRecord('cookie')?.[0]).toBe(owner.getVisitorId());
  });
});

describe('the script tag and the npm module, in either order', () => {
  it('tag first: the module joins it; window.engagetrack reports the IDs on the links', async () => {
    await loadScriptTag({ 'overwrite-reference': 'true', 'reference-format': 'visitor+session' });
    const app = await loadAnotherCopy();
    app.init({ overwriteReference: true });
    await settleAll();
    const api = window.engagetrack!;
    expect(app.getVisitorId()).toBe(api.getVisitorId());
    expect(param(hrefOf('#buy')!, 'client_reference_id')).toBe(`${api.getVisitorId()}_${api.getSessionId()}`);
  });

  it('module first: the tag joins it and installs its API as window.engagetrack', async () => {
    const app = await loadSdk();
    app.init({ overwriteReference: true });
    await loadScriptTag({ 'overwrite-reference': 'true', 'reference-format': 'visitor+session' });
    await settleAll();
    const api = window.engagetrack!;
    expect(Object.keys(api).sort()).toEqual(API);
    expect(api.getVisitorId()).toBe(app.getVisitorId());
    // The module's options were first: the tag's reference format came later, while automatic mode ran.
    expect(linkIds()).toEqual({ visitor: app.getVisitorId(), session: app.getSessionId() });
  });

  it('a configure-only tag (data-auto="false") that joins a module configures nothing while it runs', async () => {
    const app = await loadSdk();
    app.init();
    await loadScriptTag({ auto: 'false', 'reference-format': 'visitor+session' });
    expect(linkIds().visitor).toBe(app.getVisitorId());
  });

  it('the same bundle loaded twice registers one SDK and decorates once', async () => {
    await loadScriptTag();
    const sdk = registered();
    const api = window.engagetrack;
    const records = watchAttributes(document.body);
    await loadScriptTag({ 'reference-format': 'visitor+session' });
    await settleAll();
    expect(registered()).toBe(sdk);
    expect(window.engagetrack).toBe(api);
    expect(records.records()).toEqual([]);
    records.stop();
  });
});

describe('the page registry is a small versioned protocol', () => {
  it('registers the first copy under Symbol.for("engagetrack"), version 1, with the API', async () => {
    const sdk = await loadSdk();
    expect(registered()).toBeUndefined();
    sdk.getVisitorId();
    // Only starting (init() or the script tag) claims the page.
    expect(registered()).toBeUndefined();
    sdk.init();
    const entry = registered()!;
    expect(entry.v).toBe(1);
    expect(entry.getVisitorId()).toBe(sdk.getVisitorId());
  });

  it('a copy joins any SDK registered there (another version), calling its members', async () => {
    const calls: string[] = [];
    const other = {
      v: 1,
      getVisitorId: () => {
        calls.push('getVisitorId');
        return 'other-visitor-0000001';
      },
      getSessionId: () => 'other-session-0000001',
      getCheckoutMetadata: () => ({ engagetrack_visitor_id: 'other', engagetrack_session_id: 'other' }),
      decorateUrl: (url: string) => `${url}?other`,
      decorateStripeLinks: () => 42,
      init: () => () => {},
      setConsent: (granted: boolean) => calls.push(`setConsent ${granted}`),
      reset: () => calls.push('reset'),
      join: (options?: object) => {
        calls.push(`join ${JSON.stringify(options)}`);
        return () => calls.push('stop');
      },
    };
    (window as unknown as Record<symbol, unknown>)[REGISTRY] = { ...other, api: other };
    const sdk = await loadAnotherCopy();
    expect(sdk.getVisitorId()).toBe('other-visitor-0000001');
    expect(sdk.decorateUrl('https://buy.stripe.com/x')).toBe('https://buy.stripe.com/x?other');
    expect(sdk.decorateStripeLinks()).toBe(42);
    sdk.setConsent(true);
    sdk.reset();
    sdk.init({ sessionTimeout: 5 })();
    expect(calls).toEqual(['getVisitorId', 'setConsent true', 'reset', 'join {"sessionTimeout":5}', 'stop']);
    // Nothing of this copy's own ran: nothing stored, nothing decorated.
    expect(cookies()[STORE_KEY]).toBeUndefined();
    expect(hrefOf('#buy')).toBe('https://buy.stripe.com/aBC');
  });

  it('a registered SDK that throws never throws into the page', async () => {
    (window as unknown as Record<symbol, unknown>)[REGISTRY] = {
      v: 1,
      getVisitorId: () => {
        throw new Error('broken');
      },
    };
    const sdk = await loadAnotherCopy();
    expect(sdk.getVisitorId()).toBe('');
    expect(sdk.decorateUrl('https://buy.stripe.com/x')).toBe('https://buy.stripe.com/x');
    expect(typeof sdk.init()).toBe('function');
  });
});

describe('copies with a stored visitor', () => {
  it('the joining copy adopts nothing of its own: the owner read the stores', async () => {
    setStoredCookie(record(someId('a'), someId('b'), Date.now(), Date.now()), 'shop.test');
    const owner = await loadSdk();
    owner.init();
    const joiner = await loadAnotherCopy();
    expect(joiner.getVisitorId()).toBe(someId('a'));
    expect(owner.getVisitorId()).toBe(someId('a'));
  });
});

describe('the flood guard of these tests', () => {
  it('sees two scripts that rewrite the same link without end', async () => {
    const guard = watchAttributes(document, 2000, () => {
      for (const observer of fight) observer.disconnect();
    });
    const link = document.getElementById('buy')!;
    // Two scripts that each put their own value back whenever the other changed it.
    const fight = ['a', 'b'].map((mine) => {
      const observer = new MutationObserver(() => {
        if (link.getAttribute('data-owner') !== mine) link.setAttribute('data-owner', mine);
      });
      observer.observe(link, { attributes: true, attributeFilter: ['data-owner'] });
      return observer;
    });
    link.setAttribute('data-owner', 'start');
    await settleAll(50);
    expect(guard.flooded()).toBe(true);
    guard.stop();
    // This file's own guard saw the fight too; a fresh one checks the quiet page that is left.
    expect(floodGuard?.flooded()).toBe(true);
    floodGuard?.stop();
    floodGuard = watchAttributes(document, 2000);
  });
});
