import { DENIED, GRANTED } from './signal.js';

/** What a CMP passes to an `addEventListener` callback (IAB TCF v2.2 CMP API, `TCData`), as far as read here. */
export interface TCData {
  eventStatus?: unknown;
  gdprApplies?: unknown;
  listenerId?: unknown;
  purpose?: { consents?: Record<string, unknown> };
}

/** The IAB TCF v2.2 CMP API: `__tcfapi(command, version, callback, parameter)`. */
export type TcfApi = (
  command: string,
  version: number,
  callback: (data: never, success: boolean) => void,
  parameter?: unknown,
) => void;

/**
 * IAB TCF v2.2: the visitor's answer in the TCData of a `tcloaded` (a stored TC string) or
 * `useractioncomplete` (a choice just made) event: granted when every purpose of `purposes` has
 * consent, or when GDPR does not apply (`gdprApplies: false`); denied otherwise. (A `cmpuishown`
 * event, the banner open, answers nothing: an earlier answer stands.)
 */
export function tcfAnswer(data: TCData, purposes: string[]): number {
  return data.gdprApplies === false || purposes.every((purpose) => data.purpose?.consents?.[purpose] === true)
    ? GRANTED
    : DENIED;
}
