import type { EngageTrack } from '../types.js';
import { attempt } from './attempt.js';
import { options } from './config.js';
import { type IdRecord, identity } from './identity.js';
import { pageSdk } from './registry.js';

/** Stripe's rule for `client_reference_id`: letters, digits, `-` and `_`, at most 200 characters. */
function isReference(value: unknown): value is string {
  return typeof value === 'string' && /^[\w-]{1,200}$/.test(value);
}

/** The `client_reference_id` for these IDs, per `referenceFormat`. */
export function referenceOf(ids: IdRecord): string {
  return options.referenceFormat === 'visitor+session' ? `${ids[0]}_${ids[1]}` : ids[0];
}

/**
 * EngageTrack's own tracker, when it holds `window.engagetrack`: an object that is not this SDK (not the API of the page's SDK) and has `getVisitorId()` and `getSessionId()`. The docs
 * snippet reads those, and its visitor is the one the EngageTrack dashboard has the traffic source for.
 */
export function trackerOnPage(): EngageTrack | undefined {
  const found = window.engagetrack as Partial<EngageTrack> | undefined;
  return found &&
    found !== pageSdk()?.api &&
    typeof found.getVisitorId === 'function' &&
    typeof found.getSessionId === 'function'
    ? (found as EngageTrack)
    : undefined;
}

/**
 * The IDs the SDK reports and puts on payment elements: those of the `identity` option or of
 * EngageTrack's tracker when they are valid Stripe references (and, with `'visitor+session'`, their
 * joined reference too), read at each call; else the SDK's own. `touch` counts the call as activity
 * of the SDK's own session.
 */
export function ids(touch?: boolean): IdRecord {
  const own = identity(touch);
  const tracker = options.identity ? undefined : trackerOnPage();
  const source = options.identity || (tracker && (() => [tracker.getVisitorId(), tracker.getSessionId()]));
  const pair = source && (attempt(source) as readonly unknown[] | null | undefined);
  if (pair && isReference(pair[0]) && isReference(pair[1])) {
    const theirs = [pair[0], pair[1], ...own.slice(2)] as IdRecord;
    if (isReference(referenceOf(theirs))) return theirs;
  }
  return own;
}
