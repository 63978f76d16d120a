// The Express-style middleware of examples/server-cookie (express.mjs) and the consent check it is
// given (consent.mjs), with fake req/res objects as Express passes them, then behind a real
// node:http server.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { consentGiven } from './consent.mjs';
import type { ExpressLikeResponse, VisitorCookieOptions } from './express.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VISITOR = '5f0c2a9e8b7d4c3f9a1e6b2d8c4f7a03';
const OTHER = '0123456789abcdef0123456789abcdef';
const SESSION = 'c19d7e2f4a6b8c0d1e3f5a7b9c2d4e6f';
const COOKIE = `engagetrack_vid=${VISITOR}; Path=/; Max-Age=34560000; SameSite=Lax; Secure`;
const NEW_COOKIE = /^engagetrack_vid=[0-9a-f]{32}; Path=\/; Max-Age=34560000; SameSite=Lax; Secure$/;
/** What browsers send for a page navigation. */
const PAGE_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

let engagetrackVisitorCookie: typeof import('./express.mjs').engagetrackVisitorCookie;

beforeAll(async () => {
  // express.mjs imports `engagetrack/server`, which resolves to the built dist/server.mjs.
  if (!existsSync(`${ROOT}dist/server.mjs`)) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  ({ engagetrackVisitorCookie } = await import('./express.mjs'));
}, 180_000);

/** A request as Express hands it to middleware (only what the middleware reads). */
function fakeRequest({
  method = 'GET',
  accept = PAGE_ACCEPT,
  cookie,
}: {
  method?: string;
  accept?: string;
  cookie?: string;
} = {}) {
  const headers: Record<string, string> = {};
  if (accept) headers.accept = accept;
  if (cookie !== undefined) headers.cookie = cookie;
  return { method, headers } as unknown as IncomingMessage;
}

/** A response that records appended headers, with Express' `res.locals`. */
function fakeResponse() {
  const appended: [string, string][] = [];
  const response = {
    locals: {} as Record<string, unknown>,
    appendHeader(name: string, value: string) {
      appended.push([name, value]);
      return response;
    },
  };
  return { response: response as unknown as ExpressLikeResponse, appended, locals: response.locals };
}

/** Runs the middleware once; returns what it appended, what it put in locals, and how next() was called. */
function run(options: VisitorCookieOptions | undefined, request: IncomingMessage) {
  const { response, appended, locals } = fakeResponse();
  const nextCalls: unknown[][] = [];
  engagetrackVisitorCookie(options)(request, response, (...args: unknown[]) => {
    nextCalls.push(args);
  });
  return { appended, locals, nextCalls };
}

describe('sets the visitor cookie on page requests', () => {
  it('gives a new visitor a new ID, as a Set-Cookie, and hands on to the next middleware', () => {
    const { appended, locals, nextCalls } = run(undefined, fakeRequest());
    expect(appended).toHaveLength(1);
    expect(appended[0][0]).toBe('Set-Cookie');
    expect(appended[0][1]).toMatch(NEW_COOKIE);
    expect(locals.engagetrackVisitorId).toBe(appended[0][1].slice('engagetrack_vid='.length, 48));
    expect(nextCalls).toEqual([[]]);
  });

  it('keeps the visitor of engagetrack_vid, and renews the cookie', () => {
    const { appended, locals } = run(undefined, fakeRequest({ cookie: `theme=dark; engagetrack_vid=${VISITOR}` }));
    expect(appended).toEqual([['Set-Cookie', COOKIE]]);
    expect(locals.engagetrackVisitorId).toBe(VISITOR);
  });

  it('adopts the visitor the SDK already knows (its engagetrack_id record), e.g. right after reset()', () => {
    const { appended } = run(undefined, fakeRequest({ cookie: `engagetrack_id=${VISITOR}.${SESSION}.1.2` }));
    expect(appended).toEqual([['Set-Cookie', COOKIE]]);
  });

  it('sets it for HEAD too', () => {
    expect(run(undefined, fakeRequest({ method: 'HEAD', cookie: `engagetrack_vid=${VISITOR}` })).appended).toEqual([
      ['Set-Cookie', COOKIE],
    ]);
  });

  it('passes domain, maxAge and secure on to identityCookie()', () => {
    const { appended } = run(
      { domain: 'shop.com', maxAge: 86_400, secure: false },
      fakeRequest({ cookie: `engagetrack_vid=${VISITOR}` }),
    );
    expect(appended).toEqual([
      ['Set-Cookie', `engagetrack_vid=${VISITOR}; Path=/; Domain=shop.com; Max-Age=86400; SameSite=Lax`],
    ]);
  });

  it('works without res.locals (plain node:http, Connect)', () => {
    const appended: [string, string][] = [];
    const response = { appendHeader: (name: string, value: string) => appended.push([name, value]) };
    let nexts = 0;
    engagetrackVisitorCookie()(fakeRequest({ cookie: `engagetrack_vid=${VISITOR}` }), response as never, () => {
      nexts++;
    });
    expect(appended).toEqual([['Set-Cookie', COOKIE]]);
    expect(nexts).toBe(1);
  });
});

describe('leaves requests that are not page loads alone', () => {
  it.each([
    ['a form post', { method: 'POST' }],
    ['a PUT', { method: 'PUT' }],
    ['an image', { accept: 'image/avif,image/webp,*/*' }],
    ['a script', { accept: '*/*' }],
    ['a fetch() for JSON', { accept: 'application/json' }],
    ['no Accept header', { accept: '' }],
  ])('%s: no cookie, next() still called', (_label, request) => {
    const { appended, locals, nextCalls } = run(
      undefined,
      fakeRequest({ ...request, cookie: `engagetrack_vid=${VISITOR}` }),
    );
    expect(appended).toEqual([]);
    expect(locals).toEqual({});
    expect(nextCalls).toEqual([[]]);
  });
});

describe('consent: the cookie only while the visitor consent stands', () => {
  const options = { hasConsent: consentGiven };

  it('sets no cookie before the visitor has chosen', () => {
    const { appended, locals, nextCalls } = run(options, fakeRequest());
    expect(appended).toEqual([]);
    expect(locals).toEqual({});
    expect(nextCalls).toEqual([[]]);
  });

  it('sets it once the consent tool cookie says granted', () => {
    const { appended } = run(options, fakeRequest({ cookie: `shop_consent=granted; engagetrack_vid=${VISITOR}` }));
    expect(appended).toEqual([['Set-Cookie', COOKIE]]);
  });

  it('adopts the visitor the SDK stored when consent was given (setConsent(true)), on the next page', () => {
    const { appended } = run(
      options,
      fakeRequest({ cookie: `engagetrack_id=${OTHER}.${SESSION}.1.2; shop_consent=granted` }),
    );
    expect(appended).toEqual([['Set-Cookie', COOKIE.replace(VISITOR, OTHER)]]);
  });

  it('does not bring the cookie back after a withdrawal (the SDK deleted it, the consent cookie says denied)', () => {
    expect(run(options, fakeRequest({ cookie: 'shop_consent=denied' })).appended).toEqual([]);
    // Even if a copy of the cookie is still sent (another path or domain): it is not renewed.
    expect(run(options, fakeRequest({ cookie: `shop_consent=denied; engagetrack_vid=${VISITOR}` })).appended).toEqual(
      [],
    );
  });

  it('reads the consent tool cookie strictly', () => {
    expect(consentGiven('shop_consent=granted')).toBe(true);
    expect(consentGiven('a=1;shop_consent=granted ; b=2')).toBe(true);
    for (const header of [
      undefined,
      null,
      '',
      'shop_consent=denied',
      'shop_consent=granted-not',
      'my_shop_consent=granted',
      'shop_consent="granted"',
      'x=shop_consent=granted',
    ]) {
      expect(consentGiven(header)).toBe(false);
    }
    expect(consentGiven(42 as never)).toBe(false);
  });

  it('never passes hasConsent on to the cookie', () => {
    const { appended } = run(
      { hasConsent: () => true, secure: false },
      fakeRequest({ cookie: `engagetrack_vid=${VISITOR}` }),
    );
    expect(appended).toEqual([['Set-Cookie', `engagetrack_vid=${VISITOR}; Path=/; Max-Age=34560000; SameSite=Lax`]]);
  });
});

describe('behind a real node:http server', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map((server) => {
        const closed = new Promise((resolve) => server.close(resolve));
        server.closeAllConnections();
        return closed;
      }),
    );
  });

  /** A server that runs another middleware's cookie first, then the visitor cookie, then the page. */
  async function start(options?: VisitorCookieOptions): Promise<string> {
    const middleware = engagetrackVisitorCookie(options);
    const server = createServer((request, response) => {
      response.setHeader('Set-Cookie', ['session=abc; Path=/; HttpOnly']);
      middleware(request, response, () => {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<p>page</p>');
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }

  it('appends the cookie after the Set-Cookie headers other middleware set', async () => {
    const url = await start();
    const response = await fetch(url, { headers: { accept: PAGE_ACCEPT, cookie: `engagetrack_vid=${VISITOR}` } });
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()).toEqual(['session=abc; Path=/; HttpOnly', COOKIE]);
    expect(await response.text()).toBe('<p>page</p>');
  });

  it('sets nothing on a JSON request, nor without consent', async () => {
    const url = await start({ hasConsent: consentGiven });
    const json = await fetch(url, { headers: { accept: 'application/json', cookie: 'shop_consent=granted' } });
    expect(json.headers.getSetCookie()).toEqual(['session=abc; Path=/; HttpOnly']);
    const page = await fetch(url, { headers: { accept: PAGE_ACCEPT } });
    expect(page.headers.getSetCookie()).toEqual(['session=abc; Path=/; HttpOnly']);
    const consented = await fetch(url, { headers: { accept: PAGE_ACCEPT, cookie: 'shop_consent=granted' } });
    expect(consented.headers.getSetCookie()[1]).toMatch(NEW_COOKIE);
  });
});
