import { guard } from './lib/guard.js';
import { ids } from './lib/ids.js';
import type { CheckoutMetadata } from './types.js';

/** The metadata for these IDs (`["", ""]`: outside a browser). */
function metadata(ids: readonly string[] = ['', '']): CheckoutMetadata {
  return { engagetrack_visitor_id: ids[0], engagetrack_session_id: ids[1] };
}

/**
 * The `metadata` your server passes when it creates a Stripe Checkout Session (and as
 * `subscription_data.metadata`), for full attribution: send it from the page with the checkout
 * request. Both IDs are `""` outside a browser; never throws.
 *
 * @example
 * await fetch('/create-checkout-session', { method: 'POST', body: JSON.stringify(getCheckoutMetadata()) });
 */
export const getCheckoutMetadata: () => CheckoutMetadata = /* @__PURE__ */ guard(
  'getCheckoutMetadata',
  () => metadata(ids(true)),
  () => metadata(),
);
