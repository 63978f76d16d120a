import { guard } from './lib/guard.js';
import { ids } from './lib/ids.js';
import type { CheckoutMetadata } from './types.js';

function metadata(visitor = '', session = ''): CheckoutMetadata {
  return { engagetrack_visitor_id: visitor, engagetrack_session_id: session };
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
  () => {
    const [visitor, session] = ids(true);
    return metadata(visitor, session);
  },
  metadata,
);
