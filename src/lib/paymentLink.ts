import { attempt } from './attempt.js';
import { isPaymentHost, options } from './config.js';
import { log } from './log.js';

/**
 * Parses `href` (resolved against `base` when given) and returns it as a URL if it is a payment
 * link: `https:`, no user info, and a host exactly `buy.stripe.com` or one of `paymentLinkHosts`
 * (the URL parser lower-cases hosts). Anything else, malformed hrefs included, gives `undefined`
 * (with the reason in the debug build's log, about `subject`).
 */
export function paymentLinkUrl(href: string, base?: string, subject?: unknown): URL | undefined {
  // Malformed (or relative without a base): not a payment link.
  const url = attempt(() => new URL(href, base));
  // A serialized URL starts with `https://<host>/` only when it is https: and has no user info
  // (`https://user@host/` does not).
  if (url?.href.startsWith(`https://${url.host}/`) && isPaymentHost(url)) return url;
  if (__DEBUG__ && options.debug === true) {
    log(`skipped ${url ? `${url.protocol}//${url.host}` : 'malformed'}`, subject ?? href);
  }
  return undefined;
}
