// @vitest-environment node
// `engagetrack/server` runs where there is no DOM (Node, edge runtimes, Deno, Bun): importing it and
// calling every export must touch no browser global. Each DOM global gets a getter that records who
// reads it; a read from the SDK's source (src/) fails the test, whatever the function made of it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** The browser globals a server module could reach for by mistake. */
const DOM_GLOBALS = [
  'window',
  'self',
  'document',
  'navigator',
  'location',
  'history',
  'localStorage',
  'sessionStorage',
  'indexedDB',
  'screen',
  'Node',
  'Element',
  'HTMLElement',
  'HTMLAnchorElement',
  'MutationObserver',
  'CustomEvent',
  'addEventListener',
  'requestAnimationFrame',
  'requestIdleCallback',
  'XMLHttpRequest',
  'matchMedia',
  'getComputedStyle',
];

const SOURCE = /[\\/]src[\\/]/;
let reads: string[] = [];
const saved = new Map<string, PropertyDescriptor | undefined>();

beforeEach(() => {
  reads = [];
  for (const name of DOM_GLOBALS) {
    saved.set(name, Object.getOwnPropertyDescriptor(globalThis, name));
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        // Only reads made by the SDK's own modules count (vitest may look at globals too).
        if (SOURCE.test(new Error().stack ?? '')) reads.push(name);
        return undefined;
      },
    });
  }
});

afterEach(() => {
  for (const [name, descriptor] of saved) {
    if (descriptor) Object.defineProperty(globalThis, name, descriptor);
    else delete (globalThis as Record<string, unknown>)[name];
  }
  saved.clear();
});

const VISITOR = '5f0c2a9e8b7d4c3f9a1e6b2d8c4f7a03';
const SESSION = 'c19d7e2f4a6b8c0d1e3f5a7b9c2d4e6f';

describe('the server entry uses no DOM global', () => {
  it('detects a read from the source, so the check below is real', async () => {
    const { readCookie } = await import('../../src/lib/cookies.js');
    readCookie('engagetrack_id');
    expect(reads.length).toBeGreaterThan(0);
  });

  it('loads and runs every export without reading window, document, navigator, storage or any DOM class', async () => {
    vi.resetModules();
    const server = await import('../../src/server/index.js');
    expect(Object.keys(server).sort()).toEqual([
      'attributionFromCheckoutSession',
      'identityCookie',
      'parseClientReferenceId',
      'withIdentityCookie',
    ]);
    // Every path: kept, adopted, new, options, junk.
    expect(server.identityCookie(`engagetrack_vid=${VISITOR}`).visitorId).toBe(VISITOR);
    expect(server.identityCookie(`engagetrack_id=${VISITOR}.${SESSION}.1.2`).visitorId).toBe(VISITOR);
    expect(server.identityCookie(undefined, { domain: 'shop.com', maxAge: 60, secure: false }).visitorId).toMatch(
      /^[0-9a-f]{32}$/,
    );
    server.identityCookie(42 as never, 'junk' as never);
    const request = new Request('https://www.shop.test/', { headers: { cookie: `engagetrack_vid=${VISITOR}` } });
    expect(server.withIdentityCookie(request, new Response('<p>')).headers.getSetCookie()).toHaveLength(1);
    expect(server.withIdentityCookie(request, Response.redirect('https://www.shop.test/a')).status).toBe(302);
    server.withIdentityCookie(null as never, null as never);
    expect(server.attributionFromCheckoutSession({ client_reference_id: `${VISITOR}_${SESSION}` })?.visitorId).toBe(
      VISITOR,
    );
    expect(server.parseClientReferenceId(VISITOR)?.visitorId).toBe(VISITOR);
    expect(reads).toEqual([]);
  });
});
