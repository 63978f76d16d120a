import { attempt } from './attempt.js';
import { options } from './config.js';
import { deleteCookie, readCookie, writeCookie } from './cookies.js';
import { isId, randomId } from './randomId.js';
import { cleanUtm, UTM_KEYS } from './utm.js';

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

/** The fields of the record: `[visitorId, sessionId, start, lastActivity, ...utm]`. */
export type Ids = string[];

/** Consent set by `setConsent()`; `undefined` until it is called, then the `consent` option decides. */
export const consent: { _given?: boolean } = {};

/** The memory copy of the record: the last fallback, stable for the page's life. */
let memory = '';
/** Whether the cookie's 365 days were renewed on this page load. */
let renewed = false;

/**
 * Whether the SDK may read and write cookies and localStorage now: consent is given (or not
 * required) and, with `respectPrivacySignals`, the browser sends neither GPC nor Do Not Track.
 */
function mayStore(): boolean {
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  return (
    (consent._given ?? (options.consent === undefined || options.consent === 'granted')) &&
    !(options.respectPrivacySignals && (nav.globalPrivacyControl || nav.doNotTrack === '1'))
  );
}

/**
 * A new session's fields, begun now, with the landing page's UTMs (kept even without `forwardUtm`,
 * so an `init({ forwardUtm: true })` that comes after a first call still has them).
 */
function newSession(now: string): Ids {
  const query = new URLSearchParams(location.search);
  return [randomId(), now, now].concat(UTM_KEYS.map((key) => cleanUtm(query.get(key))));
}

/**
 * The visitor and session of this page. The visitor is the first valid one of the cookie,
 * localStorage and memory (so the cookie wins a disagreement); the session is the first of them
 * still live (idle less than `sessionTimeout`, begun less than 24 h ago), so a tab adopts the session
 * another tab started; else a new one begins, with the page's UTMs. Every
 * store that lost the record or disagrees is written back; the cookie's 365 days are renewed on each
 * page load. `touch` counts the call as activity; `fresh` forgets everything (new visitor and
 * session). Reads each store once.
 */
export function identity(touch?: boolean, fresh?: boolean): Ids {
  const now = Date.now();
  const minutes = options.sessionTimeout as number;
  const store = mayStore();
  const jar = store ? attempt(() => document.cookie) : '';
  const cookie = readCookie(STORE_KEY, jar);
  const stored = store && attempt(() => localStorage.getItem(STORE_KEY));
  const server = !fresh && readCookie(SERVER_KEY, jar);
  const records = fresh ? [] : [cookie, stored, memory].map((record) => `${record}`.split('.'));
  const visitor = (isId(server) && server) || records.find((fields) => isId(fields[0]))?.[0] || randomId();
  // That visitor's session, if still live: times in order and not in the future, begun less than
  // 24 h ago, idle less than sessionTimeout.
  const live = records.find(
    (fields) =>
      fields[0] === visitor &&
      isId(fields[1]) &&
      +fields[2] <= +fields[3] &&
      +fields[3] <= now &&
      now - +fields[2] < 864e5 &&
      now - +fields[3] < (minutes > 0 ? minutes : 30) * 6e4,
  );
  const ids = live ? live.slice(1) : newSession(`${now}`);
  // Activity is kept to the second, so a busy page writes the stores at most once a second.
  if (touch && now - +ids[2] > 999) ids[2] = `${now}`;
  ids.unshift(visitor);
  memory = ids.join('.');
  if (store) {
    // A new visitor must not be shadowed by an older copy on another cookie domain.
    if (fresh) forget();
    if (!renewed || cookie !== memory) writeCookie(STORE_KEY, memory, 31536e3);
    if (stored !== memory) attempt(() => localStorage.setItem(STORE_KEY, memory));
    renewed = true;
  }
  return ids;
}

/** Deletes the SDK's cookies (on every domain) and localStorage entry; the IDs go on in memory. */
export function forget(): void {
  deleteCookie(STORE_KEY);
  deleteCookie(SERVER_KEY);
  attempt(() => localStorage.removeItem(STORE_KEY));
}
