import { DENIED, GRANTED, WITHHELD } from './signal.js';

/**
 * The event the WP Consent API dispatches on `document` when the visitor changes a category
 * (`wp_set_consent(category, 'allow' | 'deny')`; its `detail` maps the category to the value).
 */
export const WORDPRESS_CHANGE = 'wp_listen_for_consent_change';

/**
 * The WordPress Consent API (the "WP Consent API" plugin, fed by consent plugins such as Complianz
 * and CookieYes): what `wp_has_consent('statistics')` says (`hasConsent`, by the API's own rules:
 * the consent type, `optin` or `optout`, and the visitor's choice). A `false` withholds consent; once
 * the API has granted on this page (`grantedBefore`), it is the visitor's denial.
 */
export function wordpressAnswer(hasConsent: unknown, grantedBefore: boolean): number {
  return hasConsent ? GRANTED : grantedBefore ? DENIED : WITHHELD;
}
