import { isId } from '../lib/randomId.js';
import type { Attribution } from './types.js';

/**
 * Parses a Stripe `client_reference_id` the SDK wrote: a bare visitor ID (`referenceFormat:
 * 'visitor'`) or `<visitorId>_<sessionId>` (`'visitor+session'`). Returns the attribution with
 * `source: 'client_reference_id'`, or `null` for anything the SDK could not have written (a
 * merchant's own reference such as `user_42`, invalid characters, a non-string). Never throws.
 *
 * @example
 * parseClientReferenceId(session.client_reference_id)?.visitorId
 */
export function parseClientReferenceId(value: string | null | undefined): Attribution | null {
  if (typeof value !== 'string') return null;
  const [visitorId, sessionId, extra] = value.split('_');
  if (!isId(visitorId) || extra != null || (sessionId != null && !isId(sessionId))) return null;
  return { visitorId, sessionId: sessionId ?? null, source: 'client_reference_id' };
}
