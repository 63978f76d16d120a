import { init } from 'engagetrack';
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
 * It acts on the page's SDK through the page registry (`Symbol.for('engagetrack')`), so it works with
 * any copy and version of the SDK (a script tag, another bundle). Where the page has no SDK yet, the
 * app's own becomes it at once (this package's `engagetrack`, the file the app imports), with consent
 * `'required'`: from this call on, no function of the SDK stores anything until the banner grants,
 * not even a getter called before `init()`, and an app that never calls `init()` is followed too.
 * Its automatic mode waits for the app's `init()` (whose options apply, except `consent: 'granted'`,
 * which would store before the banner answers: leave `consent` out). Outside a browser it returns a
 * no-op. Never throws.
 *
 * @example
 * followConsent();
 * init(); // consent is 'required', in either order of the two calls
 */
export function followConsent(options?: ConsentSignalOptions): () => void {
  if (typeof document === 'undefined') return () => {};
  const page = window as unknown as Record<symbol, PageSdk | undefined>;
  try {
    const sdk = page[KEY];
    if (sdk) sdk.join({ consent: 'required' }, false);
    // No SDK on the page yet: the app's own (this package's core) becomes the page's SDK now, with
    // consent 'required', before anything of it stores: init() claims the page and configures, and
    // its automatic mode, which decorated the links already parsed, waits for the app's own init()
    // (or a script tag that joins). A getter the app calls before that reads IDs from memory.
    else init({ consent: 'required' })();
  } catch {
    // A registry that cannot be read (a foreign getter that throws): follow all the same.
  }
  return follow(
    {
      ...options,
      consentSignals: listOption(options?.signals)?.map((name) => `${name}`.trim().toLowerCase()) as
        | ConsentSignalOptions['signals']
        | undefined,
      googleConsentTypes: listOption(options?.googleConsentTypes),
      tcfPurposes: listOption(options?.tcfPurposes),
    },
    {
      // The page's SDK as it is when the answer changes.
      setConsent(granted) {
        try {
          page[KEY]?.setConsent(granted);
        } catch {
          // A foreign object under the registry key: never into the page (this runs in its dataLayer.push).
        }
      },
    },
  );
}
