import { DENIED, GRANTED, NO_ANSWER, WITHHELD } from './signal.js';

/**
 * The event the WP Consent API dispatches on `document` when the visitor changes a category
 * (`wp_set_consent(category, 'allow' | 'deny')`; its `detail` maps the category to the value).
 */
const CHANGE = 'wp_listen_for_consent_change';

/** The `changed` our event listener calls, once attached; whether the API granted on this page. */
let listener: (() => void) | undefined;
let granted = false;

/**
 * The WordPress Consent API (the "WP Consent API" plugin, fed by consent plugins such as Complianz
 * and CookieYes): `wp_has_consent('statistics')`, read again at each call and on each
 * `wp_listen_for_consent_change` event. Granted when it says so (by the API's own rules: the consent
 * type, `optin` or `optout`, and the visitor's choice). A `false` withholds consent, and once it has
 * granted on this page it is the visitor's denial.
 */
export function wordpress(changed: () => void): number {
  if (!listener) document.addEventListener(CHANGE, (listener = changed));
  const hasConsent = (window as { wp_has_consent?: unknown }).wp_has_consent;
  if (typeof hasConsent !== 'function') return NO_ANSWER;
  if (!hasConsent('statistics')) return granted ? DENIED : WITHHELD;
  granted = true;
  return GRANTED;
}

/** Stops following the WordPress Consent API. */
export function stopWordpress(): void {
  if (listener) document.removeEventListener(CHANGE, listener);
  listener = undefined;
  granted = false;
}
