import { attempt } from './attempt.js';
import { options, privacySignal, requiresConsent } from './config.js';
import { deleteCookie, readCookie, writeCookie } from './cookies.js';
import { isId, randomId } from './randomId.js';
import { SERVER_KEY, STORE_KEY } from './storeKeys.js';
import { cleanUtm, UTM_KEYS } from './utm.js';

export { SERVER_KEY, STORE_KEY };

/** The identity record, as stored: IDs, session times (ms since 1970, as strings), landing UTMs. */
export type IdRecord = [visitorId: string, sessionId: string, start: string, lastActivity: string, ...utm: string[]];

/** The record in effect: the memory copy, and the last fallback (stable for the page's life). */
let record = [] as unknown as IdRecord;
/** When the stores were last read (or written): for a second after, calls are served from memory. */
let readAt = 0;
/** Whether the cookie's 365 days were renewed on this page load. */
let renewed = false;
/** What `setConsent()` said; `undefined` until it is called, then the `consent` option decides. */
let consentGiven: boolean | undefined;
/**
 * Set by `reset()` ({@link forgetVisitor}): deletes what the stores hold, at the next read they allow.
 * (A function, so an app that imports only the getters carries no deletion code.)
 */
let forgetStored: (() => void) | 0 | undefined;

/** Whether the SDK wrote its stores on this page load. */
export function storedOnThisPage(): boolean {
  return renewed;
}

/**
 * Records `setConsent(granted)`: only `true` grants. The next call reads the stores again. Returns
 * whether consent is given.
 */
export function giveConsent(granted: boolean): boolean {
  readAt = 0;
  consentGiven = granted === true;
  return consentGiven;
}

/** Whether `setConsent()` was called on this page (its answer then stands over the `consent` option). */
export function consentAnswered(): boolean {
  return consentGiven !== undefined;
}

/**
 * Whether the SDK may read and write cookies and localStorage now: consent is given (or not
 * required) and, with `respectPrivacySignals`, the browser sends neither GPC nor Do Not Track.
 */
function mayStore(): boolean {
  return !privacySignal && (consentGiven ?? !requiresConsent(options.consent));
}

/**
 * A new session for `visitor`, begun `now`, with the landing page's UTMs (kept even without
 * `forwardUtm`, so an `init({ forwardUtm: true })` that comes after a first call still has them).
 */
function newSession(visitor: string, now: string): IdRecord {
  const query = new URLSearchParams(location.search);
  return [visitor, randomId(), now, now, ...UTM_KEYS.map((key) => cleanUtm(query.get(key)))];
}

/**
 * The visitor and session of this page. The visitor is the server's `engagetrack_vid` cookie when it
 * is valid, else the first valid one of the cookie, localStorage and memory (so the cookie wins a
 * disagreement); the session is the first of them still live (idle less than `sessionTimeout`, begun
 * less than 24 h ago), so a tab adopts the session another tab started; else a new one begins, with
 * the page's UTMs. Every store that lost the record or disagrees is written back; the cookie's 365
 * days are renewed on each page load. `touch` counts the call as activity (kept to the second, so a
 * busy page writes at most once a second).
 *
 * The stores are read at most once a second: a call within a second of the last read (or write) is
 * served from memory, unless it must record a new second of activity (and while the clock stands
 * before the last read, after it was set back: a last activity in the future ends a session anyway). So a session another tab
 * started, or a deleted cookie, is seen within a second; `reset()` ({@link forgetVisitor}) and consent
 * changes at once.
 * Returns the record in effect: read it, never change it.
 */
export function identity(touch?: boolean): IdRecord {
  const now = Date.now();
  if (now - readAt > 999 || (touch && now - +record[3] > 999)) {
    const minutes = options.sessionTimeout as number;
    const store = mayStore();
    // After reset(), the visitor it forgot is never adopted again: not even once consent comes
    // (reset() could not delete it while storage was not allowed).
    if (store) {
      if (forgetStored) forgetStored();
      forgetStored = 0;
    }
    const jar = store && attempt(() => document.cookie);
    const cookie = readCookie(STORE_KEY, jar);
    const stored = store && attempt(() => localStorage.getItem(STORE_KEY));
    const server = readCookie(SERVER_KEY, jar);
    const records = [cookie, stored, record.join('.')].map((value) => `${value}`.split('.'));
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
    record = (live as IdRecord) || newSession(visitor, `${now}`);
    if (touch) record[3] = `${now}`;
    const value = record.join('.');
    if (store) {
      if (!renewed || cookie !== value) writeCookie(STORE_KEY, value, 31536e3);
      if (stored !== value) attempt(() => localStorage.setItem(STORE_KEY, value));
      renewed = true;
    }
    readAt = now;
  }
  return record;
}

/**
 * Forgets this visitor (`reset()`): the memory copy now, and what the stores hold at the next read
 * they allow (at once, or when consent comes), on every cookie domain, so no older copy can shadow
 * the new visitor; the next call starts a new visitor and session.
 */
export function forgetVisitor(): void {
  forgetStored = forget;
  record = [] as unknown as IdRecord;
  readAt = 0;
}

/**
 * Deletes the SDK's cookies (its record, and the server's visitor cookie, on every domain) and its
 * localStorage entry; the IDs go on in memory.
 */
export function forget(): void {
  deleteCookie(STORE_KEY);
  deleteCookie(SERVER_KEY);
  attempt(() => localStorage.removeItem(STORE_KEY));
}
