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
 * The IDs the SDK reports and puts on payment elements: those the `identity` option returns (the
 * script tag sets it to EngageTrack's tracker when the tracker holds `window.engagetrack`) when they
 * are valid Stripe references (and, with `'visitor+session'`, their joined reference too), asked at
 * each call; else the SDK's own. `touch` counts the call as activity of the SDK's own session.
 */
export function ids(touch?: boolean): IdRecord {
  const own = identity(touch);
  const pair = options.identity && attempt(options.identity);
  const theirs = pair && ([pair[0], pair[1], ...own.slice(2)] as IdRecord);
  return theirs && isReference(theirs[0]) && isReference(theirs[1]) && isReference(referenceOf(theirs)) ? theirs : own;
}
