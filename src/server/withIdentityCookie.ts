import { identityCookie } from './identityCookie.js';
import type { IdentityCookieOptions, RequestLike, ResponseLike } from './types.js';

/** How a copy is made: `new Response(body, init)`, where the response itself serves as the init. */
type ResponseCopier<R> = new (body: unknown, init: R) => R;

/**
 * {@link identityCookie} for runtimes with Fetch API `Request` and `Response` (Next.js middleware,
 * Cloudflare Workers, Deno, Bun): reads the request's `Cookie` header and returns `response` with the
 * `engagetrack_vid` `Set-Cookie` header appended (other `Set-Cookie` headers are kept). When the
 * response's headers are immutable (a `Response` from `fetch()`, `Response.redirect()`), it returns a
 * copy made with the response's own constructor, `new Response(response.body, response)`: same status,
 * status text, headers and body (its `url` and `redirected` are not kept, as with any constructed
 * response).
 *
 * Call it on HTML responses only, after any shared cache (a cached response with the cookie would
 * give every visitor the same ID), and, where consent is required, only while the visitor's consent
 * stands (see {@link identityCookie}).
 *
 * Never throws: when the request's headers cannot be read (not a `Request`), or the response can be
 * neither changed nor copied, it returns `response` unchanged (no cookie rather than a wrong one).
 *
 * @example
 * // middleware.ts (Next.js)
 * export function middleware(request: NextRequest) {
 *   return withIdentityCookie(request, NextResponse.next());
 * }
 */
export function withIdentityCookie<R extends ResponseLike>(
  request: RequestLike,
  response: R,
  options?: IdentityCookieOptions,
): R {
  try {
    // Throws for anything that is not a Request (a Node IncomingMessage has no headers.get()): then no
    // cookie at all, since a new ID would replace the visitor's own on every response.
    const { setCookie } = identityCookie(request.headers.get('cookie'), options);
    if (!setCookie) return response;
    try {
      response.headers.append('Set-Cookie', setCookie);
      return response;
    } catch {
      // Immutable headers (TypeError): copy the response; the copy's headers are mutable. The
      // response's own constructor keeps a subclass (NextResponse) what it is.
      const copy = new (response.constructor as ResponseCopier<R>)(response.body, response);
      copy.headers.append('Set-Cookie', setCookie);
      return copy;
    }
  } catch {
    // No request headers, a response that cannot be copied (Response.error(), a used body): unchanged.
    return response;
  }
}
