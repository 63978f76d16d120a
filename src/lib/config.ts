import type { Options } from '../types.js';

/** The options that are on or off. */
const BOOLEAN_OPTIONS = ['overwriteReference', 'forwardUtm', 'respectPrivacySignals', 'debug'] as const;

/** Stripe's own Payment Link host, always a payment link host. */
export const STRIPE_HOST = 'buy.stripe.com';

/**
 * The options in effect: those given so far (`init()` after a configure-only script tag adds to
 * them), read where they are used, plus what is derived from them.
 */
export const options: Options & {
  /** Lower-case payment link hosts, `buy.stripe.com` first. */
  _hosts: string[];
  /** A CSS selector for every `<a>`/`<area>` whose href mentions one of `_hosts`. */
  _links: string;
  /** Counts the calls to {@link configure}, so decorated elements are redone after a change. */
  _version: number;
} = { _hosts: [], _links: '', _version: 0 };

/**
 * Adds `given` (an {@link Options} object, or the `data-*` attributes of the script tag with
 * `"true"`/`"false"` already turned into booleans) to the options in effect. Never throws; a value
 * that is not valid counts as absent, so the default applies (`consent` excepted: any value but
 * `'granted'` waits for consent).
 */
export function configure(given?: Options | null): void {
  Object.assign(options, given);
  // A boolean option is on only when it is `true` (the script tag turns "true" into true): a
  // string such as 'false' must not count as on.
  for (const key of BOOLEAN_OPTIONS) options[key] = options[key] === true;
  // `${['a', 'b']}` is 'a,b': an array and a data-* string split alike. Hosts go into a selector:
  // only host characters pass.
  options._hosts = `${STRIPE_HOST},${options.paymentLinkHosts || ''}`
    .toLowerCase()
    .split(',')
    .map((host) => host.trim())
    .filter((host) => /^[\w.:-]+$/.test(host));
  options._links = options._hosts.map((host) => `a[href*="${host}" i],area[href*="${host}" i]`).join();
  options._version++;
}

configure();
