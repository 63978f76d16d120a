/**
 * The WordPress Consent API (the "WP Consent API" plugin, fed by consent plugins such as Complianz
 * and CookieYes), as follow.ts reads it: `wp_has_consent('statistics')`, read again at every look and
 * at each event below. Its `true` grants (by the API's own rules: the consent type, `optin` or
 * `optout`, and the visitor's choice; no consent type at all means no consent plugin, and every
 * category allowed). Its `false` is the visitor's choice against, or no choice yet under `optin`:
 * a denial either way (what the SDK stored is deleted; before any consent, that is nothing).
 *
 * The event the API dispatches on `document` when the visitor changes a category
 * (`wp_set_consent(category, 'allow' | 'deny')`; its `detail` maps the category to the value).
 */
export const WORDPRESS_CHANGE = 'wp_listen_for_consent_change';
