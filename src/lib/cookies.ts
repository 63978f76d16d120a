import { attempt } from './attempt.js';
import { options } from './config.js';

/** The domain the cookie is written on (`''`: host-only), and the `cookieDomain` it was found for. */
let cookieDomain: string;
let probedFor: string | undefined;

/**
 * The value of cookie `name` in `jar` (default: `document.cookie`, read now); `undefined` when it is
 * missing or cookies are blocked. Pass one read of `document.cookie` to look up several names.
 */
export function readCookie(
  name: string,
  jar: string | false | undefined = attempt(() => document.cookie),
): string | undefined {
  return (jar || '').match(`(^|; )${name}=([^;]*)`)?.[2];
}

/** Writes (with `maxAge` 0: deletes) a cookie: `path=/`, `SameSite=Lax`, `Secure` on https. */
function setCookie(name: string, value: string, maxAge: number, domain: string): void {
  attempt(() => {
    document.cookie = `${name}=${value};path=/;max-age=${maxAge}${domain && `;domain=${domain}`};samesite=lax${
      location.protocol === 'https:' ? ';secure' : ''
    }`;
  });
}

/**
 * The host and its parents, highest first, without the top-level domain (a public suffix: every
 * browser refuses a cookie there, and Firefox reports each refusal as a console error):
 * `a.b.shop.com` → `['shop.com', 'b.shop.com', 'a.b.shop.com']`. An IP address or a single label
 * (`localhost`) has none: `[]`.
 */
function domains(): string[] {
  const host = location.hostname;
  const labels = host.split('.');
  return /^[\d.]+$|:/.test(host) ? [] : labels.slice(1).map((_, i) => labels.slice(-i - 2).join('.'));
}

/**
 * Writes a cookie for `maxAge` seconds on the domain `cookieDomain` asks for, found once per page
 * by trying, as the browser decides: `'auto'` tries the parent domains from the highest down
 * (the browser refuses public suffixes such as `com` or `vercel.app`), a given domain is tried
 * alone, `'host'` is host-only. The first domain where the cookie reads back wins; else it is
 * host-only.
 */
export function writeCookie(name: string, value: string, maxAge: number): void {
  // 'host' is the empty domain: host-only.
  const want = options.cookieDomain === 'host' ? '' : options.cookieDomain || 'auto';
  if (probedFor !== want) {
    probedFor = want;
    // A host-only copy (left by an earlier 'host' setup) is older, so it comes first in
    // document.cookie and would hide the probe's write for good. The record was read already: drop it
    // (with 'host', the write below puts it back).
    setCookie(name, '', 0, '');
    // 'auto' tries the host's parents (`shop.com` for `www.shop.com`; for `x.vercel.app` only
    // `vercel.app`, which the browser refuses as a public suffix), or for an apex that has no parent
    // but its top-level domain (`shop.com`), the apex itself, so `shop.com` and `www.shop.com` share
    // the cookie.
    const auto = domains();
    cookieDomain =
      (want === 'auto' ? auto.slice(0, auto.length - 1 || 1) : [want]).find((domain) => {
        setCookie(name, value, maxAge, domain);
        return readCookie(name) === value;
      }) || '';
  }
  setCookie(name, value, maxAge, cookieDomain);
}

/** Deletes cookie `name`, host-only and on every domain the SDK may have written it on. */
export function deleteCookie(name: string): void {
  for (const domain of ['', ...domains()]) setCookie(name, '', 0, domain);
}
