// The names the SDK stores under (SPEC "Identity"), in a module of their own so the server entry
// (engagetrack/server) uses the same names without bringing the browser SDK's state with it.

/**
 * Cookie name and localStorage key of the identity record:
 * `<visitorId>.<sessionId>.<session start ms>.<last activity ms>[.<utm_source>…<utm_term>]`.
 */
export const STORE_KEY = 'engagetrack_id';

/**
 * The visitor cookie the merchant's server sets with `identityCookie()` from `engagetrack/server`.
 * Safari caps cookies written by script at 7 days (24 hours after an ad click) and clears
 * localStorage after 7 days; a cookie set in an HTTP response by the site's own server is not capped.
 * The SDK reads it (it wins over every other store), never writes it, and deletes it on `reset()` and
 * `setConsent(false)`.
 */
export const SERVER_KEY = 'engagetrack_vid';
