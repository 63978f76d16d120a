import { afterEach, beforeEach, vi } from 'vitest';
import { clearStores, loadSdk, page } from './helpers.js';

type Sdk = Awaited<ReturnType<typeof loadSdk>>;
type Options = Parameters<Sdk['init']>[0];

/** Stripe's rule for `client_reference_id`: letters, digits, `-` and `_`, 1 to 200 characters. */
export const STRIPE_REFERENCE = /^[A-Za-z0-9_-]{1,200}$/;

/** The page URL the unit project runs at (vitest.config.ts). */
export const HOME = '/products';

/** The query parameters of `href`, name → every value, in order. */
export function paramsOf(href: string): [string, string][] {
  return [...new URL(href).searchParams];
}

/** The one value of parameter `name` on `href`; fails loudly when it appears more than once. */
export function param(href: string, name: string): string | null {
  const all = new URL(href).searchParams.getAll(name);
  if (all.length > 1) throw new Error(`${name} appears ${all.length} times in ${href}`);
  return all.length ? all[0] : null;
}

/** The href attribute (exactly as written in the page) of the element matching `selector`. */
export function hrefOf(selector: string): string | null {
  return document.querySelector(selector)!.getAttribute('href');
}

/**
 * Counts the storage reads of the page: `localStorage.getItem` calls and reads of `document.cookie`
 * (both still work as usual).
 */
export function spyStorageReads(): { localStorage: number; cookie: number; total(): number } {
  const counts = {
    localStorage: 0,
    cookie: 0,
    total() {
      return this.localStorage + this.cookie;
    },
  };
  const getItem = Storage.prototype.getItem;
  vi.spyOn(Storage.prototype, 'getItem').mockImplementation(function (this: Storage, key: string) {
    counts.localStorage++;
    return getItem.call(this, key);
  });
  const descriptor = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
  vi.spyOn(document, 'cookie', 'get').mockImplementation(() => {
    counts.cookie++;
    return descriptor.get!.call(document);
  });
  vi.spyOn(document, 'cookie', 'set').mockImplementation((value: string) => {
    descriptor.set!.call(document, value);
  });
  return counts;
}

/** Counts every `setAttribute` call on elements of the page from now on (the write goes through). */
export function spySetAttribute(): [name: string, value: string][] {
  const calls: [string, string][] = [];
  const setAttribute = Element.prototype.setAttribute;
  vi.spyOn(Element.prototype, 'setAttribute').mockImplementation(function (this: Element, name, value) {
    calls.push([name, value]);
    setAttribute.call(this, name, value);
  });
  return calls;
}

/**
 * Watches the whole document for attribute changes with a MutationObserver of our own (like a
 * merchant's analytics or a framework would); `records()` returns what it has seen so far. When
 * more than `limit` records arrive, `onFlood` runs (e.g. the SDK's stop()), so that a decoration
 * loop fails the test instead of starving the event loop forever.
 */
export function watchAttributes(
  target: Node = document,
  limit = Number.POSITIVE_INFINITY,
  onFlood: () => void = () => {},
): { records(): MutationRecord[]; flooded(): boolean; stop(): void } {
  const seen: MutationRecord[] = [];
  let flooded = false;
  const observer = new MutationObserver((records) => {
    seen.push(...records);
    if (seen.length > limit) {
      flooded = true;
      onFlood();
    }
  });
  observer.observe(target, { attributes: true, subtree: true, childList: true });
  return {
    records() {
      seen.push(...observer.takeRecords());
      return seen;
    },
    /** Whether more than `limit` mutations came (a decoration loop, stopped by `onFlood`). */
    flooded() {
      seen.push(...observer.takeRecords());
      return flooded || seen.length > limit;
    },
    stop() {
      observer.disconnect();
    },
  };
}

/** Makes `document.readyState` report `state` until the returned function is called. */
export function stubReadyState(state: DocumentReadyState): () => void {
  Object.defineProperty(document, 'readyState', { configurable: true, get: () => state });
  return () => {
    delete (document as { readyState?: unknown }).readyState;
  };
}

/** Puts the page at `path` (same origin), as if the visitor had landed there. */
export function landOn(path: string): void {
  history.replaceState(null, '', path);
}

/** Lets MutationObserver callbacks (microtasks) and queued timers run, a few rounds. */
export async function settleAll(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Gives each test of the file a fresh page: stores cleared, at {@link HOME}, an empty body and a
 * freshly loaded SDK, handed to `loaded`. Every automatic mode a test starts with `start()` is
 * stopped when the test ends. Call it once at the top of a test file.
 */
export function freshPage(loaded: (sdk: Sdk) => void): {
  start(options?: Options): () => void;
  stopAll(): void;
} {
  let sdk: Sdk;
  const stops: (() => void)[] = [];
  const stopAll = () => {
    for (const stop of stops.splice(0)) stop();
  };
  beforeEach(async () => {
    clearStores();
    landOn(HOME);
    page('');
    sdk = await loadSdk();
    loaded(sdk);
  });
  afterEach(() => {
    stopAll();
    vi.useRealTimers();
    landOn(HOME);
    page('');
  });
  return {
    start(options) {
      const stop = sdk.init(options);
      stops.push(stop);
      return stop;
    },
    stopAll,
  };
}
