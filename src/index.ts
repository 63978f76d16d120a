/**
 * EngageTrack browser SDK: a stable visitor and session ID on every page, put on every Stripe
 * Payment Link, Pricing Table and Buy Button so the `checkout.session.completed` webhook can be
 * attributed. Importing this module does nothing by itself; call {@link init} for automatic mode.
 *
 * @packageDocumentation
 */
export { decorateStripeLinks } from './decorateStripeLinks.js';
export { decorateUrl } from './decorateUrl.js';
export { getCheckoutMetadata } from './getCheckoutMetadata.js';
export { getSessionId } from './getSessionId.js';
export { getVisitorId } from './getVisitorId.js';
export { init } from './init.js';
export { reset } from './reset.js';
export { setConsent } from './setConsent.js';
export type { CheckoutMetadata, EngageTrack, Options } from './types.js';
