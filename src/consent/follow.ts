import { type Command, followPushes, googleAnswer, type TagConsentState } from './google.js';
import { DENIED, GRANTED, NO_ANSWER, WITHHELD } from './signal.js';
import { type TCData, type TcfApi, tcfAnswer } from './tcf.js';
import type { ConsentSignal, ConsentSignalOptions } from './types.js';
import { WORDPRESS_CHANGE } from './wordpress.js';

/** What is used of the page's SDK: members of the page registry's protocol v1 (src/lib/registry.ts). */
export interface PageSdk {
  join(options: { consent: 'required' }, auto: boolean): unknown;
  setConsent(granted: boolean): void;
}

/**
 * The options as the engine takes them: those of {@link ConsentSignalOptions}, with `signals` under
 * the name its `data-consent-signals` attribute gives it on the script tag (`dataset.consentSignals`),
 * so the script tag passes its `data-*` as they are.
 */
export type FollowOptions = Omit<ConsentSignalOptions, 'signals'> & {
  consentSignals?: ConsentSignalOptions['signals'];
};

/** A value that may be a function (read `?.call`: shorter than `typeof` in the bundle). */
type Callable = { call?: unknown };

/** The page's objects the signals live in (read on `window` itself: terser mangles `_` properties of others). */
interface SignalWindow {
  google_tag_data?: { ics?: TagConsentState };
  __tcfapi?: unknown;
  wp_has_consent?: unknown;
}

/** A list option: an array, or a comma-separated `data-*` value; absent gives `fallback`. */
const list = (value: unknown, fallback: string): string[] => `${value || fallback}`.split(/\s*,\s*/);

/** The signals, all followed by default; their readers in follow() are in this order. */
const SIGNALS: ConsentSignal[] = ['google', 'tcf', 'wordpress'];

/** The `stop()` while following (the npm entry's; the script-tag bundle never stops). */
let following: (() => void) | undefined;

/**
 * The engine of {@link followConsent} and of the consent bundle's script tag: follows the signals of
 * `options` (each signal's rules are in its module: google.ts, tcf.ts, wordpress.ts; this wires them
 * to the page) and calls `sdk.setConsent()` each time a signal's answer changes and their combined
 * answer is granted or denied: the strongest answer wins (signal.ts). A signal whose objects throw
 * has not answered (withheld); it cannot silence the others.
 *
 * A signal that appears after the start (a CMP, the IAB stub, Google's tag, a dataLayer) is found
 * at the next look: when any script, frame or image of the page has loaded (a CMP or Google's tag,
 * also one a tag manager inserts at any time), when the window has loaded (inline scripts after the
 * tag), and whenever a followed signal changes (a dataLayer push, a CMP event, a WordPress consent
 * change); no timer runs. Each listener is attached once; the signals' state is read again at every
 * look. While it follows, a second call changes nothing and returns the same `stop()`. Never throws.
 */
export function follow(options: FollowOptions, sdk: Pick<PageSdk, 'setConsent'>): () => void {
  if (!__SCRIPT_TAG__ && following) return following;
  // An array (followConsent()) or a data-* string: either has includes().
  const signals: { includes(name: ConsentSignal): boolean } = options.consentSignals || SIGNALS;
  const types = list(options.googleConsentTypes, 'analytics_storage');
  const purposes = list(options.tcfPurposes, '1');
  const dataLayer = options.dataLayer || 'dataLayer';
  const undo: (() => void)[] = [];
  /** The answers of the signals when the SDK was last told, or when they last changed. */
  let told: string | undefined;
  /** The dataLayer our push is on; the CMP's API once our listener is on it, its latest TCData (to remove the listener), its answer. */
  let layer: unknown;
  let tcfApi: TcfApi | undefined;
  let tcfData: TCData | undefined;
  let tcf = NO_ANSWER;

  /** Each followed signal's answer now, read from the page (those not followed have no reader). */
  const readers = (
    [
      () => {
        // The page's dataLayer (a new one if the page replaced it): every push is a look.
        const current = (window as unknown as Record<string, Command[] | undefined>)[dataLayer];
        if (current !== layer && (current?.push as Callable | undefined)?.call) {
          layer = current;
          const unwrap = followPushes(current as { push: (...items: unknown[]) => unknown }, changed);
          if (!__SCRIPT_TAG__) undo.push(unwrap);
        }
        // `[].concat()`: the commands of an array, none of anything else (an element with
        // id="dataLayer" is window.dataLayer too).
        return googleAnswer(([] as Command[]).concat(current), (window as SignalWindow).google_tag_data?.ics, types);
      },
      () => {
        // The CMP, or the IAB stub that queues the call for it: `tcloaded` and `useractioncomplete`
        // come to the listener, which keeps the answer they carry (tcfAnswer() cannot throw into the
        // CMP that calls it: it reads the TCData with optional chaining).
        const api = (window as SignalWindow).__tcfapi;
        // Found once: its answer is never NO_ANSWER again.
        if (!tcf && (api as Callable | undefined)?.call) {
          tcf = WITHHELD;
          if (!__SCRIPT_TAG__) tcfApi = api as TcfApi;
          (api as TcfApi)('addEventListener', 2, (data: TCData, success: boolean) => {
            if (success) {
              if (!__SCRIPT_TAG__) tcfData = data;
              // `cmpuishown`: the banner is open, an earlier answer stands.
              if (data.eventStatus !== 'cmpuishown') tcf = tcfAnswer(data, purposes);
            }
            changed();
          });
          if (!__SCRIPT_TAG__) {
            undo.push(() => {
              if (tcfData?.listenerId !== undefined) tcfApi!('removeEventListener', 2, () => {}, tcfData.listenerId);
            });
          }
        }
        return tcf;
      },
      () => {
        const hasConsent = (window as SignalWindow).wp_has_consent;
        // Its `true` grants; its `false` is the visitor's choice against (wordpress.ts).
        return (hasConsent as Callable | undefined)?.call
          ? (hasConsent as (category: string) => unknown)('statistics')
            ? GRANTED
            : DENIED
          : NO_ANSWER;
      },
    ] as (() => number)[]
  ).filter((_, index) => signals.includes(SIGNALS[index]));

  const changed = () => {
    if (!__SCRIPT_TAG__ && !following) return;
    // One answer per signal. A signal whose objects throw (a broken CMP, Google's state) has not
    // answered, and keeps a grant from counting (withheld); it cannot silence the others: a denial
    // from any of them still wins.
    const answers = readers.map((read) => {
      try {
        return read();
      } catch {
        return WITHHELD;
      }
    });
    const answer = Math.max(...answers);
    // The SDK is told when a signal's answer changes (a setConsent() of the page's own stands until
    // then), and only the answers that act: the odd ones, GRANTED and DENIED. (The page's SDK's
    // setConsent() never throws: every copy's public functions are guarded.)
    // biome-ignore lint/suspicious/noAssignInExpressions: the answers told before, then now (bytes).
    if (told !== (told = `${answers}`) && answer & 1) sdk.setConsent(answer === GRANTED);
  };

  // The script-tag bundle follows for the page's life: it has no stop().
  if (!__SCRIPT_TAG__) {
    following = () => {
      following = undefined;
      for (const step of undo) {
        try {
          step();
        } catch {
          // A foreign object that throws: what is left of it does nothing once stopped.
        }
      }
    };
  }
  // Looks: the load of every script, frame or image of the page (load events do not bubble, and reach
  // a capturing listener on the document, not the window's), and the WP Consent API's change event.
  // The window's own load: a signal set up after the SDK without loading anything (an inline CMP
  // after the tag, a dataLayer created later) is found then at the latest.
  document.addEventListener('load', changed, true);
  document.addEventListener(WORDPRESS_CHANGE, changed);
  addEventListener('load', changed);
  if (!__SCRIPT_TAG__) {
    undo.push(() => {
      document.removeEventListener('load', changed, true);
      document.removeEventListener(WORDPRESS_CHANGE, changed);
      removeEventListener('load', changed);
    });
  }
  const stop = following!;
  changed();
  return stop;
}
