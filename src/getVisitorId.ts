import { guard } from './lib/guard.js';
import { ids } from './lib/ids.js';

/**
 * The stable anonymous visitor ID of this browser: 32 hex digits, kept for 365 days in a first-party
 * cookie and in localStorage (or in memory only, without consent); the visitor of a valid
 * `engagetrack_vid` cookie set by your server, or of EngageTrack's tracker, where there is one.
 * Counts as activity for the session. Served from memory for a second after the stores were read.
 * Returns `""` outside a browser; never throws.
 *
 * @example
 * const visitorId = getVisitorId(); // "3f0c9a…"
 */
export const getVisitorId: () => string = /* @__PURE__ */ guard(
  'getVisitorId',
  () => ids(true)[0],
  () => '',
);
