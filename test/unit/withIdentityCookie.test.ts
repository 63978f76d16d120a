// @vitest-environment node
// withIdentityCookie() from `engagetrack/server`: identityCookie() for Request/Response runtimes
// (Next.js middleware, Cloudflare Workers, Deno, Bun), here with Node's own Fetch API classes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { type RequestLike, type ResponseLike, withIdentityCookie } from '../../src/server/index.js';

const VISITOR = '5f0c2a9e8b7d4c3f9a1e6b2d8c4f7a03';
const OTHER = '0123456789abcdef0123456789abcdef';
const SESSION = 'c19d7e2f4a6b8c0d1e3f5a7b9c2d4e6f';
const DEFAULT_ATTRIBUTES = '; Path=/; Max-Age=34560000; SameSite=Lax; Secure';
const COOKIE = `engagetrack_vid=${VISITOR}${DEFAULT_ATTRIBUTES}`;

/** Bypasses the parameter types, as plain JavaScript callers can. */
const anyValue = (value: unknown) => value as never;

/** A page request from a browser that sends `cookie` (none when undefined). */
function pageRequest(cookie?: string): Request {
  return new Request('https://www.shop.test/pricing', {
    headers: { accept: 'text/html', ...(cookie === undefined ? {} : { cookie }) },
  });
}

/** An HTML page response, with mutable headers. */
function htmlResponse(init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set('content-type', 'text/html; charset=utf-8');
  return new Response('<!doctype html><title>Shop</title>', { ...init, headers });
}

/** An upstream server whose responses come back through fetch(), with immutable headers. */
let upstream: Server;
let upstreamUrl = '';
beforeAll(async () => {
  upstream = createServer((_request, response) => {
    response.writeHead(201, 'Created Here', [
      ['content-type', 'text/html; charset=utf-8'],
      ['x-shop', 'kept'],
      ['set-cookie', 'theme=dark; Path=/'],
      ['set-cookie', 'cart=42; Path=/; HttpOnly'],
    ]);
    response.end('<!doctype html><p>Upstream page</p>');
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

describe('appends the cookie to a response whose headers can change (NextResponse.next(), new Response())', () => {
  it('returns the same response, with the Set-Cookie of a new visitor', () => {
    const response = htmlResponse();
    const result = withIdentityCookie(pageRequest(), response);
    expect(result).toBe(response);
    const [cookie] = result.headers.getSetCookie();
    expect(cookie).toMatch(/^engagetrack_vid=[0-9a-f]{32}; Path=\/; Max-Age=34560000; SameSite=Lax; Secure$/);
  });

  it('keeps the visitor of the request: engagetrack_vid, else the SDK record', () => {
    expect(
      withIdentityCookie(pageRequest(`theme=dark; engagetrack_vid=${VISITOR}`), htmlResponse()).headers.getSetCookie(),
    ).toEqual([COOKIE]);
    expect(
      withIdentityCookie(
        pageRequest(`engagetrack_id=${VISITOR}.${SESSION}.1.2`),
        htmlResponse(),
      ).headers.getSetCookie(),
    ).toEqual([COOKIE]);
    expect(
      withIdentityCookie(
        pageRequest(`engagetrack_id=${OTHER}.${SESSION}.1.2; engagetrack_vid=${VISITOR}`),
        htmlResponse(),
      ).headers.getSetCookie(),
    ).toEqual([COOKIE]);
  });

  it('passes the options on', () => {
    const result = withIdentityCookie(pageRequest(`engagetrack_vid=${VISITOR}`), htmlResponse(), {
      domain: 'shop.test',
      maxAge: 600,
      secure: false,
    });
    expect(result.headers.getSetCookie()).toEqual([
      `engagetrack_vid=${VISITOR}; Path=/; Domain=shop.test; Max-Age=600; SameSite=Lax`,
    ]);
  });

  it('keeps the Set-Cookie headers already on the response, and every other header', () => {
    const response = htmlResponse({
      status: 404,
      headers: [
        ['set-cookie', 'theme=dark; Path=/'],
        ['set-cookie', 'cart=42; Path=/; HttpOnly'],
        ['cache-control', 'private, no-store'],
      ],
    });
    const result = withIdentityCookie(pageRequest(`engagetrack_vid=${VISITOR}`), response);
    expect(result.headers.getSetCookie()).toEqual(['theme=dark; Path=/', 'cart=42; Path=/; HttpOnly', COOKIE]);
    expect(result.headers.get('cache-control')).toBe('private, no-store');
    expect(result.status).toBe(404);
  });
});

describe('copies a response whose headers are immutable (fetch(), Response.redirect())', () => {
  it('a Response from fetch(): a copy with the same status, status text, headers, cookies and body', async () => {
    const fetched = await fetch(upstreamUrl);
    expect(() => fetched.headers.append('x-test', '1')).toThrow(TypeError);
    const result = withIdentityCookie(pageRequest(`engagetrack_vid=${VISITOR}`), fetched);
    expect(result).not.toBe(fetched);
    expect(result).toBeInstanceOf(Response);
    expect(result.status).toBe(201);
    expect(result.statusText).toBe('Created Here');
    expect(result.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(result.headers.get('x-shop')).toBe('kept');
    expect(result.headers.getSetCookie()).toEqual(['theme=dark; Path=/', 'cart=42; Path=/; HttpOnly', COOKIE]);
    expect(await result.text()).toBe('<!doctype html><p>Upstream page</p>');
  });

  it('Response.redirect(): a copy that still redirects to the same place', () => {
    const redirect = Response.redirect('https://www.shop.test/welcome', 303);
    const result = withIdentityCookie(pageRequest(`engagetrack_vid=${VISITOR}`), redirect);
    expect(result).not.toBe(redirect);
    expect(result.status).toBe(303);
    expect(result.headers.get('location')).toBe('https://www.shop.test/welcome');
    expect(result.headers.getSetCookie()).toEqual([COOKIE]);
    expect(result.body).toBeNull();
  });

  it("a subclass of Response (such as Next.js' NextResponse) is copied with its own class", async () => {
    class ShopResponse extends Response {
      readonly shop = true;
    }
    const response = new ShopResponse('<p>Shop</p>', { status: 202 });
    // Immutable headers, as a response of the framework's own might have.
    Object.defineProperty(response, 'headers', { value: Response.redirect('https://www.shop.test/').headers });
    const result = withIdentityCookie(pageRequest(`engagetrack_vid=${VISITOR}`), response);
    expect(result).toBeInstanceOf(ShopResponse);
    expect(result.shop).toBe(true);
    expect(result.status).toBe(202);
    expect(result.headers.getSetCookie()).toEqual([COOKIE]);
    expect(await result.text()).toBe('<p>Shop</p>');
  });
});

describe('never throws: on any failure the response comes back as it was given', () => {
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['an empty object', {}],
    ['a Node IncomingMessage (headers is a plain object)', { headers: { cookie: `engagetrack_vid=${VISITOR}` } }],
    [
      'headers.get that throws',
      {
        headers: {
          get: () => {
            throw new Error('boom');
          },
        },
      },
    ],
    ['a string', 'engagetrack_vid=x'],
  ])('a request that is not a Request (%s): no cookie at all, rather than a new visitor', (_label, request) => {
    const response = htmlResponse();
    const result = withIdentityCookie(anyValue(request), response);
    expect(result).toBe(response);
    expect(result.headers.getSetCookie()).toEqual([]);
  });

  it('a request whose Cookie header is junk: a new visitor, as identityCookie() does', () => {
    const request = { headers: { get: () => 42 } };
    const result = withIdentityCookie(anyValue(request), htmlResponse());
    expect(result.headers.getSetCookie()[0]).toMatch(/^engagetrack_vid=[0-9a-f]{32}; /);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', '<p>page</p>'],
    ['an empty object', {}],
    ['headers that are null', { headers: null }],
    [
      'a plain object whose append throws',
      {
        headers: {
          append: () => {
            throw new TypeError('immutable');
          },
        },
      },
    ],
  ])('a response that is not a Response (%s)', (_label, response) => {
    expect(withIdentityCookie(pageRequest(`engagetrack_vid=${VISITOR}`), anyValue(response))).toBe(response);
  });

  it('Response.error() (status 0 cannot be copied)', () => {
    const error = Response.error();
    const result = withIdentityCookie(pageRequest(), error);
    expect(result).toBe(error);
    expect(result.headers.getSetCookie()).toEqual([]);
  });

  it('a fetched response whose body was already read (it cannot be copied)', async () => {
    const fetched = await fetch(upstreamUrl);
    await fetched.text();
    const result = withIdentityCookie(pageRequest(`engagetrack_vid=${VISITOR}`), fetched);
    expect(result).toBe(fetched);
    expect(result.headers.getSetCookie()).toEqual(['theme=dark; Path=/', 'cart=42; Path=/; HttpOnly']);
  });

  it('junk options are ignored', () => {
    const result = withIdentityCookie(pageRequest(`engagetrack_vid=${VISITOR}`), htmlResponse(), anyValue('shop.com'));
    expect(result.headers.getSetCookie()).toEqual([COOKIE]);
  });

  it('without crypto.getRandomValues, a new visitor gets no cookie (not an empty Set-Cookie)', () => {
    vi.stubGlobal('crypto', undefined);
    const response = htmlResponse();
    expect(withIdentityCookie(pageRequest(), response).headers.getSetCookie()).toEqual([]);
    expect(withIdentityCookie(pageRequest(`engagetrack_vid=${VISITOR}`), response).headers.getSetCookie()).toEqual([
      COOKIE,
    ]);
  });
});

describe('types', () => {
  it('takes a Fetch API Request and Response and returns the same type of response', () => {
    expectTypeOf(withIdentityCookie(pageRequest(), htmlResponse())).toEqualTypeOf<Response>();
    expectTypeOf<Request>().toExtend<RequestLike>();
    expectTypeOf<Response>().toExtend<ResponseLike>();
    // @ts-expect-error the request comes first
    withIdentityCookie(htmlResponse());
    // @ts-expect-error a Node IncomingMessage-style request (headers without get()) is not a Request
    withIdentityCookie({ headers: { cookie: 'engagetrack_vid=x' } }, htmlResponse());
    // @ts-expect-error the response must be a Response, not its body
    withIdentityCookie(pageRequest(), '<p>page</p>');
    // @ts-expect-error maxAge is a number of seconds
    withIdentityCookie(pageRequest(), htmlResponse(), { maxAge: '3600' });
  });
});
