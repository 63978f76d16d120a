import { guard } from './lib/guard.js';
import { identity } from './lib/identity.js';

/**
 * The stable anonymous visitor ID of this browser: 32 hex digits, kept for 365 days in a first-party
 * cookie and in localStorage (or in memory only, without consent). Counts as activity for the
 * session. Returns `""` outside a browser; never throws.
 *
 * @example
 * const visitorId = getVisitorId(); // "3f0c9a…"
 */
export const getVisitorId: () => string = guard(
  () => identity(true)[0],
  () => '',
);
