/**
 * `engagetrack/server`: set the visitor cookie on your HTML responses (middleware), and read the
 * EngageTrack attribution back from a Stripe Checkout Session in a webhook handler (Node 20+, edge
 * runtimes, Deno, Bun; no DOM needed).
 *
 * @packageDocumentation
 */

export type { CheckoutMetadata } from '../metadata.js';
export { attributionFromCheckoutSession } from './attributionFromCheckoutSession.js';
export { identityCookie } from './identityCookie.js';
export { parseClientReferenceId } from './parseClientReferenceId.js';
export type {
  Attribution,
  CheckoutSessionLike,
  IdentityCookie,
  IdentityCookieOptions,
  RequestLike,
  ResponseLike,
} from './types.js';
export { withIdentityCookie } from './withIdentityCookie.js';
