import { decorate } from './lib/decorate.js';
import { guard } from './lib/guard.js';

/**
 * Decorates, in one pass over `root` (default: `document`), every payment link (`<a>`/`<area>` to
 * `https://buy.stripe.com` or a `paymentLinkHosts` host) and every `<stripe-pricing-table>` and
 * `<stripe-buy-button>`, and returns how many it found. Elements already right are left as they
 * are; nothing else on the page is changed. Returns `0` outside a browser or for an invalid root;
 * never throws.
 */
export const decorateStripeLinks: (root?: ParentNode) => number = /* @__PURE__ */ guard(
  'decorateStripeLinks',
  (root: ParentNode = document) => decorate([root], true),
  () => 0,
);
