import { DENIED, GRANTED, NO_ANSWER, WITHHELD } from './signal.js';

/**
 * The consent state Google's tags (gtag.js, Google Tag Manager) keep at `google_tag_data.ics`. Not
 * documented by Google: this is its observed interface, as other tools read it (microsoft/clarity's
 * `gcmconsent.ts`): `getConsentState(type)` answers 1 granted, 2 denied, 0 unknown, and applies the
 * regional defaults for the visitor's region, which only Google's tag knows; `entries[type].update`
 * is the update's value, if any. (Its `addListener()` is not needed: Google's tags push their own
 * events through the dataLayer, and every push is a look.)
 */
export interface TagConsentState {
  getConsentState?: (type: string) => unknown;
  entries?: Record<string, { update?: unknown } | undefined>;
}

/**
 * A gtag command as it sits in the dataLayer: `gtag('consent', 'default' | 'update', {...})` pushes
 * its `arguments` object, not an array (some banners push an array of the same shape).
 */
export type Command = { [index: number]: unknown } | null | undefined;

/** `'granted'`/`'denied'` (a command) or `true`/`false` (Google's state) as an answer. */
const answerOf = (value: unknown): number =>
  value === 'granted' || value === true ? GRANTED : value === 'denied' || value === false ? DENIED : NO_ANSWER;

/**
 * Google Consent Mode v2, read again from the whole dataLayer (`commands`, an array, as Google's
 * dataLayer is) and Google's state (`state`, when its tag is on the page). For each of `types`:
 * - an `update` is the visitor's decision: granted, or denied (which deletes what was stored);
 * - else Google's state for the visitor's region, which only Google's tag knows (it applies the
 *   regional defaults): 1 grants (a region where the page grants by default: what Google's own tags
 *   act on), 2 withholds (a default denial, not the visitor's decision: nothing is deleted). While
 *   the page's default asks to `wait_for_update`, a banner's update is coming: 1 withholds until it
 *   comes;
 * - else the last `default` without a `region`: `'denied'` withholds. A default command never grants by
 *   itself (it cannot tell the visitor's region: a `default` that names a region is ignored).
 * Every type granted grants; a type without an answer while another is granted withholds.
 */
export function googleAnswer(commands: Command[], state: TagConsentState | undefined, types: string[]): number {
  const updates: Record<string, unknown> = {};
  const defaults: Record<string, unknown> = {};
  for (const command of commands) {
    if (command?.[0] === 'consent') {
      const values = command[2] as Record<string, unknown> | undefined;
      // The last command of each kind (gtag has two: 'default' and 'update') wins; a default that
      // names a region is ignored.
      Object.assign(command[1] === 'update' ? updates : values?.region ? {} : defaults, values);
    }
  }
  const answers = types.map(
    (type) =>
      answerOf(updates[type]) ||
      answerOf(state?.entries?.[type]?.update) ||
      [NO_ANSWER, defaults.wait_for_update ? WITHHELD : GRANTED, WITHHELD][state?.getConsentState?.(type) as number] ||
      (defaults[type] === 'denied' ? WITHHELD : NO_ANSWER),
  );
  const strongest = Math.max(...answers);
  return strongest === GRANTED && answers.includes(NO_ANSWER) ? WITHHELD : strongest;
}

/**
 * Puts `changed` on the dataLayer's `push`, which keeps doing what it did and returning what it
 * returned. gtag.js, loading later, keeps this function and calls it first from its own push (the
 * command is in the array by then), then applies the command. Returns how to take it off again
 * (unless another script put its own push on top of it).
 */
export function followPushes(layer: { push: (...items: unknown[]) => unknown }, changed: () => void): () => void {
  const inner = layer.push;
  const push = function (this: unknown, ...items: unknown[]): unknown {
    const result = inner.apply(this, items);
    changed();
    return result;
  };
  layer.push = push;
  return () => {
    if (layer.push === push) layer.push = inner;
  };
}
