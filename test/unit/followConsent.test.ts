/**
 * followConsent() (engagetrack/consent): the logic of each signal and of their combination, in
 * jsdom, against a stand-in page SDK in the registry that records what it is told (the storage
 * effects of the real SDK run in real browsers: test/browser/consent-banners.test.ts), and the real
 * SDK for the case of an app that calls followConsent() before init(). The TCF CMP is IAB Tech Lab's
 * @iabtcf/cmpapi with TC strings from @iabtcf/core.
 */
import { readFileSync } from 'node:fs';
import { CmpApi, CmpApiModel } from '@iabtcf/cmpapi';
import { GVL, TCModel, TCString } from '@iabtcf/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { followConsent as FollowConsent } from '../../src/consent/index.js';
import { clearStores, newPage, REGISTRY, STORE_KEY, storedRecord } from './helpers.js';

type Page = Window &
  Record<string, unknown> & { dataLayer?: unknown[]; gtag?: (...args: unknown[]) => void; __tcfapi?: unknown };
const page = window as unknown as Page;

/** The page's SDK as followConsent() uses it: join() and setConsent(), recorded. */
function stubSdk() {
  const sdk = { v: 1, join: vi.fn(() => () => {}), setConsent: vi.fn() };
  (window as unknown as Record<symbol, unknown>)[REGISTRY] = sdk;
  return sdk;
}

/** `function gtag(){dataLayer.push(arguments)}`, as Google's snippet defines it. */
function installGtag(name = 'dataLayer') {
  page[name] = (page[name] as unknown[] | undefined) || [];
  page.gtag = function gtag() {
    // biome-ignore lint/complexity/noArguments: gtag pushes its arguments object, not an array.
    (page[name] as unknown[]).push(arguments);
  };
}

const vendorList = JSON.parse(readFileSync(`${process.cwd()}/examples/consent/vendor-list.json`, 'utf8'));
/** A TC string with consent to `purposes`. */
function tcString(purposes: number[]): string {
  const model = new TCModel(new GVL(vendorList));
  model.cmpId = 300;
  model.cmpVersion = 1;
  model.purposeConsents.set(purposes);
  return TCString.encode(model);
}

let followConsent: typeof FollowConsent;
let stop: (() => void) | undefined;
const follow = (...args: Parameters<typeof FollowConsent>) => {
  stop = followConsent(...args);
  return stop;
};

beforeEach(async () => {
  newPage();
  clearStores();
  vi.resetModules();
  ({ followConsent } = await import('../../src/consent/index.js'));
});

afterEach(() => {
  stop?.();
  // @iabtcf/cmpapi keeps its state in static fields: one CMP per page, a new page per test.
  CmpApiModel.reset();
  stop = undefined;
  for (const name of ['dataLayer', 'shopLayer', 'gtag', '__tcfapi', 'google_tag_data', 'wp_has_consent'])
    delete page[name];
  const sdk = (window as unknown as Record<symbol, { init?: () => () => void } | undefined>)[REGISTRY];
  if (typeof sdk?.init === 'function') sdk.init()();
  newPage();
  vi.useRealTimers();
});

describe('followConsent()', () => {
  it("makes consent 'required' on the page's SDK, through the page registry, without starting automatic mode", () => {
    const sdk = stubSdk();
    follow();
    expect(sdk.join).toHaveBeenCalledWith({ consent: 'required' }, false);
  });

  it('tells nothing on a page without any consent signal (unknown is not granted)', () => {
    const sdk = stubSdk();
    follow();
    expect(sdk.setConsent).not.toHaveBeenCalled();
  });

  it('a second call while it follows changes nothing: each change is told once', () => {
    const sdk = stubSdk();
    installGtag();
    follow();
    followConsent({ signals: ['tcf'] });
    page.gtag!('consent', 'update', { analytics_storage: 'granted' });
    expect(sdk.setConsent.mock.calls).toEqual([[true]]);
  });

  it('never throws: foreign objects that throw are no answer', () => {
    const sdk = stubSdk();
    page.google_tag_data = {
      ics: {
        getConsentState() {
          throw new Error('broken');
        },
      },
    };
    page.__tcfapi = () => {
      throw new Error('broken CMP');
    };
    page.dataLayer = [
      new Proxy([], {
        get() {
          throw new Error('hostile');
        },
      }),
    ];
    expect(() => follow()).not.toThrow();
    expect(() =>
      (page.dataLayer as unknown[]).push(['consent', 'update', { analytics_storage: 'granted' }]),
    ).not.toThrow();
    expect(sdk.setConsent).not.toHaveBeenCalled();
  });

  it('stop() takes its dataLayer.push off, removes its listeners, and tells nothing more', () => {
    const sdk = stubSdk();
    installGtag();
    const push = page.dataLayer!.push;
    follow();
    expect(page.dataLayer!.push).not.toBe(push);
    stop!();
    expect(page.dataLayer!.push).toBe(push);
    page.gtag!('consent', 'update', { analytics_storage: 'granted' });
    document.dispatchEvent(new CustomEvent('wp_listen_for_consent_change', { detail: { statistics: 'allow' } }));
    expect(sdk.setConsent).not.toHaveBeenCalled();
  });
});

describe('Google Consent Mode v2', () => {
  it('a default denial tells nothing; an update granted tells setConsent(true); an update denied setConsent(false)', () => {
    const sdk = stubSdk();
    installGtag();
    page.gtag!('consent', 'default', { analytics_storage: 'denied', wait_for_update: 500 });
    follow();
    expect(sdk.setConsent).not.toHaveBeenCalled();
    page.gtag!('consent', 'update', { analytics_storage: 'granted' });
    expect(sdk.setConsent.mock.calls).toEqual([[true]]);
    page.gtag!('consent', 'update', { ad_storage: 'denied' }); // another type: no change
    page.gtag!('consent', 'update', { analytics_storage: 'denied' });
    expect(sdk.setConsent.mock.calls).toEqual([[true], [false]]);
  });

  it('reads the commands already in the dataLayer when it starts (an update there grants at once)', () => {
    const sdk = stubSdk();
    installGtag();
    page.gtag!('consent', 'default', { analytics_storage: 'denied' });
    page.gtag!('consent', 'update', { analytics_storage: 'granted' });
    follow();
    expect(sdk.setConsent.mock.calls).toEqual([[true]]);
  });

  it('a default never grants (only the update it waits for counts)', () => {
    const sdk = stubSdk();
    installGtag();
    page.gtag!('consent', 'default', { analytics_storage: 'granted', wait_for_update: 500 });
    follow();
    expect(sdk.setConsent).not.toHaveBeenCalled();
  });

  it('a default that names a region is ignored: it withholds nothing', () => {
    const sdk = stubSdk();
    installGtag();
    page.gtag!('consent', 'default', { analytics_storage: 'denied', region: ['DE'] });
    page.__tcfapi = (_command: string, _version: number, callback: (data: unknown, success: boolean) => void) =>
      callback({ eventStatus: 'tcloaded', gdprApplies: true, purpose: { consents: { 1: true } } }, true);
    follow();
    expect(sdk.setConsent.mock.calls).toEqual([[true]]);
  });

  it("Google's state for the visitor's region grants (1): a region where the page grants by default", () => {
    const sdk = stubSdk();
    page.google_tag_data = { ics: { getConsentState: () => 1 } };
    installGtag();
    // Denied for the EEA only: the regional default itself is ignored; Google's tag applied it (here: 1).
    page.gtag!('consent', 'default', { analytics_storage: 'denied', region: ['AT', 'DE'] });
    follow();
    expect(sdk.setConsent.mock.calls).toEqual([[true]]);
  });

  it("Google's state 1 waits for the update while the page's default asks to wait_for_update", () => {
    const sdk = stubSdk();
    page.google_tag_data = { ics: { getConsentState: () => 1 } };
    installGtag();
    page.gtag!('consent', 'default', { analytics_storage: 'granted', wait_for_update: 500 });
    follow();
    expect(sdk.setConsent).not.toHaveBeenCalled();
    page.gtag!('consent', 'update', { analytics_storage: 'denied' });
    expect(sdk.setConsent.mock.calls).toEqual([[false]]);
  });

  it("Google's state decides the default for the visitor's region (2: withheld) and its entries' update decides", () => {
    const sdk = stubSdk();
    const state = { entries: {} as Record<string, { update?: boolean }>, getConsentState: () => 2 };
    page.google_tag_data = { ics: state };
    page.__tcfapi = (_command: string, _version: number, callback: (data: unknown, success: boolean) => void) =>
      callback({ eventStatus: 'tcloaded', gdprApplies: false }, true);
    installGtag();
    follow();
    expect(sdk.setConsent).not.toHaveBeenCalled(); // TCF grants, Google withholds
    state.entries.analytics_storage = { update: true };
    state.getConsentState = () => 1;
    page.dataLayer!.push({ event: 'cmp_consent_update' }); // any push is a look
    expect(sdk.setConsent.mock.calls).toEqual([[true]]);
    state.entries.analytics_storage = { update: false };
    page.dataLayer!.push({ event: 'cmp_consent_update' });
    expect(sdk.setConsent.mock.calls).toEqual([[true], [false]]);
  });

  it('googleConsentTypes must all be granted; dataLayer names the layer', () => {
    const sdk = stubSdk();
    installGtag('shopLayer');
    follow({ googleConsentTypes: ['analytics_storage', 'ad_storage'], dataLayer: 'shopLayer' });
    page.gtag!('consent', 'update', { analytics_storage: 'granted' });
    expect(sdk.setConsent).not.toHaveBeenCalled();
    page.gtag!('consent', 'update', { ad_storage: 'granted' });
    expect(sdk.setConsent.mock.calls).toEqual([[true]]);
  });

  it("the page's dataLayer.push keeps working and returning what it returned, with its `this`", () => {
    stubSdk();
    const layer: unknown[] = [];
    let seen: unknown;
    layer.push = function (this: unknown, ...items: unknown[]) {
      seen = this;
      Array.prototype.push.apply(layer, items);
      return 'gtm-result';
    } as never;
    page.dataLayer = layer;
    follow();
    expect(layer.push({ event: 'x' })).toBe('gtm-result');
    expect(seen).toBe(layer);
    expect([...layer]).toEqual([{ event: 'x' }]);
  });

  it("a push function that Google's tag puts on top of ours (calling ours first) still brings each update", () => {
    const sdk = stubSdk();
    installGtag();
    follow();
    const ours = page.dataLayer!.push;
    (page.dataLayer as { push: unknown }).push = (...items: unknown[]) => {
      ours.apply(page.dataLayer, items);
      return true; // GTM's push returns a boolean
    };
    page.gtag!('consent', 'update', { analytics_storage: 'granted' });
    expect(sdk.setConsent.mock.calls).toEqual([[true]]);
  });

  it('a dataLayer created after the start is found at the next look: a script of the page loaded', () => {
    const sdk = stubSdk();
    follow();
    installGtag();
    page.gtag!('consent', 'update', { analytics_storage: 'granted' });
    expect(sdk.setConsent).not.toHaveBeenCalled();
    // Google's tag (or any script) loads after the snippet: a look.
    const script = document.createElement('script');
    document.head.append(script);
    script.dispatchEvent(new Event('load'));
    script.remove();
    expect(sdk.setConsent.mock.calls).toEqual([[true]]);
  });

  it('a signal set up after the start without loading anything (inline scripts after the tag) is found when the window has loaded', () => {
    const sdk = stubSdk();
    follow();
    installGtag();
    page.gtag!('consent', 'update', { analytics_storage: 'granted' });
    page.wp_has_consent = () => true;
    expect(sdk.setConsent).not.toHaveBeenCalled();
    window.dispatchEvent(new Event('load'));
    expect(sdk.setConsent.mock.calls).toEqual([[true]]);
    // Found once: a later update comes through the push.
    page.gtag!('consent', 'update', { analytics_storage: 'denied' });
    expect(sdk.setConsent.mock.calls).toEqual([[true], [false]]);
  });

  it('sets no timer: nothing runs on an idle page', () => {
    vi.useFakeTimers();
    stubSdk();
    follow();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('IAB TCF v2.2 (@iabtcf/cmpapi)', () => {
  it('tcloaded with purpose 1 grants; a later TC string without it denies; cmpuishown tells nothing', () => {
    const sdk = stubSdk();
    const cmp = new CmpApi(300, 1, false);
    follow();
    cmp.update('', true); // cmpuishown: the banner is open
    expect(sdk.setConsent).not.toHaveBeenCalled();
    cmp.update(tcString([1, 7]), false);
    expect(sdk.setConsent.mock.calls).toEqual([[true]]);
    cmp.update('', true); // the visitor opens the banner again: the grant stands
    cmp.update(tcString([7]), false);
    expect(sdk.setConsent.mock.calls).toEqual([[true], [false]]);
  });

  it('gdprApplies: false grants', () => {
    const sdk = stubSdk();
    const cmp = new CmpApi(300, 1, false);
    follow();
    cmp.update(null);
    expect(sdk.setConsent.mock.calls).toEqual([[true]]);
  });

  it('tcfPurposes must all have consent', () => {
    const sdk = stubSdk();
    const cmp = new CmpApi(300, 1, false);
    follow({ tcfPurposes: [1, 8] });
    cmp.update(tcString([1]), false);
    expect(sdk.setConsent.mock.calls).toEqual([[false]]);
    cmp.update(tcString([1, 8]), false);
    expect(sdk.setConsent.mock.calls).toEqual([[false], [true]]);
  });

  it('a CMP that appears after the start is found at the next look (its script loaded); stop() removes the listener by its ID', () => {
    const sdk = stubSdk();
    follow();
    const cmp = new CmpApi(300, 1, false);
    // What the CMP is asked, recorded on the way.
    const asked: unknown[][] = [];
    const apiCall = page.__tcfapi as (...args: unknown[]) => unknown;
    page.__tcfapi = (...args: unknown[]) => {
      asked.push(args);
      return apiCall(...args);
    };
    cmp.update(tcString([1]), false);
    expect(sdk.setConsent).not.toHaveBeenCalled();
    // The CMP's script element loaded (as when a tag manager inserts it): a look.
    const script = document.createElement('script');
    document.head.append(script);
    script.dispatchEvent(new Event('load'));
    script.remove();
    expect(sdk.setConsent.mock.calls).toEqual([[true]]);
    stop!();
    expect(asked.map(([command]) => command)).toEqual(['addEventListener', 'removeEventListener']);
    expect(asked[1]).toEqual(['removeEventListener', 2, expect.any(Function), 0]);
  });
});

describe('WordPress Consent API', () => {
  /** The API as documented: wp_has_consent(category), and the change event on document. */
  function wordpress(allowed: boolean) {
    const state = { allowed };
    page.wp_has_consent = (category: string) => category === 'statistics' && state.allowed;
    const change = (value: 'allow' | 'deny') => {
      state.allowed = value === 'allow';
      document.dispatchEvent(new CustomEvent('wp_listen_for_consent_change', { detail: { statistics: value } }));
    };
    return change;
  }

  it('wp_has_consent("statistics") true grants; false (no choice yet, or against) is a denial', () => {
    const sdk = stubSdk();
    const change = wordpress(false);
    follow();
    expect(sdk.setConsent.mock.calls).toEqual([[false]]); // not chosen yet under opt-in: nothing stored
    change('allow');
    change('deny');
    expect(sdk.setConsent.mock.calls).toEqual([[false], [true], [false]]);
  });
});

describe('several signals', () => {
  it('a denial from any followed signal wins; a withheld answer keeps a grant from counting', () => {
    const sdk = stubSdk();
    installGtag();
    page.gtag!('consent', 'default', { analytics_storage: 'denied' });
    const cmp = new CmpApi(300, 1, false);
    follow();
    cmp.update(tcString([1]), false);
    expect(sdk.setConsent).not.toHaveBeenCalled();
    page.gtag!('consent', 'update', { analytics_storage: 'granted' });
    expect(sdk.setConsent.mock.calls).toEqual([[true]]);
    cmp.update(tcString([]), false);
    expect(sdk.setConsent.mock.calls).toEqual([[true], [false]]);
  });

  it("a page's own setConsent() stands until a signal's answer changes, also when together they still deny", () => {
    const sdk = stubSdk();
    installGtag();
    const cmp = new CmpApi(300, 1, false);
    follow();
    cmp.update(tcString([]), false);
    expect(sdk.setConsent.mock.calls).toEqual([[false]]);
    // The page calls setConsent(true) itself (its own button); a push that changes no answer leaves it.
    page.gtag!('event', 'page_view');
    expect(sdk.setConsent.mock.calls).toEqual([[false]]);
    // Then the visitor denies in the Consent Mode banner: a new denial, told although TCF denied already.
    page.gtag!('consent', 'update', { analytics_storage: 'denied' });
    expect(sdk.setConsent.mock.calls).toEqual([[false], [false]]);
  });

  it('a signal whose objects throw grants nothing, and cannot silence a denial from another', () => {
    const sdk = stubSdk();
    installGtag();
    page.gtag!('consent', 'update', { analytics_storage: 'granted' });
    let broken = false;
    page.wp_has_consent = () => {
      if (broken) throw new Error('broken plugin');
      return true;
    };
    follow();
    expect(sdk.setConsent.mock.calls).toEqual([[true]]);
    broken = true;
    page.gtag!('consent', 'update', { analytics_storage: 'denied' });
    expect(sdk.setConsent.mock.calls).toEqual([[true], [false]]);
    // Google grants again: the broken signal has no answer, so nothing is granted.
    page.gtag!('consent', 'update', { analytics_storage: 'granted' });
    expect(sdk.setConsent.mock.calls).toEqual([[true], [false]]);
  });

  it('a dataLayer that is not an array (an element with id="dataLayer" is window.dataLayer) answers nothing and blocks no other signal', () => {
    const sdk = stubSdk();
    // Browsers' named access makes it so; jsdom has none: set it as they would.
    const element = document.createElement('div');
    element.id = 'dataLayer';
    (page as Record<string, unknown>).dataLayer = element;
    const cmp = new CmpApi(300, 1, false);
    follow();
    cmp.update(tcString([1]), false);
    expect(sdk.setConsent.mock.calls).toEqual([[true]]);
  });

  it('signals names those followed', () => {
    const sdk = stubSdk();
    const cmp = new CmpApi(300, 1, false);
    installGtag();
    follow({ signals: ['google'] });
    cmp.update(tcString([1]), false);
    expect(sdk.setConsent).not.toHaveBeenCalled();
  });
});

describe('an app that calls followConsent() before init()', () => {
  it("consent is 'required' before the SDK stores anything; the grant stores the visitor the links carried; the app's options apply", async () => {
    document.body.innerHTML = '<a id="buy" href="https://buy.stripe.com/test_x">Buy</a>';
    installGtag();
    page.gtag!('consent', 'default', { analytics_storage: 'denied' });
    follow();
    const sdk = await import('../../src/index.js');
    sdk.init({ referenceFormat: 'visitor+session' });
    expect(storedRecord('cookie')).toBeUndefined();
    expect(storedRecord('localStorage')).toBeUndefined();
    const [visitor, session] = [sdk.getVisitorId(), sdk.getSessionId()];
    const link = () => new URL(document.querySelector('a')!.href).searchParams.get('client_reference_id');
    expect(link()).toBe(`${visitor}_${session}`);
    page.gtag!('consent', 'update', { analytics_storage: 'granted' });
    expect(storedRecord('localStorage')?.slice(0, 2)).toEqual([visitor, session]);
    expect(storedRecord('cookie')?.slice(0, 2)).toEqual([visitor, session]);
  });

  it('functions called before init() store nothing, and an app that never calls init() is followed; automatic mode waits for init()', async () => {
    document.body.innerHTML = '<a id="buy" href="https://buy.stripe.com/test_x">Buy</a>';
    installGtag();
    page.gtag!('consent', 'default', { analytics_storage: 'denied' });
    follow();
    const sdk = await import('../../src/index.js');
    // A component that reads the IDs while it renders, before <EngageTrack /> mounts.
    const visitor = sdk.getVisitorId();
    expect(sdk.getCheckoutMetadata().engagetrack_visitor_id).toBe(visitor);
    expect(storedRecord('cookie')).toBeUndefined();
    expect(localStorage.getItem(STORE_KEY)).toBeNull();
    // The links parsed so far carry the in-memory visitor; a link added now waits for init().
    expect(
      new URL(document.querySelector<HTMLAnchorElement>('#buy')!.href).searchParams.get('client_reference_id'),
    ).toBe(visitor);
    const later = document.createElement('a');
    later.href = 'https://buy.stripe.com/test_later';
    document.body.append(later);
    await new Promise((resolve) => setTimeout(resolve));
    expect(later.href).toBe('https://buy.stripe.com/test_later');
    page.gtag!('consent', 'update', { analytics_storage: 'granted' });
    expect(storedRecord('localStorage')?.[0]).toBe(visitor);
    expect(storedRecord('cookie')?.[0]).toBe(visitor);
  });

  it('a grant already in the dataLayer stores at once the visitor init() then reports', async () => {
    installGtag();
    page.gtag!('consent', 'update', { analytics_storage: 'granted' });
    follow();
    const sdk = await import('../../src/index.js');
    sdk.init();
    expect(storedRecord('localStorage')?.[0]).toBe(sdk.getVisitorId());
    expect(localStorage.getItem(STORE_KEY)).not.toBeNull();
  });
});

describe('options as a JavaScript caller may write them', () => {
  it('signal names in any case, and empty lists, read as the defaults would', () => {
    const sdk = stubSdk();
    installGtag();
    follow({ signals: ['Google' as 'google'], googleConsentTypes: [], tcfPurposes: [] });
    page.gtag!('consent', 'update', { analytics_storage: 'granted' });
    expect(sdk.setConsent.mock.calls).toEqual([[true]]);
  });
});
