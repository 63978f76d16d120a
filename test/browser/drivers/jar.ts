/**
 * The cookie jar as the tests read it: every driver's `cookies()` returns the browser's jar once it
 * agrees with what the first tab's document sees. A page's `document.cookie` write is the page's at
 * once, but it reaches the browser's cookie store a moment later (Chromium sends it from the renderer
 * without waiting; seen under load: a cookie `setConsent(false)` had just deleted still listed), so a
 * jar read right after a write can be behind the page. Waiting for the two to agree is a condition
 * that holds in every engine, not a flush of one engine's internals.
 */
import type { Cookie } from './types.js';

/** What the first tab's document sees: its URL, and `document.cookie` (null where it cannot be read). */
export interface PageCookies {
  url: string;
  cookie: string | null;
}

/**
 * Runs in the page (sent as source): its URL and `document.cookie`, read through the harness's own
 * unrecorded reader when the page has the harness (its `watch-storage` records every other read).
 */
export function readPageCookies(): PageCookies {
  const harness = (window as unknown as { __harness?: { rawCookie?: () => string } }).__harness;
  try {
    return { url: location.href, cookie: harness?.rawCookie ? harness.rawCookie() : document.cookie };
  } catch {
    return { url: location.href, cookie: null }; // An opaque origin (about:blank, data:): no cookies.
  }
}

/** Whether the browser would show `cookie` to `document.cookie` of a page at `url`. */
function visibleTo(cookie: Cookie, url: URL): boolean {
  const host = url.hostname;
  const domainMatches = cookie.hostOnly
    ? host === cookie.domain
    : host === cookie.domain || host.endsWith(`.${cookie.domain}`);
  return (
    domainMatches &&
    url.pathname.startsWith(cookie.path) &&
    (!cookie.secure || url.protocol === 'https:') &&
    !cookie.httpOnly
  );
}

/** `name=value` pairs, sorted, for comparing a document's view with the jar's. */
const pairs = (list: string[]) => [...list].sort().join('; ');

/**
 * Reads the jar until it agrees with the page: the pairs the page's `document.cookie` shows are the
 * pairs of the jar's cookies visible to the page's URL. A page that cannot be read (it is navigating)
 * is asked again. Fails with both views after `timeout` ms.
 */
export async function agreedJar(
  readJar: () => Promise<Cookie[]>,
  readPage: () => Promise<PageCookies>,
  timeout = 10_000,
): Promise<Cookie[]> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const page = await readPage().catch(() => undefined);
    const jar = await readJar();
    let url: URL | undefined;
    try {
      url = page && new URL(page.url);
    } catch {
      url = undefined;
    }
    if (page && url) {
      if (page.cookie === null || !/^https?:$/.test(url.protocol)) return jar;
      const seen = pairs(page.cookie ? page.cookie.split('; ') : []);
      const held = pairs(jar.filter((cookie) => visibleTo(cookie, url)).map(({ name, value }) => `${name}=${value}`));
      if (seen === held) return jar;
      if (Date.now() > deadline) {
        throw new Error(
          `the browser's cookie jar did not catch up with the page in ${timeout} ms: ${url.href} sees "${seen}", the jar holds "${held}" for it`,
        );
      }
    } else if (Date.now() > deadline) {
      throw new Error(`the first tab could not be read for ${timeout} ms: no page to compare the cookie jar with`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
