import { SERVER_KEY, STORE_KEY } from '../lib/storeKeys.js';
import type { VerifyStorage } from './types.js';

/** Where the visitor is kept, and which stores the page cannot use. */
export interface StoreFacts {
  storage: VerifyStorage;
  cookiesBlocked: boolean;
  localStorageBlocked: boolean;
}

/** The value of cookie `name` in `jar` (the first pair wins, as the SDK reads it). */
function cookieValue(jar: string, name: string): string | undefined {
  return jar.match(`(^|; )${name}=([^;]*)`)?.[2];
}

/**
 * Reads (never writes) the SDK's stores: the server's `engagetrack_vid` cookie, the `engagetrack_id`
 * cookie and localStorage entry (`<visitorId>.<sessionId>.…`), and returns the strongest one holding
 * `visitorId`, else `'memory'`. With EngageTrack's tracker owning the IDs (`trackerIds`), the SDK keeps
 * its own visitor, not the tracker's: then the strongest store holding any visitor of the SDK counts.
 */
export function readStores(visitorId: string, trackerIds: boolean): StoreFacts {
  // Cookies disabled in the browser: document.cookie reads as '' and ignores writes, without throwing.
  let cookiesBlocked = navigator.cookieEnabled === false;
  let localStorageBlocked = false;
  let jar = '';
  let local: string | null = null;
  try {
    jar = document.cookie;
  } catch {
    cookiesBlocked = true;
  }
  try {
    local = window.localStorage.getItem(STORE_KEY);
  } catch {
    // Blocked (a SecurityError), or no localStorage at all (null).
    localStorageBlocked = true;
  }
  const holds = (visitor: string | null | undefined) =>
    !!visitor && (trackerIds ? /^[a-z\d-]{16,64}$/i.test(visitor) : visitor === visitorId);
  const visitorOf = (record: string | null | undefined) => record?.split('.')[0];
  const storage: VerifyStorage = holds(cookieValue(jar, SERVER_KEY))
    ? 'server-cookie'
    : holds(visitorOf(cookieValue(jar, STORE_KEY)))
      ? 'cookie'
      : holds(visitorOf(local))
        ? 'localStorage'
        : 'memory';
  return { storage, cookiesBlocked, localStorageBlocked };
}
