/**
 * Page-level helpers shared by the browser tests: what a merchant would look at (the IDs, the stored
 * record, the hrefs of the page's links, the URL a click left with), read through the driver.
 */
import { expect } from 'vitest';
import type { Cookie, Session } from './drivers/index.js';

/** What the fixture pages and the harness put on `window`, as seen from an `evaluate()`. */
declare global {
  interface Window {
    /** The ESM build, imported by a `load: 'esm'` page (not initialised). */
    sdk: typeof import('../../src/index.js');
    /** The harness clock: moves Date.now() on by `ms` (and keeps it across reloads). */
    __advance(ms: number): number;
    /** The harness record (fixtures/harness.js). */
    __harness: { features: string[]; access: string[]; errors: string[]; violations: string[] };
  }
}

/** The SDK's cookie name and localStorage key. */
export const STORE_KEY = 'engagetrack_id';

/** A generated ID: 32 lower-case hex digits (the brief's format; SPEC allows 16–64 of [A-Za-z0-9-]). */
export const ID = /^[0-9a-f]{32}$/;

/** Stripe's rule for `client_reference_id`: letters, digits, `-` and `_`, at most 200 characters. */
export const STRIPE_REFERENCE = /^[A-Za-z0-9_-]{1,200}$/;

export const MINUTE = 60_000;

/** The visitor and session IDs as the page's SDK gives them (`api`: the global holding the SDK). */
export function sdkIds(session: Session, api: 'engagetrack' | 'sdk' = 'engagetrack'): Promise<[string, string]> {
  return session.evaluate((name) => {
    const sdk = (window as unknown as Record<string, Window['sdk']>)[name];
    return [sdk.getVisitorId(), sdk.getSessionId()] as [string, string];
  }, api);
}

/** The identity record's fields: `[visitorId, sessionId, startMs, lastActivityMs, ...utm]`. */
export type RecordFields = string[];

/** The SDK's cookie in the browser's jar (undefined if none) and its localStorage entry (null if none). */
export async function stores(
  session: Session,
): Promise<{ cookie: Cookie | undefined; cookies: Cookie[]; local: string | null }> {
  const cookies = (await session.cookies()).filter((cookie) => cookie.name === STORE_KEY);
  const local = await session.evaluate((key) => {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  }, STORE_KEY);
  return { cookie: cookies[0], cookies, local };
}

/**
 * The SDK's cookie in the browser's jar once its value satisfies `expected`: for a write the page made
 * as it left (a click on a payment link), which no document of the profile shows any more. Fails with
 * what the jar held after `timeout` ms.
 */
export async function storedCookie(
  session: Session,
  expected: (value: string) => boolean,
  timeout = 10_000,
): Promise<Cookie> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const cookie = (await session.cookies()).find((candidate) => candidate.name === STORE_KEY);
    if (cookie && expected(cookie.value)) return cookie;
    if (Date.now() > deadline) throw new Error(`the jar's ${STORE_KEY} after ${timeout} ms: ${cookie?.value}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The href attribute (or client-reference-id) of each element matching `selector`, with its original. */
export function elements(
  session: Session,
  selector: string,
): Promise<{ id: string; tag: string; value: string | null; original: string | null }[]> {
  return session.evaluate(
    (css) =>
      Array.from(document.querySelectorAll(css), (element) => ({
        id: element.id,
        tag: element.localName,
        value: element.getAttribute(element.localName.startsWith('stripe-') ? 'client-reference-id' : 'href'),
        original: element.getAttribute('data-href') ?? element.getAttribute('data-reference'),
      })),
    selector,
  );
}

/** The href attribute of the element matching `selector`. */
export function hrefOf(session: Session, selector: string): Promise<string | null> {
  return session.evaluate((css) => document.querySelector(css)?.getAttribute('href') ?? null, selector);
}

/**
 * The href of the element matching `selector` once the page has rendered it and the SDK has decorated
 * it (it carries `engagetrack_session_id`, and `containing` when given: a rewritten href's new
 * address): for links an app renders or rewrites after load or after a click.
 */
export async function decoratedHref(session: Session, selector: string, containing = ''): Promise<string> {
  const href = await waitUntil(
    session,
    ([css, part]) => {
      const value = document.querySelector(css)?.getAttribute('href');
      return value?.includes('engagetrack_session_id=') && value.includes(part) ? value : '';
    },
    [selector, containing] as const,
  );
  return href;
}

/** Lets the page's pending tasks and MutationObserver callbacks run. */
export function settle(session: Session): Promise<void> {
  return session.evaluate(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
}

/** The query parameters of `url`, name → value; fails the test if a name appears twice. */
export function params(url: string): Record<string, string> {
  const search = new URL(url).searchParams;
  const names = [...search.keys()];
  expect(new Set(names).size, `each parameter once in ${url}`).toBe(names.length);
  return Object.fromEntries(search);
}

/**
 * Polls `fn` in the page until it returns a truthy value (a navigation in between is waited out) and
 * returns that value. The waits of the suite allow 10 s: three engines keep two cores busy, and a
 * step that takes 100 ms alone can take seconds then.
 */
export async function waitUntil<R, A = undefined>(
  session: Session,
  fn: (arg: A) => R,
  arg?: A,
  timeout = 10_000,
): Promise<R> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await session.evaluate(fn, arg).catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${fn}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits for the `count`-th intercepted Payment Link request and returns it. */
export async function nextStripeRequest(session: Session, count = 1, timeout = 10_000): Promise<string> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const requests = await session.stripeRequests();
    if (requests.length >= count) return requests[count - 1];
    if (Date.now() > deadline)
      throw new Error(`no request to buy.stripe.com after ${timeout} ms (${requests.length} seen)`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * What the EngageTrack docs snippet (shared/docs/stripe-payment-links.txt) makes of `href` with these
 * IDs, computed in the page's own URL implementation: the byte-for-byte reference.
 */
export function snippetResult(session: Session, href: string, visitorId: string, sessionId: string): Promise<string> {
  return session.evaluate(
    ([link, v, s]) => {
      const url = new URL(link, location.href);
      url.searchParams.set('client_reference_id', v);
      url.searchParams.set('prefilled_email', url.searchParams.get('prefilled_email') || '');
      url.searchParams.set('engagetrack_session_id', s);
      return url.toString();
    },
    [href, visitorId, sessionId] as const,
  );
}
