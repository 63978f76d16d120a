import { follow, type PageSdk } from './follow.js';
import type { ConsentSignalOptions } from './types.js';

/** The page registry's key: the first copy of the SDK to start registers the page's SDK there. */
const KEY = /* @__PURE__ */ Symbol.for('engagetrack');

/** A list option as given, or `undefined` (the default) for an empty or missing list: `[]` names nothing to follow, which would never grant. */
function listOption<T>(value: readonly T[] | undefined): T[] | undefined {
  return Array.isArray(value) && value.length ? [...value] : undefined;
}

/**
 * Makes consent `'required'` on the page's SDK and follows the page's consent banner through the
 * standard signals it emits, so no glue code calls `setConsent()`: Google Consent Mode v2 (the
 * dataLayer's `consent` commands and the state Google's tags keep), IAB TCF v2.2 (`__tcfapi`) and the
 * WordPress Consent API (`wp_has_consent('statistics')`). Returns `stop()`, which removes its
 * listeners (consent stays as it is).
 *
 * Until a grant, the SDK keeps its IDs in memory (links are decorated with them). A denial from any
 * followed signal wins; a signal without an answer grants nothing. A grant calls `setConsent(true)`,
 * which stores the IDs the links already carry (or adopts the visitor of an earlier consented visit);
 * a later denial calls `setConsent(false)`, which deletes what the SDK stored. `setConsent` is only
 * called when a signal's answer changes, so a call of the page's own stands until then. A signal
 * whose objects throw (a broken CMP) grants nothing, and a denial from another still wins.
 *
 * Signals that appear after this call (a CMP, Google's tag) are found: the page is looked at again
 * when the window has loaded, when any script, frame or image of the page has loaded (a CMP a tag
 * manager inserts, at any time), and whenever a followed signal changes (a dataLayer push, a CMP
 * event, a WordPress consent change); no timer runs.
 *
 * Call it before the SDK's other functions: like `init()`'s own options, it applies to the SDK from
 * the moment that SDK starts (`init()`, or a script tag). A getter an app calls before `init()` runs
 * with the default consent and stores (an app that never calls `init()` is not followed at all).
 * It acts on the page's SDK only through the page registry (`Symbol.for('engagetrack')`), so it works
 * with any copy and version of the SDK. Called before any SDK started (an app that calls it before
 * `init()`), it waits for the SDK to register and makes consent `'required'` at that moment, before
 * the SDK stores anything; the app's own options still apply (except `consent: 'granted'`, which
 * would store before the banner answers: leave `consent` out). Outside a browser it returns a no-op.
 * Never throws.
 *
 * @example
 * followConsent();
 * init(); // consent is 'required', in either order of the two calls
 */
export function followConsent(options?: ConsentSignalOptions): () => void {
  const noop = () => {};
  if (typeof document === 'undefined') return noop;
  const page = window as unknown as Record<symbol, PageSdk | undefined>;
  const required = (sdk: PageSdk) => sdk.join({ consent: 'required' }, false);
  /** An answer given before any SDK registered: told to the SDK when it does. */
  let pending: boolean | undefined;
  let undo = noop;
  try {
    const sdk = page[KEY];
    if (sdk) required(sdk);
    else {
      // No SDK yet. The copy that starts first assigns the registry key (register() in
      // src/lib/registry.ts) before it configures or stores anything: this setter runs right then.
      const register = (sdk: PageSdk) => {
        Object.defineProperty(page, KEY, { value: sdk, writable: true, configurable: true, enumerable: true });
        try {
          required(sdk);
          if (pending !== undefined) sdk.setConsent(pending);
        } catch {
          // Never throw into the registering copy's init().
        }
      };
      Object.defineProperty(page, KEY, { configurable: true, get: noop, set: register });
      undo = () => {
        if (Object.getOwnPropertyDescriptor(page, KEY)?.set === register) delete page[KEY];
      };
    }
  } catch {
    // A registry key that cannot be watched (frozen window): follow what registers, as it comes.
  }
  // The page's SDK as it is when the answer changes (none yet: told when it registers).
  const stop = follow(
    {
      ...options,
      consentSignals: listOption(options?.signals)?.map((name) => `${name}`.trim().toLowerCase()) as
        | ConsentSignalOptions['signals']
        | undefined,
      googleConsentTypes: listOption(options?.googleConsentTypes),
      tcfPurposes: listOption(options?.tcfPurposes),
    },
    {
      setConsent(granted) {
        try {
          const sdk = page[KEY];
          if (sdk) sdk.setConsent(granted);
          else pending = granted;
        } catch {
          // A foreign object under the registry key: never into the page (this runs in its dataLayer.push).
        }
      },
    },
  );
  return () => {
    stop();
    undo();
  };
}
