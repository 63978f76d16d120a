import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearStores, cookies, ID, loadSdk, page, STORE_KEY, storedRecord } from './helpers.js';
import {
  blockCookies,
  blockLocalStorageAccess,
  breakLocalStorage,
  HEX32,
  keep,
  MINUTE,
  parseCookieWrite,
  record,
  restoreCookie,
  SECOND,
  setStoredCookie,
  setStoredLocal,
  someId,
  spyStorage,
  stopAll,
  storedCookie,
  useClock,
} from './identity-helpers.js';

beforeEach(() => {
  clearStores();
  document.body.innerHTML = '';
});

afterEach(() => {
  stopAll();
  restoreCookie();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** The SDK's writes of its own cookie, deletions (max-age=0) left out. */
function sdkCookieWrites(writes: string[]) {
  return writes
    .map(parseCookieWrite)
    .filter((write) => write.name === STORE_KEY && write.attributes['max-age'] !== '0');
}

describe('visitor and session IDs are safe to send to Stripe as client_reference_id', () => {
  it('uses 32 lower-case hex digits (128 random bits) for both IDs', async () => {
    const sdk = await loadSdk();
    expect(sdk.getVisitorId()).toMatch(HEX32);
    expect(sdk.getSessionId()).toMatch(HEX32);
  });

  it('uses only letters, digits and hyphens, 16 to 64 characters, never an underscore', async () => {
    const sdk = await loadSdk();
    for (let i = 0; i < 20; i++) {
      sdk.reset();
      for (const id of [sdk.getVisitorId(), sdk.getSessionId()]) {
        expect(id).toMatch(ID);
        expect(id).not.toContain('_');
      }
    }
  });

  it('gives a different visitor ID to every new visitor, and a session ID different from the visitor ID', async () => {
    const sdk = await loadSdk();
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      sdk.reset();
      const visitor = sdk.getVisitorId();
      const session = sdk.getSessionId();
      expect(session).not.toBe(visitor);
      seen.add(visitor);
      seen.add(session);
    }
    expect(seen.size).toBe(100);
  });

  it('draws the IDs from crypto.getRandomValues', async () => {
    const sdk = await loadSdk();
    const random = vi.spyOn(crypto, 'getRandomValues');
    sdk.reset();
    expect(random).toHaveBeenCalled();
    expect(sdk.getVisitorId()).toMatch(HEX32);
  });

  it('works where crypto.randomUUID is missing (plain-http pages)', async () => {
    vi.stubGlobal('crypto', { getRandomValues: crypto.getRandomValues.bind(crypto) });
    const sdk = await loadSdk();
    expect(sdk.getVisitorId()).toMatch(HEX32);
    expect(sdk.getSessionId()).toMatch(HEX32);
  });

  it('puts the same IDs in getCheckoutMetadata() for the server', async () => {
    const sdk = await loadSdk();
    expect(sdk.getCheckoutMetadata()).toEqual({
      engagetrack_visitor_id: sdk.getVisitorId(),
      engagetrack_session_id: sdk.getSessionId(),
    });
  });
});

describe('importing the SDK does nothing by itself', () => {
  it('touches no cookie and no localStorage entry until a function is called', async () => {
    const spy = spyStorage();
    await loadSdk();
    expect(spy.total()).toBe(0);
    expect(cookies()[STORE_KEY]).toBeUndefined();
    expect(localStorage.getItem(STORE_KEY)).toBeNull();
  });
});

describe('a visitor keeps the same ID', () => {
  it('on every call during the page', async () => {
    const sdk = await loadSdk();
    const visitor = sdk.getVisitorId();
    const session = sdk.getSessionId();
    for (let i = 0; i < 5; i++) {
      expect(sdk.getVisitorId()).toBe(visitor);
      expect(sdk.getSessionId()).toBe(session);
    }
  });

  it('across page loads', async () => {
    const first = await loadSdk();
    const visitor = first.getVisitorId();
    const session = first.getSessionId();
    const second = await loadSdk();
    expect(second.getVisitorId()).toBe(visitor);
    expect(second.getSessionId()).toBe(session);
  });

  it('is stored in the engagetrack_id cookie and localStorage entry', async () => {
    const sdk = await loadSdk();
    const visitor = sdk.getVisitorId();
    const session = sdk.getSessionId();
    expect(storedRecord('cookie')?.slice(0, 2)).toEqual([visitor, session]);
    expect(storedRecord('localStorage')?.slice(0, 2)).toEqual([visitor, session]);
  });
});

describe('when the browser lost the stored ID', () => {
  it('starts a new visitor when both the cookie and localStorage were cleared', async () => {
    const first = await loadSdk();
    const visitor = first.getVisitorId();
    const session = first.getSessionId();
    clearStores();
    const second = await loadSdk();
    expect(second.getVisitorId()).toMatch(HEX32);
    expect(second.getVisitorId()).not.toBe(visitor);
    expect(second.getSessionId()).not.toBe(session);
    expect(storedRecord('cookie')?.[0]).toBe(second.getVisitorId());
  });

  it('restores the visitor from localStorage when only the cookie was cleared, and writes the cookie back', async () => {
    const first = await loadSdk();
    const visitor = first.getVisitorId();
    const session = first.getSessionId();
    document.cookie = `${STORE_KEY}=;path=/;max-age=0;domain=shop.test`;
    document.cookie = `${STORE_KEY}=;path=/;max-age=0`;
    expect(cookies()[STORE_KEY]).toBeUndefined();
    const second = await loadSdk();
    expect(second.getVisitorId()).toBe(visitor);
    expect(second.getSessionId()).toBe(session);
    expect(storedRecord('cookie')?.slice(0, 2)).toEqual([visitor, session]);
  });

  it('restores the visitor from the cookie when only localStorage was cleared, and writes localStorage back', async () => {
    const first = await loadSdk();
    const visitor = first.getVisitorId();
    const session = first.getSessionId();
    localStorage.clear();
    const second = await loadSdk();
    expect(second.getVisitorId()).toBe(visitor);
    expect(second.getSessionId()).toBe(session);
    expect(storedRecord('localStorage')?.slice(0, 2)).toEqual([visitor, session]);
  });

  it('trusts the cookie when the cookie and localStorage disagree, and overwrites localStorage', async () => {
    const now = Date.now();
    setStoredCookie(record(someId('a'), someId('b'), now, now));
    setStoredLocal(record(someId('c'), someId('d'), now, now));
    const sdk = await loadSdk();
    expect(sdk.getVisitorId()).toBe(someId('a'));
    expect(sdk.getSessionId()).toBe(someId('b'));
    expect(storedRecord('localStorage')?.slice(0, 2)).toEqual([someId('a'), someId('b')]);
    expect(storedRecord('cookie')?.slice(0, 2)).toEqual([someId('a'), someId('b')]);
  });
});

describe('a tampered or corrupt stored ID is ignored and replaced', () => {
  const tampered: Array<[string, string]> = [
    ['markup', '"><script>alert(1)</script>'],
    ['too long (65 characters)', 'a'.repeat(65)],
    ['too short (15 characters)', 'a'.repeat(15)],
    ['an underscore', `${'a'.repeat(20)}_${'b'.repeat(11)}`],
    ['a character outside letters, digits and hyphens', `${'a'.repeat(20)}%20${'b'.repeat(9)}`],
    ['nothing', ''],
    ['garbage', 'garbage'],
  ];

  for (const [what, bad] of tampered) {
    it(`with ${what} as the visitor ID`, async () => {
      const now = Date.now();
      const value = record(bad, someId('b'), now, now);
      setStoredCookie(value);
      setStoredLocal(value);
      const sdk = await loadSdk();
      const visitor = sdk.getVisitorId();
      expect(visitor).toMatch(HEX32);
      expect(visitor).not.toBe(bad);
      expect(storedRecord('cookie')?.[0]).toBe(visitor);
      expect(storedRecord('localStorage')?.[0]).toBe(visitor);
    });
  }

  it('with a record that is not a record at all', async () => {
    setStoredCookie('%3Cscript%3E');
    setStoredLocal('{"visitor":"x"}');
    const sdk = await loadSdk();
    expect(sdk.getVisitorId()).toMatch(HEX32);
    expect(sdk.getSessionId()).toMatch(HEX32);
    expect(storedRecord('cookie')?.slice(0, 2)).toEqual([sdk.getVisitorId(), sdk.getSessionId()]);
  });

  it('with a bad session ID: the visitor is kept, the session is new', async () => {
    const now = Date.now();
    const value = record(someId('a'), 'bad_session"><', now, now);
    setStoredCookie(value);
    setStoredLocal(value);
    const sdk = await loadSdk();
    expect(sdk.getVisitorId()).toBe(someId('a'));
    expect(sdk.getSessionId()).toMatch(HEX32);
  });

  it('a bad cookie does not hide a good ID in localStorage', async () => {
    const now = Date.now();
    setStoredCookie(record('"><script>', someId('b'), now, now));
    setStoredLocal(record(someId('c'), someId('d'), now, now));
    const sdk = await loadSdk();
    expect(sdk.getVisitorId()).toBe(someId('c'));
    expect(storedRecord('cookie')?.[0]).toBe(someId('c'));
  });

  it('a cookie with a similar name is not mistaken for the SDK cookie', async () => {
    const now = Date.now();
    document.cookie = `my_${STORE_KEY}=${record(someId('a'), someId('b'), now, now)};path=/`;
    const sdk = await loadSdk();
    expect(sdk.getVisitorId()).not.toBe(someId('a'));
    expect(sdk.getVisitorId()).toMatch(HEX32);
  });
});

describe('the visitor cookie', () => {
  it('is first-party, for the whole site, 365 days, SameSite=Lax and Secure on https', async () => {
    const spy = spyStorage();
    const sdk = await loadSdk();
    const visitor = sdk.getVisitorId();
    const writes = sdkCookieWrites(spy.cookieWrites);
    expect(writes.length).toBeGreaterThan(0);
    for (const write of writes) {
      expect(write.attributes.path).toBe('/');
      expect(write.attributes['max-age']).toBe('31536000');
      expect(write.attributes.samesite?.toLowerCase()).toBe('lax');
      expect('secure' in write.attributes).toBe(true);
    }
    expect(writes.at(-1)!.value.split('.')[0]).toBe(visitor);
  });

  it("is shared by the site's subdomains with cookieDomain 'auto' (default): domain=shop.test on www.shop.test", async () => {
    const spy = spyStorage();
    const sdk = await loadSdk();
    sdk.getVisitorId();
    const last = sdkCookieWrites(spy.cookieWrites).at(-1)!;
    expect(last.attributes.domain).toBe('shop.test');
    // Never on the top-level domain alone.
    expect(sdkCookieWrites(spy.cookieWrites).some((write) => write.attributes.domain === 'test')).toBe(false);
  });

  it("is host-only with cookieDomain 'host'", async () => {
    const spy = spyStorage();
    const sdk = await loadSdk();
    keep(sdk.init({ cookieDomain: 'host' }));
    const visitor = sdk.getVisitorId();
    const writes = sdkCookieWrites(spy.cookieWrites);
    expect(writes.length).toBeGreaterThan(0);
    for (const write of writes) expect(write.attributes).not.toHaveProperty('domain');
    expect(storedRecord('cookie')?.[0]).toBe(visitor);
  });

  it('is written on the domain the merchant gives', async () => {
    const spy = spyStorage();
    const sdk = await loadSdk();
    keep(sdk.init({ cookieDomain: 'www.shop.test' }));
    const visitor = sdk.getVisitorId();
    const last = sdkCookieWrites(spy.cookieWrites).at(-1)!;
    expect(last.attributes.domain).toBe('www.shop.test');
    expect(storedRecord('cookie')?.[0]).toBe(visitor);
  });

  it('falls back to host-only when the browser refuses the domain the merchant gives', async () => {
    const spy = spyStorage();
    const sdk = await loadSdk();
    keep(sdk.init({ cookieDomain: 'other-shop.test' }));
    const visitor = sdk.getVisitorId();
    const last = sdkCookieWrites(spy.cookieWrites).at(-1)!;
    expect(last.attributes).not.toHaveProperty('domain');
    expect(storedRecord('cookie')?.[0]).toBe(visitor);
  });

  it("moves a visitor kept in a host-only cookie (an earlier cookieDomain 'host' setup) to the site-wide cookie", async () => {
    const now = Date.now();
    setStoredCookie(record(someId('a'), someId('b'), now - 10 * MINUTE, now - 5 * MINUTE));
    const spy = spyStorage();
    const sdk = await loadSdk();
    expect(sdk.getVisitorId()).toBe(someId('a'));
    expect(sdk.getSessionId()).toBe(someId('b'));
    const last = sdkCookieWrites(spy.cookieWrites).at(-1)!;
    expect(last.attributes.domain).toBe('shop.test');
    expect(last.value.split('.').slice(0, 2)).toEqual([someId('a'), someId('b')]);
    // What the page (and so the next page on any subdomain) reads back is the current record.
    expect(storedCookie()).toBe(last.value);
  });

  it('is renewed for 365 days on every page load, even when nothing changed', async () => {
    useClock();
    const first = await loadSdk();
    const visitor = first.getVisitorId();
    const spy = spyStorage();
    const second = await loadSdk();
    expect(second.getVisitorId()).toBe(visitor);
    const writes = sdkCookieWrites(spy.cookieWrites);
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.at(-1)!.value.split('.')[0]).toBe(visitor);
    expect(writes.at(-1)!.attributes['max-age']).toBe('31536000');
  });

  it('is not rewritten by calls within the same second of a page (at most one write a second)', async () => {
    const clock = useClock();
    const sdk = await loadSdk();
    sdk.getVisitorId();
    const spy = spyStorage();
    clock.advance(500);
    sdk.getVisitorId();
    sdk.getSessionId();
    sdk.getCheckoutMetadata();
    expect(spy.cookieWrites).toEqual([]);
    expect(spy.setItem()).toBe(0);
    // A second later the activity is recorded.
    clock.advance(SECOND);
    sdk.getSessionId();
    expect(sdkCookieWrites(spy.cookieWrites)).toHaveLength(1);
    expect(spy.setItem()).toBe(1);
  });
});

describe('the stores are read at most once a second; calls in between are served from memory', () => {
  it('reads no store for calls within a second of the last read', async () => {
    useClock();
    const sdk = await loadSdk();
    const visitor = sdk.getVisitorId();
    const spy = spyStorage();
    for (let i = 0; i < 100; i++) {
      expect(sdk.getVisitorId()).toBe(visitor);
      sdk.getSessionId();
      sdk.getCheckoutMetadata();
    }
    expect(spy.total()).toBe(0);
  });

  it('reads the cookie and localStorage once for a call more than a second later', async () => {
    const clock = useClock();
    const sdk = await loadSdk();
    sdk.getVisitorId();
    clock.advance(1001);
    const spy = spyStorage();
    sdk.getVisitorId();
    expect(spy.cookieReads()).toBe(1);
    expect(spy.getItem()).toBe(1);
    sdk.getCheckoutMetadata();
    expect(spy.cookieReads()).toBe(1);
    expect(spy.getItem()).toBe(1);
  });

  it('reads localStorage once on the first call of a page', async () => {
    const spy = spyStorage();
    const sdk = await loadSdk();
    sdk.getVisitorId();
    expect(spy.getItem()).toBe(1);
  });

  it('reads the stores once for a pass over many payment links', async () => {
    const clock = useClock();
    const sdk = await loadSdk();
    sdk.getVisitorId();
    page(Array.from({ length: 20 }, (_, i) => `<a href="https://buy.stripe.com/link${i}">Buy ${i}</a>`).join(''));
    clock.advance(5 * SECOND);
    const spy = spyStorage();
    expect(sdk.decorateStripeLinks()).toBe(20);
    expect(spy.cookieReads()).toBe(1);
    expect(spy.getItem()).toBe(1);
  });

  it('sees a session another tab started within a second', async () => {
    const clock = useClock();
    const sdk = await loadSdk();
    const visitor = sdk.getVisitorId();
    const mine = sdk.getSessionId();
    // Another tab of the site started a new session (after this one expired there, say).
    const theirs = someId('7');
    const now = clock.advance(200);
    setStoredCookie(record(visitor, theirs, now, now), 'shop.test');
    setStoredLocal(record(visitor, theirs, now, now));
    expect(sdk.getSessionId()).toBe(mine);
    clock.advance(SECOND);
    expect(sdk.getSessionId()).toBe(theirs);
  });

  it('writes a deleted cookie back within a second', async () => {
    const clock = useClock();
    const sdk = await loadSdk();
    const visitor = sdk.getVisitorId();
    document.cookie = `${STORE_KEY}=;path=/;max-age=0;domain=shop.test`;
    clock.advance(SECOND + 1);
    sdk.getVisitorId();
    expect(storedRecord('cookie')?.[0]).toBe(visitor);
  });

  it('answers reset() and consent changes at once, not a second later', async () => {
    useClock();
    const sdk = await loadSdk();
    const visitor = sdk.getVisitorId();
    sdk.reset();
    expect(sdk.getVisitorId()).not.toBe(visitor);
    expect(storedRecord('cookie')?.[0]).toBe(sdk.getVisitorId());
    sdk.setConsent(false);
    expect(storedRecord('cookie')).toBeUndefined();
    const spy = spyStorage();
    sdk.getVisitorId();
    expect(spy.total()).toBe(0);
    sdk.setConsent(true);
    expect(storedRecord('cookie')?.[0]).toBe(sdk.getVisitorId());
  });

  it('writes activity at most once a second', async () => {
    const clock = useClock();
    const sdk = await loadSdk();
    sdk.getVisitorId();
    const spy = spyStorage();
    for (let i = 0; i < 10; i++) {
      clock.advance(100);
      sdk.getSessionId();
    }
    // 10 calls over one second: one write of each store.
    expect(spy.cookieWrites.filter((write) => write.startsWith(`${STORE_KEY}=`)).length).toBeLessThanOrEqual(1);
    expect(spy.setItem()).toBeLessThanOrEqual(1);
    clock.advance(SECOND);
    sdk.getSessionId();
    expect(storedRecord('cookie')?.[3]).toBe(`${Date.now()}`);
  });
});

describe('when localStorage fails', () => {
  it('keeps the visitor in the cookie when every localStorage method throws', async () => {
    breakLocalStorage();
    const first = await loadSdk();
    const visitor = first.getVisitorId();
    expect(visitor).toMatch(HEX32);
    expect(storedRecord('cookie')?.[0]).toBe(visitor);
    const second = await loadSdk();
    expect(second.getVisitorId()).toBe(visitor);
  });

  it('keeps the visitor in the cookie when localStorage cannot even be accessed (sandboxed iframe)', async () => {
    blockLocalStorageAccess();
    const first = await loadSdk();
    const visitor = first.getVisitorId();
    expect(visitor).toMatch(HEX32);
    expect(storedRecord('cookie')?.[0]).toBe(visitor);
    const second = await loadSdk();
    expect(second.getVisitorId()).toBe(visitor);
  });

  it('does not break the page when localStorage is full', async () => {
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const first = await loadSdk();
    let visitor = '';
    expect(() => {
      visitor = first.getVisitorId();
    }).not.toThrow();
    expect(visitor).toMatch(HEX32);
    expect(first.getSessionId()).toMatch(HEX32);
    expect(storedRecord('cookie')?.[0]).toBe(visitor);
    const second = await loadSdk();
    expect(second.getVisitorId()).toBe(visitor);
  });
});

describe('when cookies fail', () => {
  it('keeps the visitor in localStorage when document.cookie throws', async () => {
    blockCookies();
    const first = await loadSdk();
    const visitor = first.getVisitorId();
    expect(visitor).toMatch(HEX32);
    expect(storedRecord('localStorage')?.[0]).toBe(visitor);
    const second = await loadSdk();
    expect(second.getVisitorId()).toBe(visitor);
    expect(second.getSessionId()).toBe(first.getSessionId());
  });
});

describe('when the browser silently ignores cookies', () => {
  it('keeps the visitor in localStorage', async () => {
    Object.defineProperty(document, 'cookie', { get: () => '', set: () => {}, configurable: true });
    const first = await loadSdk();
    const visitor = first.getVisitorId();
    expect(visitor).toMatch(HEX32);
    const second = await loadSdk();
    expect(second.getVisitorId()).toBe(visitor);
    expect(second.getSessionId()).toBe(first.getSessionId());
  });
});

describe('when no storage works at all', () => {
  it('keeps valid, stable IDs in memory for the life of the page and never throws', async () => {
    blockCookies();
    breakLocalStorage();
    const sdk = await loadSdk();
    page('<a id="buy" href="https://buy.stripe.com/aBC123">Buy</a>');
    let visitor = '';
    let session = '';
    expect(() => {
      visitor = sdk.getVisitorId();
      session = sdk.getSessionId();
    }).not.toThrow();
    expect(visitor).toMatch(HEX32);
    expect(session).toMatch(HEX32);
    for (let i = 0; i < 3; i++) {
      expect(sdk.getVisitorId()).toBe(visitor);
      expect(sdk.getSessionId()).toBe(session);
      expect(sdk.getCheckoutMetadata()).toEqual({ engagetrack_visitor_id: visitor, engagetrack_session_id: session });
    }
    expect(sdk.decorateStripeLinks()).toBe(1);
    expect(
      new URL((document.getElementById('buy') as HTMLAnchorElement).href).searchParams.get('client_reference_id'),
    ).toBe(visitor);
    expect(() => sdk.setConsent(false)).not.toThrow();
    expect(() => sdk.setConsent(true)).not.toThrow();
    expect(sdk.getVisitorId()).toBe(visitor);
  });

  it('also when localStorage cannot be accessed and cookies are blocked', async () => {
    blockCookies();
    blockLocalStorageAccess();
    const sdk = await loadSdk();
    const visitor = sdk.getVisitorId();
    expect(visitor).toMatch(HEX32);
    expect(sdk.getVisitorId()).toBe(visitor);
    restoreCookie();
    expect(storedCookie()).toBeUndefined();
  });
});

describe('reset() forgets the visitor on every cookie domain', () => {
  it('gives a new visitor even where an older copy on the parent domain comes first (an apex page after www)', async () => {
    const old = someId('a');
    // The copy www.shop.test left on shop.test; this page keeps a host-only cookie of its own.
    setStoredCookie(record(old, someId('b'), Date.now(), Date.now()), 'shop.test');
    const sdk = await loadSdk();
    keep(sdk.init({ cookieDomain: 'host' }));
    expect(sdk.getVisitorId()).toBe(old);
    sdk.reset();
    const fresh = sdk.getVisitorId();
    expect(fresh).toMatch(HEX32);
    expect(fresh).not.toBe(old);
    stopAll();
    const reloaded = await loadSdk();
    keep(reloaded.init({ cookieDomain: 'host' }));
    expect(reloaded.getVisitorId()).toBe(fresh);
  });
});

describe("a visitor cookie set by the merchant's server (engagetrack_vid) is the visitor", () => {
  const SERVER_KEY = 'engagetrack_vid';
  const setServerCookie = (value: string) => {
    document.cookie = `${SERVER_KEY}=${value};path=/;max-age=34560000`;
  };

  it('wins over the cookie and localStorage record, which are brought in line with it', async () => {
    const server = someId('c');
    setStoredCookie(record(someId('a'), someId('b'), Date.now(), Date.now()), 'shop.test');
    setStoredLocal(record(someId('a'), someId('b'), Date.now(), Date.now()));
    setServerCookie(server);
    const sdk = await loadSdk();
    expect(sdk.getVisitorId()).toBe(server);
    expect(storedRecord('cookie')?.[0]).toBe(server);
    expect(storedRecord('localStorage')?.[0]).toBe(server);
  });

  it('keeps the visitor after the script-written stores were deleted (as Safari does after 7 days)', async () => {
    const server = someId('d');
    setServerCookie(server);
    const first = await loadSdk();
    expect(first.getVisitorId()).toBe(server);
    document.cookie = `${STORE_KEY}=;path=/;max-age=0;domain=shop.test`;
    localStorage.clear();
    const second = await loadSdk();
    expect(second.getVisitorId()).toBe(server);
  });

  it('is never written by the SDK', async () => {
    setServerCookie(someId('e'));
    const spy = spyStorage();
    const sdk = await loadSdk();
    sdk.getVisitorId();
    sdk.getSessionId();
    expect(spy.cookieWrites.filter((write) => write.startsWith(`${SERVER_KEY}=`))).toEqual([]);
    expect(cookies()[SERVER_KEY]).toBe(someId('e'));
  });

  it('is ignored when it is not a valid ID', async () => {
    setServerCookie('not_an_id');
    const sdk = await loadSdk();
    expect(sdk.getVisitorId()).toMatch(HEX32);
  });

  it('is deleted by reset(), which starts a new visitor', async () => {
    setServerCookie(someId('f'));
    const sdk = await loadSdk();
    sdk.reset();
    expect(cookies()[SERVER_KEY]).toBeUndefined();
    expect(sdk.getVisitorId()).not.toBe(someId('f'));
    expect(storedRecord('cookie')?.[0]).toBe(sdk.getVisitorId());
  });

  it('is deleted by setConsent(false)', async () => {
    setServerCookie(someId('a'));
    const sdk = await loadSdk();
    sdk.getVisitorId();
    sdk.setConsent(false);
    expect(cookies()[SERVER_KEY]).toBeUndefined();
    expect(cookies()[STORE_KEY]).toBeUndefined();
  });

  it("is not read before consent with consent: 'required'", async () => {
    setServerCookie(someId('b'));
    const sdk = await loadSdk();
    keep(sdk.init({ consent: 'required' }));
    expect(sdk.getVisitorId()).not.toBe(someId('b'));
    sdk.setConsent(true);
    expect(sdk.getVisitorId()).toBe(someId('b'));
  });
});
