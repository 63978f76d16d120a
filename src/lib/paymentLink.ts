import { attempt } from './attempt.js';
import { options } from './config.js';
import { log } from './log.js';

/**
 * Parses `href` and returns it as a URL if it is a payment link: `https:`, no user info, and a host
 * exactly `buy.stripe.com` or one of `paymentLinkHosts` (the URL parser lower-cases hosts).
 * Anything else, malformed hrefs included, gives `undefined`, logged with `debug`.
 */
export function paymentLinkUrl(href: string, element?: Element): URL | undefined {
  const url = attempt(() => new URL(href));
  if (url && url.protocol === 'https:' && !url.username && !url.password && options._hosts.includes(url.host))
    return url;
  log('skipped', url ? url.protocol + url.host : 'malformed', element || href);
  return undefined;
}
