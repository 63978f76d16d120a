import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngageTrack } from '../../src/types.js';
import { API, clearStores, cookies, newPage, page, REGISTRY, STORE_KEY, settle, storedRecord } from './helpers.js';
import {
  HEX32,
  hrefOf,
  MINUTE,
  paramsOf,
  parseCookieWrite,
  restoreCookie,
  restoreNavigator,
  SECOND,
  spyStorage,
  stubNavigator,
  useClock,
} from './identity-helpers.js';

const BUNDLE = resolve(import.meta.dirname, '../../dist/engagetrack.min.js');
const DEBUG_BUNDLE = resolve(import.meta.dirname, '../../dist/engagetrack.debug.min.js');

/** The `<script>` element a merchant puts on the page, with `data-*` options; it becomes `document.currentScript`. */
function scriptTag(data: Record<string, string> = {}): HTMLScriptElement {
  const script = document.createElement('script');
  script.src = '/engagetrack.min.js';
  for (const [name, value] of Object.entries(data)) script.setAttribute(`data-${name}`, value);
  document.head.append(script);
  Object.defineProperty(document, 'currentScript', { get: () => script, configurable: true });
  return script;
}

/** Runs the script-tag entry (src/script.ts) as the browser runs the bundle, from a tag with `data`. */
async function loadScript(data: Record<string, string> = {}): Promise<EngageTrack> {
  scriptTag(data);
  vi.resetModules();
  await import('../../src/script.js');
  return window.engagetrack!;
}

/** Runs a built, minified bundle from a tag with `data`; returns what it exported to CommonJS too. */
function loadBundle(data: Record<string, string> = {}, file = BUNDLE): { api: EngageTrack; exported: unknown } {
  scriptTag(data);
  const module = { exports: {} as unknown };
  new Function('module', readFileSync(file, 'utf8'))(module);
  return { api: window.engagetrack!, exported: module.exports };
}

/** The few members of jsdom (untyped here) used to open pages on other sites. */
interface OtherWindow {
  document: Document;
  Document: typeof Document;
  engagetrack?: EngageTrack;
  crypto: Crypto;
  eval(code: string): unknown;
  close(): void;
}
const { JSDOM, CookieJar } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (html: string, options: object) => { window: OtherWindow };
  CookieJar: new () => object;
};
const openWindows: OtherWindow[] = [];

/**
 * Opens `url` in a fresh page (its own jsdom, sharing `jar` with other pages as one browser does),
 * runs the built bundle there from a `<script>` tag, and records the SDK's cookie writes.
 */
function openSite(url: string, jar: object = new CookieJar(), beforeLoad?: (window: OtherWindow) => void) {
  const { window } = new JSDOM('<a id="buy" href="https://buy.stripe.com/aBC">Buy</a>', {
    url,
    cookieJar: jar,
    runScripts: 'outside-only',
  });
  openWindows.push(window);
  const doc = window.document;
  const script = doc.createElement('script');
  doc.head.append(script);
  Object.defineProperty(doc, 'currentScript', { get: () => script, configurable: true });
  const native = Object.getOwnPropertyDescriptor(window.Document.prototype, 'cookie')!;
  const writes: string[] = [];
  Object.defineProperty(doc, 'cookie', {
    configurable: true,
    get: () => native.get!.call(doc),
    set: (value: string) => {
      writes.push(value);
      native.set!.call(doc, value);
    },
  });
  beforeLoad?.(window);
  window.eval(readFileSync(BUNDLE, 'utf8'));
  const api = window.engagetrack!;
  const visitor = api.getVisitorId();
  const sdkWrites = writes.map(parseCookieWrite).filter((write) => write.name === STORE_KEY);
  return { window, api, visitor, last: sdkWrites.at(-1)!, writes: sdkWrites };
}

const LINK = '<a id="buy" href="https://buy.stripe.com/aBC123dEfGhI?locale=fr">Buy</a>';

beforeEach(() => {
  clearStores();
  document.body.innerHTML = '';
  document.head.innerHTML = '';
});

afterEach(() => {
  // End automatic mode of the SDK the test installed (init() returns the running stop(), or starts one).
  (window as unknown as Record<symbol, EngageTrack | undefined>)[REGISTRY]?.init()();
  newPage();
  delete (document as unknown as Record<string, unknown>).currentScript;
  history.replaceState(null, '', '/products');
  for (const other of openWindows.splice(0)) other.close();
  restoreCookie();
  restoreNavigator();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('the script tag installs window.engagetrack', () => {
  it('with the eight functions of the API', async () => {
    const api = await loadScript();
    expect(Object.keys(api).sort()).toEqual(API);
    for (const name of API) expect(typeof api[name as keyof EngageTrack]).toBe('function');
    expect(api.getVisitorId()).toMatch(HEX32);
    expect(api.getSessionId()).toMatch(HEX32);
    expect(storedRecord('cookie')?.[0]).toBe(api.getVisitorId());
  });

  it('keeps the first window.engagetrack when the bundle is loaded twice, and decorates nothing twice', async () => {
    page(LINK);
    const first = await loadScript();
    const decorated = hrefOf('#buy');
    const changes: MutationRecord[] = [];
    const observer = new MutationObserver((records) => changes.push(...records));
    observer.observe(document.body, { attributes: true, subtree: true, childList: true });
    // The second copy asks for another reference format: it must change nothing.
    const second = await loadScript({ 'reference-format': 'visitor+session', 'overwrite-reference': 'true' });
    expect(second).toBe(first);
    expect(window.engagetrack).toBe(first);
    await settle();
    observer.disconnect();
    expect(hrefOf('#buy')).toBe(decorated);
    expect(changes).toEqual([]);
  });

  it('takes the place of a window.engagetrack that is not an SDK (a stub or queue set up before the tag)', async () => {
    page(LINK);
    const stub = { q: [] };
    (window as unknown as { engagetrack: unknown }).engagetrack = stub;
    const api = await loadScript();
    expect(api).not.toBe(stub);
    expect(Object.keys(api).sort()).toEqual(API);
    expect(paramsOf(hrefOf('#buy')).client_reference_id).toBe(api.getVisitorId());
  });

  it("leaves EngageTrack's tracker on window.engagetrack in place and puts its IDs on the links", async () => {
    page(LINK);
    const tracker = { getVisitorId: () => 'tracker-visitor_1', getSessionId: () => 'tracker-session_1' };
    (window as unknown as { engagetrack: unknown }).engagetrack = tracker;
    await loadScript();
    expect(window.engagetrack).toBe(tracker);
    expect(Object.keys(tracker)).toEqual(['getVisitorId', 'getSessionId']);
    expect(paramsOf(hrefOf('#buy'))).toMatchObject({
      client_reference_id: 'tracker-visitor_1',
      engagetrack_session_id: 'tracker-session_1',
    });
    // The SDK's own API stays reachable through the page's SDK registry.
    const sdk = (window as unknown as Record<symbol, EngageTrack>)[REGISTRY];
    expect(sdk.getVisitorId()).toBe('tracker-visitor_1');
  });

  it('replaces a window.engagetrack with getVisitorId() but no getSessionId() (not the tracker)', async () => {
    page(LINK);
    const half = { getVisitorId: () => 'x'.repeat(32) };
    (window as unknown as { engagetrack: unknown }).engagetrack = half;
    const api = await loadScript();
    expect(api).not.toBe(half);
    expect(Object.keys(api).sort()).toEqual(API);
    expect(paramsOf(hrefOf('#buy')).client_reference_id).toBe(api.getVisitorId());
    expect(api.getVisitorId()).toMatch(HEX32);
  });

  it('still installs and starts automatic mode when the browser gives no currentScript (a type="module" script)', async () => {
    page(LINK);
    Object.defineProperty(document, 'currentScript', { get: () => null, configurable: true });
    vi.resetModules();
    await import('../../src/script.js');
    const api = window.engagetrack!;
    expect(Object.keys(api).sort()).toEqual(API);
    expect(paramsOf(hrefOf('#buy')).client_reference_id).toBe(api.getVisitorId());
  });
});

describe('the script tag starts automatic mode', () => {
  it('decorates the payment links on the page, and those added later', async () => {
    page(LINK);
    const api = await loadScript();
    const params = paramsOf(hrefOf('#buy'));
    expect(params.client_reference_id).toBe(api.getVisitorId());
    expect(params.engagetrack_session_id).toBe(api.getSessionId());
    expect(params.locale).toBe('fr');
    document.body.insertAdjacentHTML('beforeend', '<a id="later" href="https://buy.stripe.com/later">Later</a>');
    await settle();
    expect(paramsOf(hrefOf('#later')).client_reference_id).toBe(api.getVisitorId());
  });

  it('changes nothing when the page calls init() again', async () => {
    page(LINK);
    const api = await loadScript();
    const decorated = hrefOf('#buy');
    const stop = api.init();
    expect(api.init({ referenceFormat: 'visitor+session', overwriteReference: true })).toBe(stop);
    api.decorateStripeLinks();
    expect(hrefOf('#buy')).toBe(decorated);
  });

  it('with data-auto="false" only configures: nothing is decorated until init() is called, with the data-* options', async () => {
    page(LINK);
    const original = hrefOf('#buy');
    const spy = spyStorage();
    const api = await loadScript({ auto: 'false', 'reference-format': 'visitor+session' });
    await settle();
    expect(hrefOf('#buy')).toBe(original);
    expect(spy.total()).toBe(0);
    document.body.insertAdjacentHTML('beforeend', '<a id="later" href="https://buy.stripe.com/later">Later</a>');
    await settle();
    expect(hrefOf('#later')).toBe('https://buy.stripe.com/later');

    api.init();
    expect(paramsOf(hrefOf('#buy')).client_reference_id).toBe(`${api.getVisitorId()}_${api.getSessionId()}`);
    expect(paramsOf(hrefOf('#later')).client_reference_id).toBe(`${api.getVisitorId()}_${api.getSessionId()}`);
  });
});

describe('data-* options on the script tag take effect', () => {
  it('data-payment-link-hosts: Stripe custom domains, comma-separated, any case', async () => {
    page(`
      <a id="a" href="https://pay.example.com/aBC">A</a>
      <a id="b" href="https://PAY.OTHER.COM/dEf">B</a>
      <a id="c" href="https://buy.stripe.com/gHi">C</a>
      <a id="d" href="https://pay.unlisted.com/jKl">D</a>`);
    const api = await loadScript({ 'payment-link-hosts': 'pay.example.com, Pay.Other.com' });
    const visitor = api.getVisitorId();
    expect(paramsOf(hrefOf('#a')).client_reference_id).toBe(visitor);
    expect(paramsOf(hrefOf('#b')).client_reference_id).toBe(visitor);
    expect(paramsOf(hrefOf('#c')).client_reference_id).toBe(visitor);
    expect(hrefOf('#d')).toBe('https://pay.unlisted.com/jKl');
    expect(api.decorateUrl('https://pay.other.com/x')).toContain(`client_reference_id=${visitor}`);
  });

  it('data-overwrite-reference="true" replaces the merchant\'s client_reference_id', async () => {
    page('<a id="buy" href="https://buy.stripe.com/aBC?client_reference_id=order-42">Buy</a>');
    const api = await loadScript({ 'overwrite-reference': 'true' });
    expect(paramsOf(hrefOf('#buy')).client_reference_id).toBe(api.getVisitorId());
  });

  it("without data-overwrite-reference the merchant's client_reference_id is kept (control)", async () => {
    page('<a id="buy" href="https://buy.stripe.com/aBC?client_reference_id=order-42">Buy</a>');
    const api = await loadScript();
    expect(paramsOf(hrefOf('#buy')).client_reference_id).toBe('order-42');
    expect(paramsOf(hrefOf('#buy')).engagetrack_session_id).toBe(api.getSessionId());
  });

  it('data-reference-format="visitor+session" puts <visitor>_<session> in client_reference_id', async () => {
    page(LINK);
    const api = await loadScript({ 'reference-format': 'visitor+session' });
    expect(paramsOf(hrefOf('#buy')).client_reference_id).toBe(`${api.getVisitorId()}_${api.getSessionId()}`);
  });

  it('data-forward-utm="true" adds the landing page\'s UTMs to payment links', async () => {
    history.replaceState(null, '', '/products?utm_source=newsletter&utm_medium=email&utm_campaign=spring%20sale');
    page(`${LINK}<a id="own" href="https://buy.stripe.com/own?utm_source=partner">Own</a>`);
    await loadScript({ 'forward-utm': 'true' });
    const params = paramsOf(hrefOf('#buy'));
    expect(params.utm_source).toBe('newsletter');
    expect(params.utm_medium).toBe('email');
    expect(params.utm_campaign).toBe('spring-sale');
    expect(params).not.toHaveProperty('utm_term');
    expect(paramsOf(hrefOf('#own')).utm_source).toBe('partner');
  });

  it('without data-forward-utm no UTM is added (control)', async () => {
    history.replaceState(null, '', '/products?utm_source=newsletter');
    page(LINK);
    await loadScript();
    expect(paramsOf(hrefOf('#buy'))).not.toHaveProperty('utm_source');
  });

  for (const value of ['required', 'pending', '', 'false']) {
    it(`data-consent="${value}" stores nothing until setConsent(true), links still decorated`, async () => {
      page(LINK);
      const spy = spyStorage();
      const api = await loadScript({ consent: value });
      const visitor = api.getVisitorId();
      expect(visitor).toMatch(HEX32);
      expect(paramsOf(hrefOf('#buy')).client_reference_id).toBe(visitor);
      expect(spy.total()).toBe(0);
      api.setConsent(true);
      expect(storedRecord('cookie')?.[0]).toBe(visitor);
    });
  }

  it('data-respect-privacy-signals="true" stores nothing when the browser sends GPC', async () => {
    stubNavigator('globalPrivacyControl', true);
    page(LINK);
    const api = await loadScript({ 'respect-privacy-signals': 'true' });
    expect(paramsOf(hrefOf('#buy')).client_reference_id).toBe(api.getVisitorId());
    expect(STORE_KEY in cookies()).toBe(false);
    expect(localStorage.getItem(STORE_KEY)).toBeNull();
  });

  it('data-session-timeout="5" starts a new session after 5 idle minutes', async () => {
    const clock = useClock();
    const api = await loadScript({ 'session-timeout': '5' });
    const session = api.getSessionId();
    clock.advance(4 * MINUTE + 59 * SECOND);
    expect(api.getSessionId()).toBe(session);
    clock.advance(5 * MINUTE);
    expect(api.getSessionId()).not.toBe(session);
  });

  it('data-cookie-domain="host" keeps the cookie host-only', async () => {
    const spy = spyStorage();
    const api = await loadScript({ 'cookie-domain': 'host' });
    const visitor = api.getVisitorId();
    const writes = spy.cookieWrites
      .map(parseCookieWrite)
      .filter((write) => write.name === STORE_KEY && write.attributes['max-age'] !== '0');
    expect(writes.length).toBeGreaterThan(0);
    for (const write of writes) expect(write.attributes).not.toHaveProperty('domain');
    expect(storedRecord('cookie')?.[0]).toBe(visitor);
  });

  it('the default cookie domain is the site (control): domain=shop.test', async () => {
    const spy = spyStorage();
    await loadScript();
    const writes = spy.cookieWrites.map(parseCookieWrite).filter((write) => write.name === STORE_KEY);
    expect(writes.at(-1)?.attributes.domain).toBe('shop.test');
  });

  it('data-debug="true" logs decorations to the console with an [engagetrack] prefix', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    page(LINK);
    await loadScript({ debug: 'true' });
    expect(log).toHaveBeenCalled();
    expect(log.mock.calls.some((args) => args[0] === '[engagetrack]')).toBe(true);
  });

  it('without data-debug nothing is logged (control)', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    page(LINK);
    await loadScript();
    expect(log).not.toHaveBeenCalled();
  });
});

describe('the built, minified bundle (dist/engagetrack.min.js) behaves the same', () => {
  it('installs window.engagetrack and decorates the page (it exports nothing to CommonJS)', () => {
    page(LINK);
    const { api, exported } = loadBundle();
    expect(Object.keys(api).sort()).toEqual(API);
    expect(exported).toEqual({});
    const visitor = api.getVisitorId();
    expect(visitor).toMatch(HEX32);
    expect(api.getSessionId()).toMatch(HEX32);
    expect(paramsOf(hrefOf('#buy'))).toMatchObject({
      locale: 'fr',
      client_reference_id: visitor,
      prefilled_email: '',
      engagetrack_session_id: api.getSessionId(),
    });
    expect(storedRecord('cookie')?.[0]).toBe(visitor);
    expect(storedRecord('localStorage')?.[0]).toBe(visitor);
  });

  it('reads its data-* options', () => {
    page(LINK);
    const original = hrefOf('#buy');
    const { api } = loadBundle({ auto: 'false', 'reference-format': 'visitor+session', consent: 'required' });
    expect(hrefOf('#buy')).toBe(original);
    api.init();
    expect(paramsOf(hrefOf('#buy')).client_reference_id).toBe(`${api.getVisitorId()}_${api.getSessionId()}`);
    expect(STORE_KEY in cookies()).toBe(false);
  });

  it('keeps the first window.engagetrack when loaded twice', () => {
    page(LINK);
    const { api: first } = loadBundle();
    const decorated = hrefOf('#buy');
    const { api: second } = loadBundle({ 'reference-format': 'visitor+session' });
    expect(second).toBe(first);
    expect(hrefOf('#buy')).toBe(decorated);
  });
});

describe('data-debug="true": the default bundle points at the debug build, which logs', () => {
  const NEAR_MISS = '<a id="near" href="https://buy.stripe.com.evil.example/x">Near miss</a>';

  it('the default bundle prints one line naming engagetrack.debug.min.js, and no log of its own', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    page(LINK + NEAR_MISS);
    const { api } = loadBundle({ debug: 'true' });
    api.decorateStripeLinks();
    expect(log.mock.calls).toEqual([['[engagetrack] logs: engagetrack.debug.min.js']]);
    expect(paramsOf(hrefOf('#buy')).client_reference_id).toBe(api.getVisitorId());
  });

  it('the debug bundle logs each decoration and each near miss, prefixed [engagetrack]', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    page(LINK + NEAR_MISS);
    const { api } = loadBundle({ debug: 'true' }, DEBUG_BUNDLE);
    expect(log.mock.calls.some(([prefix, message]) => prefix === '[engagetrack]' && message === 'decorated')).toBe(
      true,
    );
    expect(
      log.mock.calls.some(
        ([prefix, message]) => prefix === '[engagetrack]' && message === 'skipped https://buy.stripe.com.evil.example',
      ),
    ).toBe(true);
    expect(log.mock.calls.flat()).not.toContain('[engagetrack] logs: engagetrack.debug.min.js');
    expect(paramsOf(hrefOf('#buy')).client_reference_id).toBe(api.getVisitorId());
  });

  it('without data-debug neither bundle logs anything', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    page(LINK + NEAR_MISS);
    loadBundle({}, DEBUG_BUNDLE);
    expect(log).not.toHaveBeenCalled();
  });

  it('the debug bundle is the same SDK: same API, same decoration', () => {
    page(LINK);
    const { api } = loadBundle({ 'reference-format': 'visitor+session' }, DEBUG_BUNDLE);
    expect(Object.keys(api).sort()).toEqual(API);
    expect(paramsOf(hrefOf('#buy'))).toMatchObject({
      locale: 'fr',
      client_reference_id: `${api.getVisitorId()}_${api.getSessionId()}`,
      engagetrack_session_id: api.getSessionId(),
    });
  });
});

describe('the visitor cookie on other kinds of sites (built bundle, fresh pages)', () => {
  it('www.shop.test and app.shop.test share one visitor', () => {
    const browser = new CookieJar();
    const www = openSite('https://www.shop.test/', browser);
    const app = openSite('https://app.shop.test/pricing', browser);
    expect(www.last.attributes.domain).toBe('shop.test');
    expect(app.visitor).toBe(www.visitor);
  });

  it('the apex shop.test writes on shop.test itself, so it and www.shop.test share one visitor', () => {
    const browser = new CookieJar();
    const apex = openSite('https://shop.test/', browser);
    expect(apex.last.attributes.domain).toBe('shop.test');
    const www = openSite('https://www.shop.test/', browser);
    expect(www.visitor).toBe(apex.visitor);
    expect(openSite('https://shop.test/again', browser).visitor).toBe(apex.visitor);
  });

  it('a deeper subdomain writes on the highest domain that accepts it (a.b.shop.test → shop.test)', () => {
    expect(openSite('https://a.b.shop.test/').last.attributes.domain).toBe('shop.test');
  });

  it('never writes on a public suffix: app.shop.co.uk → shop.co.uk', () => {
    const site = openSite('https://app.shop.co.uk/');
    expect(site.last.attributes.domain).toBe('shop.co.uk');
  });

  it('x.vercel.app stays host-only, so another vercel.app site never sees the visitor', () => {
    const browser = new CookieJar();
    const mine = openSite('https://x.vercel.app/', browser);
    expect(mine.last.attributes).not.toHaveProperty('domain');
    expect(mine.window.document.cookie).toContain(mine.visitor);
    const theirs = openSite('https://y.vercel.app/', browser);
    expect(theirs.visitor).not.toBe(mine.visitor);
  });

  it('is host-only on localhost and keeps the visitor across pages', () => {
    const browser = new CookieJar();
    const first = openSite('https://localhost/', browser);
    expect(first.last.attributes).not.toHaveProperty('domain');
    expect(openSite('https://localhost/other', browser).visitor).toBe(first.visitor);
  });

  it('on a plain-http page: no Secure attribute (the browser would drop the cookie), IDs without crypto.randomUUID', () => {
    const browser = new CookieJar();
    const noRandomUuid = (window: OtherWindow) =>
      Object.defineProperty(window.crypto, 'randomUUID', { value: undefined, configurable: true });
    const first = openSite('http://www.shop.test/', browser, noRandomUuid);
    expect(first.visitor).toMatch(HEX32);
    expect(first.api.getSessionId()).toMatch(HEX32);
    expect(first.writes.length).toBeGreaterThan(0);
    for (const write of first.writes) expect(write.attributes).not.toHaveProperty('secure');
    expect(openSite('http://www.shop.test/again', browser, noRandomUuid).visitor).toBe(first.visitor);
  });

  it('on an https page the cookie is Secure (control)', () => {
    const site = openSite('https://www.shop.test/');
    expect(site.last.attributes).toHaveProperty('secure');
  });
});
