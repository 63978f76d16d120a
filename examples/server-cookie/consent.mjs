// The consent rule of the visitor cookie: where consent is required, the server sets
// `engagetrack_vid` only while the visitor's consent stands. Before consent the cookie must not
// exist; after a withdrawal the SDK deletes it (`setConsent(false)`), and the next page response would
// bring it back if the server did not check. The server cannot ask the SDK, so it reads the consent
// tool's own cookie, sent with every request.

/**
 * The cookie this example's consent banner writes (`granted` or `denied`; see server.mjs). With a
 * consent platform, read its cookie instead: Cookiebot's `CookieConsent`, OneTrust's
 * `OptanonConsent`, Didomi's `didomi_token`, … (each has its own format: see its documentation).
 */
export const CONSENT_COOKIE = 'shop_consent';

/**
 * Whether the visitor's consent stands, from the request's `Cookie` header: `shop_consent=granted`.
 * Anything else (no cookie, `denied`, a malformed header) is no consent.
 *
 * @param {string | null | undefined} cookieHeader
 * @returns {boolean}
 */
export function consentGiven(cookieHeader) {
  if (typeof cookieHeader !== 'string') return false;
  return cookieHeader.split(';').some((pair) => pair.trim() === `${CONSENT_COOKIE}=granted`);
}
