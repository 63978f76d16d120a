import { attempt } from './attempt.js';
import { options } from './config.js';
import { type IdRecord, identity } from './identity.js';

/** Stripe's rule for `client_reference_id`: letters, digits, `-` and `_`, at most 200 characters. */
function isReference(value: unknown): value is string {
  return typeof value === 'string' && /^[\w-]{1,200}$/.test(value);
}

/** The `client_reference_id` for these IDs, per `referenceFormat`. */
export function referenceOf(ids: IdRecord): string {
  return options.referenceFormat === 'visitor+session' ? `${ids[0]}_${ids[1]}` : ids[0];
}

/**
 * The IDs the SDK reports: those the `identity` option returns (the script tag sets it to
 * EngageTrack's tracker when the tracker holds `window.engagetrack`) when both are valid Stripe
 * references, asked at each call; else the SDK's own. `touch` counts the call as activity of the SDK's
 * own session.
 */
export function ids(touch?: boolean): IdRecord {
  const own = identity(touch);
  const [visitor, session] = (options.identity && attempt(options.identity)) || [];
  return isReference(visitor) && isReference(session) ? ([visitor, session, ...own.slice(2)] as IdRecord) : own;
}

/**
 * The IDs payment elements get: {@link ids}, unless their reference (with `'visitor+session'`, the
 * joined one) would not be a valid Stripe reference; then the SDK's own.
 */
export function linkIds(touch?: boolean): IdRecord {
  const chosen = ids(touch);
  return isReference(referenceOf(chosen)) ? chosen : identity(touch);
}
