import type { Options } from '../types.js';

/** Stripe's own Payment Link host, always a payment link host. */
const STRIPE_HOST = 'buy.stripe.com';

/**
 * The options in effect: those given so far, merged (an `init()` after a configure-only script tag
 * adds to them). Read where they are used; a value that is not valid counts as absent there.
 */
export const options: Options = {};

/**
 * Whether `respectPrivacySignals` is on and the browser sends Global Privacy Control or Do Not Track:
 * set by {@link configure} (only there), read by identity. A copy that is never configured (an app that
 * only imports the getters) carries no code that reads the signals.
 */
export let privacySignal = false;

/** Lower-case payment link hosts, `buy.stripe.com` first. */
let hosts = [STRIPE_HOST];
/** Counts the calls to {@link configure}, so decorated elements are redone after a change. */
let version = 0;

/**
 * Whether `url`'s host is a payment link host: `buy.stripe.com` or one of `paymentLinkHosts`, compared
 * without the port (`pay.example.com:8443` is still that host), or with it when the merchant listed it
 * so (the URL parser lower-cases hosts).
 */
export function isPaymentHost(url: URL): boolean {
  return hosts.includes(url.hostname) || hosts.includes(url.host);
}

/**
 * A CSS selector for the candidate payment elements: every `<a>`/`<area>` whose href mentions a payment
 * link host (case-insensitive; the URL parser decides later), `<stripe-pricing-table>` and
 * `<stripe-buy-button>`.
 */
export function paymentSelector(): string {
  return `${hosts.map((host) => `a[href*="${host}" i],area[href*="${host}" i]`)},stripe-pricing-table,stripe-buy-button`;
}

/** Changes with every {@link configure}: part of the key that tells whether an element is up to date. */
export function configVersion(): number {
  return version;
}

/** Whether `consent` asks to wait for `setConsent(true)`: any value but an absent one or `'granted'`. */
export function requiresConsent(consent: unknown): boolean {
  return consent !== undefined && consent !== 'granted';
}

/**
 * Adds `given` (an {@link Options} object, or the `data-*` attributes of the script tag with `"true"`
 * already turned into `true`) to the options in effect. Never throws.
 */
export function configure(given?: Options | null): void {
  Object.assign(options, given);
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  privacySignal = options.respectPrivacySignals === true && !!(nav.globalPrivacyControl || nav.doNotTrack === '1');
  // `${['a', 'b']}` is 'a,b': an array and a data-* string split alike. Hosts go into a selector:
  // only host characters pass.
  hosts = `${STRIPE_HOST},${options.paymentLinkHosts || ''}`
    .toLowerCase()
    .trim()
    .split(/\s*,\s*/)
    .filter((host) => /^[\w.:-]+$/.test(host));
  version++;
  // (Not in the consent bundle: the debug twin does not follow consent banners.)
  if (!__DEBUG__ && !__CONSENT__ && options.debug === true) {
    console.log('[engagetrack] logs: engagetrack.debug.min.js');
  }
}
