import { isId, randomId } from '../lib/randomId.js';
import { SERVER_KEY, STORE_KEY } from '../lib/storeKeys.js';
import { cookieValue } from './cookieValue.js';
import type { IdentityCookie, IdentityCookieOptions } from './types.js';

/**
 * 400 days in seconds: browsers cap a cookie's lifetime there (RFC 6265bis; Chrome, Firefox and
 * Safari), so more would only look longer.
 */
const MAX_AGE = 34_560_000;

/**
 * A plausible ASCII host name for `Domain`: dot-separated labels of letters, digits and inner
 * hyphens, at most 63 characters each (a leading dot is allowed: browsers ignore it). Nothing that
 * could end the attribute (`;`, a comma, a space, a line break) passes.
 */
const HOST = /^\.?[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?(?:\.[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?)*$/i;

/** `options[key]`, or `undefined` when options are not an object or the read throws. */
function option(options: unknown, key: keyof IdentityCookieOptions): unknown {
  try {
    return options && typeof options === 'object' ? (options as IdentityCookieOptions)[key] : undefined;
  } catch {
    // A getter that throws, a revoked proxy: that option is ignored, the others still apply.
    return undefined;
  }
}

/** The attributes after `engagetrack_vid=<id>`, from valid options, defaults for the rest. */
function attributes(options: unknown): string {
  const domain = option(options, 'domain');
  const maxAge = option(options, 'maxAge');
  // The length check comes first so a huge string never reaches the regular expression.
  const validDomain = typeof domain === 'string' && domain.length <= 254 && HOST.test(domain);
  // Whole seconds: a fraction or an exponent (`1e+21`) makes browsers drop `Max-Age` and keep the
  // cookie for the browsing session only.
  const seconds = typeof maxAge === 'number' && maxAge >= 0 && maxAge < Infinity ? Math.floor(maxAge) : MAX_AGE;
  return `; Path=/${validDomain ? `; Domain=${domain}` : ''}; Max-Age=${Math.min(seconds, MAX_AGE)}; SameSite=Lax${
    option(options, 'secure') === false ? '' : '; Secure'
  }`;
}

/** The visitor the request already has: a valid `engagetrack_vid`, else the visitor of the SDK's record. */
function knownVisitor(header: string): string | undefined {
  const server = cookieValue(header, SERVER_KEY);
  if (isId(server)) return server;
  // The SDK takes the first field of its record as the visitor when it is an ID, whatever follows.
  const recorded = cookieValue(header, STORE_KEY)?.split('.')[0];
  return isId(recorded) ? recorded : undefined;
}

/** A new ID as the SDK makes them, or `''` where the runtime has no `crypto.getRandomValues`. */
function newVisitor(): string {
  try {
    return randomId();
  } catch {
    // Node 18 and older have no global `crypto`: no ID can be made, so none is set.
    return '';
  }
}

/**
 * The visitor cookie for one of your HTML responses (in middleware), so the visitor ID outlives
 * Safari's 7-day cap on cookies written by script. Pass the request's `Cookie` header; send
 * `setCookie` as a `Set-Cookie` header of the response.
 *
 * `visitorId` is the request's valid `engagetrack_vid` cookie, else the visitor of the SDK's own
 * `engagetrack_id` record (a visitor the SDK already knows keeps its ID, also right after `reset()`,
 * which deletes `engagetrack_vid`), else a new ID made as the SDK makes them (128 random bits from
 * `crypto.getRandomValues`). The browser SDK takes a valid `engagetrack_vid` as the visitor over
 * every other store and never writes it.
 *
 * `setCookie` is `engagetrack_vid=<visitorId>; Path=/; Max-Age=34560000; SameSite=Lax; Secure` (400
 * days), with `Domain` when `options.domain` is given, `Max-Age` from `options.maxAge`, and without
 * `Secure` when `options.secure` is `false`. Never `HttpOnly`: the SDK must read it.
 *
 * Where consent is required, call it only while the visitor's consent stands (read your consent
 * tool's cookie first): the SDK deletes the cookie when consent is withdrawn, and your next response
 * would bring it back.
 *
 * Never throws: a malformed or non-string header gives a new ID, invalid options are ignored. Needs
 * `crypto.getRandomValues` (Node 20+, edge runtimes, Deno, Bun); without it, a request that has no
 * visitor yet gets `{ visitorId: '', setCookie: '' }`.
 *
 * @example
 * const { visitorId, setCookie } = identityCookie(req.headers.cookie);
 * res.appendHeader('Set-Cookie', setCookie);
 */
export function identityCookie(
  cookieHeader: string | null | undefined,
  options?: IdentityCookieOptions,
): IdentityCookie {
  const visitorId = knownVisitor(typeof cookieHeader === 'string' ? cookieHeader : '') ?? newVisitor();
  return { visitorId, setCookie: visitorId && `${SERVER_KEY}=${visitorId}${attributes(options)}` };
}
