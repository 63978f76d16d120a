/**
 * `engagetrack/server`: read the EngageTrack attribution back from a Stripe Checkout Session in a
 * webhook handler (Node 18+, edge runtimes; no DOM needed).
 *
 * @packageDocumentation
 */

export type { CheckoutMetadata } from '../metadata.js';
export { attributionFromCheckoutSession } from './attributionFromCheckoutSession.js';
export { parseClientReferenceId } from './parseClientReferenceId.js';
export type { Attribution, CheckoutSessionLike } from './types.js';
