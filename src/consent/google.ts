import { DENIED, GRANTED, NO_ANSWER, WITHHELD } from './signal.js';

/**
 * The consent state Google's tags (gtag.js, Google Tag Manager) keep at `google_tag_data.ics`. Not
 * documented by Google: this is its observed interface, as other tools read it (microsoft/clarity's
 * `gcmconsent.ts`): `getConsentState(type)` answers 1 granted, 2 denied, 0 unknown, and applies the
 * regional defaults for the visitor's region, which only Google's tag knows; `addListener(types, fn)`
 * calls `fn` when one of those types changes; `entries[type].update` is the update's value, if any.
 */
interface TagConsentState {
  addListener?: unknown;
  getConsentState?: unknown;
  entries?: Record<string, { update?: unknown } | undefined>;
}

/**
 * A gtag command as it sits in the dataLayer: `gtag('consent', 'default' | 'update', {...})` pushes
 * its `arguments` object, not an array (some banners push an array of the same shape).
 */
type Command = { [index: number]: unknown };

/** The last `update` value of each consent type, from the dataLayer's commands. */
let updates: Record<string, unknown> = {};
/** The last region-less `default` value of each consent type. */
let defaults: Record<string, unknown> = {};
/** The dataLayer our push wrapper is on, and how to take the wrapper off. */
let layer: unknown;
let unwrap: (() => void) | undefined;
let listening = false;

/** `'granted'`/`'denied'` (a command) or `true`/`false` (Google's state) as an answer. */
const answerOf = (value: unknown): number =>
  value === 'granted' || value === true ? GRANTED : value === 'denied' || value === false ? DENIED : NO_ANSWER;

/** Records a `consent` command of the dataLayer (anything else is ignored). */
function read(item: unknown): void {
  try {
    const values = (item as Command)[0] === 'consent' && ((item as Command)[2] as Record<string, unknown>);
    if (values && (item as Command)[1] === 'update') Object.assign(updates, values);
    if (values && (item as Command)[1] === 'default' && !values.region) Object.assign(defaults, values);
  } catch {
    // Not a command (null, or a foreign object that throws when read).
  }
}

/**
 * Google Consent Mode v2: the `consent` commands of the dataLayer named `dataLayer` (those already
 * there, and every one pushed later, also once Google's tag has put its own `dataLayer.push` on top
 * of ours), and Google's own consent state when its tag is on the page. For each of `types`, an
 * `update` is the visitor's decision: granted, or denied (which deletes what was stored). A default
 * is the page's starting point, not the visitor's answer: it never grants (there is no
 * `wait_for_update` to wait out: only the update it waits for counts) and never deletes, but a
 * default denial withholds consent from the other signals: Google's state when its tag is on the
 * page (it applies the regional defaults for the visitor's region), else the last `default` command
 * without a `region` (the visitor's region is unknown here: a regional default is ignored). Every
 * type granted grants; a type without an answer while another is granted withholds.
 *
 * Each call attaches what appeared since the last one (`changed` is called on every push and on
 * every change of Google's state) and returns the answer, read again from the page.
 */
export function google(types: string[], dataLayer: string, changed: () => void): number {
  const page = window as unknown as Record<string, unknown>;
  // The page's dataLayer: its history, then every push (a page that replaces the array: the new one).
  const current = page[dataLayer] as { push?: unknown } | undefined;
  if (current && current !== layer && typeof current.push === 'function') {
    layer = current;
    [].forEach.call(current, read);
    const inner = current.push as (...items: unknown[]) => unknown;
    // gtag.js, loading later, keeps this function and calls it first from its own push, then applies
    // the command: the command is read here from its arguments, Google's state follows (listener).
    const push = function (this: unknown, ...items: unknown[]): unknown {
      const result = inner.apply(this, items);
      items.forEach(read);
      changed();
      return result;
    };
    current.push = push;
    if (!__SCRIPT_TAG__) {
      unwrap = () => {
        if (current.push === push) current.push = inner;
      };
    }
  }
  const state = (page.google_tag_data as { ics?: TagConsentState } | undefined)?.ics;
  if (!listening && typeof state?.addListener === 'function') {
    listening = true;
    state.addListener(types, changed);
  }
  const answers = types.map(
    (type) =>
      answerOf(updates[type]) ||
      answerOf(state?.entries?.[type]?.update) ||
      // A default denial: Google's state (2, for the visitor's region), or the page's command.
      ((typeof state?.getConsentState === 'function' && state.getConsentState(type) === 2) ||
      defaults[type] === 'denied'
        ? WITHHELD
        : NO_ANSWER),
  );
  const strongest = Math.max(...answers);
  return strongest === GRANTED && answers.includes(NO_ANSWER) ? WITHHELD : strongest;
}

/**
 * Stops following Google Consent Mode: our `dataLayer.push` is taken off unless another script put
 * its own on top of it (then ours stays in the chain; `changed` does nothing once stopped), and the
 * commands read so far are forgotten. Google's state has no `removeListener`.
 */
export function stopGoogle(): void {
  unwrap?.();
  unwrap = layer = undefined;
  updates = {};
  defaults = {};
}
