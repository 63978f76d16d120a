import { google, stopGoogle } from './google.js';
import { GRANTED, NO_ANSWER } from './signal.js';
import { stopTcf, tcf } from './tcf.js';
import type { ConsentSignalOptions } from './types.js';
import { stopWordpress, wordpress } from './wordpress.js';

/** What is used of the page's SDK: members of the page registry's protocol v1 (src/lib/registry.ts). */
export interface PageSdk {
  join(options: { consent: 'required' }, auto: boolean): unknown;
  setConsent(granted: boolean): void;
}

/** Looks again every half second for a minute (a CMP or Google's tag that loads late), then stops. */
const LOOK_EVERY = 500;
const LOOKS = 120;

/** A list option: an array, or a comma-separated `data-*` value; absent gives `fallback`. */
const list = (value: unknown, fallback: string): string[] => `${value || fallback}`.split(/\s*,\s*/);

/** The `stop()` of the signals followed now; what was last told to the SDK; the next look. */
let following: (() => void) | undefined;
let told: boolean | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;

/**
 * The engine of {@link followConsent} and of the consent bundle's script tag: follows the signals of
 * `options` and calls the page's SDK's `setConsent()` (`pageSdk()`, once there is one) each time
 * their combined answer changes to granted or to denied. While it follows, a second call changes
 * nothing and returns the same `stop()`. Never throws.
 */
export function follow(options: ConsentSignalOptions, pageSdk: () => PageSdk | undefined): () => void {
  if (!__SCRIPT_TAG__ && following) return following;
  const signals = `${options.signals || 'google,tcf,wordpress'}`;
  const types = list(options.googleConsentTypes, 'analytics_storage');
  const purposes = list(options.tcfPurposes, '1');
  const dataLayer = options.dataLayer || 'dataLayer';
  let looks = LOOKS;

  /** A followed signal's answer (it attaches what appeared since the last look); NO_ANSWER when not followed. */
  const ask = (name: string, signal: () => number): number => {
    try {
      return signals.includes(name) ? signal() : NO_ANSWER;
    } catch {
      // A foreign object that throws: no answer from that signal this time.
      return NO_ANSWER;
    }
  };
  const changed = () => {
    if (!__SCRIPT_TAG__ && !following) return;
    // The strongest answer wins.
    const answer = Math.max(
      ask('google', () => google(types, dataLayer, changed)),
      ask('tcf', () => tcf(purposes, changed)),
      ask('wordpress', () => wordpress(changed)),
    );
    const sdk = pageSdk();
    // The answers that act are the odd ones, GRANTED and DENIED; only a change is told. (The page's
    // SDK's setConsent() never throws: every copy's public functions are guarded.)
    if (sdk && answer & 1 && told !== (answer === GRANTED)) sdk.setConsent((told = answer === GRANTED));
  };
  const look = () => {
    changed();
    if ((__SCRIPT_TAG__ || following) && --looks) timer = setTimeout(look, LOOK_EVERY);
  };

  // The script-tag bundle follows for the page's life: no stop() in it.
  following = __SCRIPT_TAG__
    ? () => {}
    : () => {
        following = told = undefined;
        clearTimeout(timer);
        for (const stop of [stopGoogle, stopTcf, stopWordpress]) {
          try {
            stop();
          } catch {
            // A foreign object that throws: what is left of it does nothing once stopped.
          }
        }
      };
  const stop = following;
  look();
  return stop;
}
