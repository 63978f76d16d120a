import type { Options } from '../types.js';

/** Stripe's own Payment Link host, always a payment link host. */
export const STRIPE_HOST = 'buy.stripe.com';

/**
 * The options in effect: those given so far, merged (an `init()` after a configure-only script tag
 * adds to them). Read where they are used; a value that is not valid counts as absent there.
 */
export const options: Options = {};

/** Lower-case payment link hosts, `buy.stripe.com` first. */
let hosts = [STRIPE_HOST];
/** Counts the calls to {@link configure}, so decorated elements are redone after a change. */
let version = 0;

/** The payment link hosts in effect: `buy.stripe.com` and the valid `paymentLinkHosts`, lower-case. */
export function paymentHosts(): string[] {
  return hosts;
}

/** A CSS selector for every `<a>`/`<area>` whose href mentions a payment link host (case-insensitive). */
export function linkSelector(): string {
  return hosts.map((host) => `a[href*="${host}" i],area[href*="${host}" i]`).join();
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
  // `${['a', 'b']}` is 'a,b': an array and a data-* string split alike. Hosts go into a selector:
  // only host characters pass.
  hosts = `${STRIPE_HOST},${options.paymentLinkHosts || ''}`
    .toLowerCase()
    .trim()
    .split(/\s*,\s*/)
    .filter((host) => /^[\w.:-]+$/.test(host));
  version++;
  if (!__DEBUG__ && options.debug === true) {
    console.log('[engagetrack] logs: engagetrack.debug.min.js');
  }
}
