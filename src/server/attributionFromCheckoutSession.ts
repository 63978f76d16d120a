import { isIdValue } from '../lib/randomId.js';
import { parseClientReferenceId } from './parseClientReferenceId.js';
import type { Attribution, CheckoutSessionLike } from './types.js';

/**
 * The visit a Stripe Checkout Session (the `data.object` of a `checkout.session.completed` event)
 * came from. `metadata.engagetrack_visitor_id` (with `engagetrack_session_id`, `null` when absent or
 * invalid) wins, as `source: 'metadata'`; otherwise the `client_reference_id` the SDK put on a Payment
 * Link is parsed (see {@link parseClientReferenceId}). Returns `null` when neither holds an ID the
 * SDK could have written, or for anything that is not a session object. Never throws.
 *
 * @example
 * const attribution = attributionFromCheckoutSession(event.data.object);
 */
export function attributionFromCheckoutSession(session: CheckoutSessionLike | null | undefined): Attribution | null {
  try {
    if (!session || typeof session !== 'object') return null;
    const { metadata, client_reference_id } = session;
    const fields: Record<string, unknown> = metadata && typeof metadata === 'object' ? metadata : {};
    const visitorId = fields.engagetrack_visitor_id;
    const sessionId = fields.engagetrack_session_id;
    if (isIdValue(visitorId)) {
      return { visitorId, sessionId: isIdValue(sessionId) ? sessionId : null, source: 'metadata' };
    }
    return parseClientReferenceId(client_reference_id);
  } catch {
    // A getter that throws, a revoked proxy: not a session the SDK can read.
    return null;
  }
}
