import { vi } from 'vitest';
import { STORE_KEY } from './helpers.js';

/** The real `document.cookie` accessor. */
const nativeCookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;

/**
 * Replaces `document.cookie` on this document until {@link restoreCookie}. (Not `vi.spyOn`: spying on
 * both the getter and the setter of one accessor leaves a spy behind after `restoreAllMocks`.)
 */
function overrideCookie(get: () => string, set: (value: string) => void): void {
  Object.defineProperty(document, 'cookie', { get, set, configurable: true });
}

/** Puts the real `document.cookie` back (call it in `afterEach`, before anything reads cookies). */
export function restoreCookie(): void {
  delete (document as unknown as Record<string, unknown>).cookie;
}

/** What the SDK generates: 32 lower-case hex digits, 128 random bits. */
export const HEX32 = /^[0-9a-f]{32}$/;

/** A well-formed visitor or session ID the SDK could have written on an earlier visit. */
export function someId(digit: string): string {
  return digit.repeat(32);
}

/** A stored identity record: `<visitor>.<session>.<start ms>.<last activity ms>[.utm…]`. */
export function record(visitor: string, session: string, start: number, lastActivity: number, ...utm: string[]) {
  return [visitor, session, `${start}`, `${lastActivity}`, ...utm].join('.');
}

/**
 * Puts `value` in the SDK's cookie: host-only by default (as an earlier `cookieDomain: 'host'` setup or
 * a browser extension might), or on `domain` (as the SDK itself writes it on www.shop.test: `shop.test`).
 */
export function setStoredCookie(value: string, domain?: string): void {
  document.cookie = `${STORE_KEY}=${value};path=/;max-age=3600${domain ? `;domain=${domain}` : ''}`;
}

/** Puts `value` in the SDK's localStorage entry. */
export function setStoredLocal(value: string): void {
  localStorage.setItem(STORE_KEY, value);
}

/** The SDK's raw cookie value, read as the page sees it. */
export function storedCookie(): string | undefined {
  return document.cookie.match(`(?:^|; )${STORE_KEY}=([^;]*)`)?.[1];
}

/** Every storage access the SDK makes from now on, counted; the accesses still go through. */
export interface StorageSpy {
  cookieReads: () => number;
  cookieWrites: string[];
  getItem: () => number;
  setItem: () => number;
  removeItem: () => number;
  /** All of the above summed: 0 means the SDK touched no cookie and no localStorage entry. */
  total: () => number;
}

export function spyStorage(): StorageSpy {
  let reads = 0;
  const cookieWrites: string[] = [];
  overrideCookie(
    () => {
      reads++;
      return nativeCookie.get!.call(document);
    },
    (value) => {
      cookieWrites.push(value);
      nativeCookie.set!.call(document, value);
    },
  );
  const getItem = vi.spyOn(Storage.prototype, 'getItem');
  const setItem = vi.spyOn(Storage.prototype, 'setItem');
  const removeItem = vi.spyOn(Storage.prototype, 'removeItem');
  const spy: StorageSpy = {
    cookieReads: () => reads,
    cookieWrites,
    getItem: () => getItem.mock.calls.length,
    setItem: () => setItem.mock.calls.length,
    removeItem: () => removeItem.mock.calls.length,
    total: () => spy.cookieReads() + cookieWrites.length + spy.getItem() + spy.setItem() + spy.removeItem(),
  };
  return spy;
}

/** The SDK's own cookie writes (not deletions), parsed: value and lower-cased attributes. */
export function parseCookieWrite(write: string): { name: string; value: string; attributes: Record<string, string> } {
  const [pair, ...rest] = write.split(';');
  const attributes: Record<string, string> = {};
  for (const part of rest) {
    const [key, ...value] = part.trim().split('=');
    attributes[key.toLowerCase()] = value.join('=');
  }
  return { name: pair.slice(0, pair.indexOf('=')), value: pair.slice(pair.indexOf('=') + 1), attributes };
}

/** localStorage whose every method throws, as with storage disabled by the browser. */
export function breakLocalStorage(error: () => Error = () => new DOMException('denied', 'SecurityError')): void {
  for (const method of ['getItem', 'setItem', 'removeItem', 'clear', 'key'] as const) {
    vi.spyOn(Storage.prototype, method).mockImplementation(() => {
      throw error();
    });
  }
}

/** `window.localStorage` itself throws when touched, as in a sandboxed iframe. */
export function blockLocalStorageAccess(): void {
  vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
    throw new DOMException('The document is sandboxed', 'SecurityError');
  });
}

/** `document.cookie` throws on read and on write, as in a sandboxed iframe or with cookies blocked. */
export function blockCookies(): void {
  const error = () => {
    throw new DOMException('The document is sandboxed and lacks the allow-same-origin flag', 'SecurityError');
  };
  overrideCookie(error, error);
}

/** Sets `navigator[name]` for the test; undo with {@link restoreNavigator}. */
const navigatorStubs = new Set<string>();
export function stubNavigator(name: 'globalPrivacyControl' | 'doNotTrack', value: unknown): void {
  Object.defineProperty(navigator, name, { value, configurable: true });
  navigatorStubs.add(name);
}
export function restoreNavigator(): void {
  for (const name of navigatorStubs) delete (navigator as unknown as Record<string, unknown>)[name];
  navigatorStubs.clear();
}

/** Every `stop()` a test got from `init()`; {@link stopAll} ends automatic mode after the test. */
const stops: Array<() => void> = [];
export function keep(stop: () => void): () => void {
  stops.push(stop);
  return stop;
}
export function stopAll(): void {
  for (const stop of stops.splice(0)) stop();
}

/** Fake `Date` only (setTimeout stays real, so MutationObserver waits still work), at `start`. */
export function useClock(start = Date.UTC(2030, 0, 15, 9, 0, 0)): { advance: (ms: number) => number } {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(start);
  let now = start;
  return {
    advance(ms: number) {
      now += ms;
      vi.setSystemTime(now);
      return now;
    },
  };
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

/** The query parameters of `href`, as an object. */
export function paramsOf(href: string): Record<string, string> {
  return Object.fromEntries(new URL(href).searchParams);
}

/** The `href` of the first element matching `selector`. */
export function hrefOf(selector: string): string {
  return (document.querySelector(selector) as HTMLAnchorElement).href;
}
