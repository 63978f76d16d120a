import { DENIED, GRANTED, NO_ANSWER, WITHHELD } from './signal.js';

/** What a CMP passes to an `addEventListener` callback (IAB TCF v2.2 CMP API, `TCData`), as far as read here. */
interface TCData {
  eventStatus?: unknown;
  gdprApplies?: unknown;
  listenerId?: unknown;
  purpose?: { consents?: Record<string, unknown> };
}

/** The IAB TCF v2.2 CMP API: `__tcfapi(command, version, callback, parameter)`. */
type TcfApi = (command: string, version: number, callback: (data: never, success: boolean) => void, parameter?: unknown) => void;

/** What the CMP answered last (`tcloaded`, `useractioncomplete`). */
let answer = NO_ANSWER;
/** The page's `__tcfapi` once our listener is on it, and the listener's ID (for removeEventListener). */
let api: TcfApi | undefined;
let listenerId: unknown;

/**
 * IAB TCF v2.2: `__tcfapi('addEventListener', 2, …)`, attached once, as soon as the CMP or the IAB
 * stub (which queues the call for the CMP) is on the page. The visitor's answer comes with
 * `tcloaded` (a stored TC string) and `useractioncomplete` (a choice just made): granted when every
 * purpose of `purposes` has consent, or when GDPR does not apply (`gdprApplies: false`); denied
 * otherwise. `cmpuishown` changes nothing (the banner is open: an earlier answer stands). A CMP that
 * is on the page but has not answered withholds consent. Each call attaches (once) and returns the
 * answer; `changed` is called on every event.
 */
export function tcf(purposes: string[], changed: () => void): number {
  const found = (window as { __tcfapi?: unknown }).__tcfapi;
  if (!api && typeof found === 'function') {
    api = found as TcfApi;
    answer = WITHHELD;
    api('addEventListener', 2, (data: TCData | null, success: boolean) => {
      try {
        if (!__SCRIPT_TAG__) listenerId ??= data?.listenerId;
        if (success && /^(tcloaded|useractioncomplete)$/.test(data!.eventStatus as string)) {
          answer =
            data!.gdprApplies === false || purposes.every((purpose) => data!.purpose!.consents![purpose] === true)
              ? GRANTED
              : DENIED;
        }
      } catch {
        // A TCData without consents for the purposes: no answer from this event.
      }
      changed();
    });
  }
  return answer;
}

/** Stops following the CMP: `removeEventListener` with our listener's ID (a stub's queued call cannot be taken back). */
export function stopTcf(): void {
  if (api && listenerId !== undefined) api('removeEventListener', 2, () => {}, listenerId);
  answer = NO_ANSWER;
  api = listenerId = undefined;
}
