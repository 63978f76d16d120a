import { withIds } from './lib/decorate.js';
import { guard } from './lib/guard.js';
import { linkIds } from './lib/ids.js';
import { paymentLinkUrl } from './lib/paymentLink.js';

/**
 * Returns a Payment Link URL with the visitor and session IDs added, exactly as the EngageTrack
 * docs snippet adds them (`client_reference_id`, `prefilled_email`, `engagetrack_session_id`),
 * for building a link or redirect by hand. Any other URL (not `https:`, another host, relative,
 * malformed, not a string) is returned unchanged, so no ID leaks to another host. Never throws.
 *
 * @example
 * location.href = decorateUrl('https://buy.stripe.com/aBC123dEfGhI');
 */
export const decorateUrl: (url: string) => string = /* @__PURE__ */ guard(
  'decorateUrl',
  (url: string) => {
    const link = paymentLinkUrl(url);
    return link ? withIds(link, linkIds(true)) : url;
  },
  (url: string) => url,
);
