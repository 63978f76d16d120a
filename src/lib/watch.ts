import { attempt } from './attempt.js';
import { options } from './config.js';
import { decorate } from './decorate.js';

/** The events that refresh a payment link just before it is followed: primary, middle, keyboard. */
const EVENTS = ['mousedown', 'click', 'auxclick', 'keydown'];

/** The `stop()` of automatic mode while it runs. */
export let stop: (() => void) | undefined;

/**
 * Automatic mode: decorate when the DOM is ready (at once if it is), then decorate elements added
 * later and `href`s changed later, and refresh a payment link the moment it is clicked so it leaves
 * with the current session. Returns `stop()`; while it runs, a second call returns the same one.
 */
export function watch(): () => void {
  if (!stop) {
    let active = true;
    const doc = document;
    const observer = new MutationObserver((records) => {
      // An added node's parent or a changed element: one pass over each, however many records.
      attempt(() => decorate(new Set(records.map((record) => record.target))));
      // Our own writes just queued records that need no second look: drop them.
      observer.takeRecords();
    });
    const onEvent = (event: Event) =>
      attempt(() => {
        // composedPath() finds the <a> around a clicked <span>, and links inside open shadow roots.
        const link = event.composedPath().find((target) => (target as Element).matches?.(options._links));
        if (link) decorate([link as Element], true);
      });
    const ready = () => {
      if (active) {
        attempt(() => decorate([doc], true));
        // attributeFilter implies attributes: true.
        observer.observe(doc, { childList: true, subtree: true, attributeFilter: ['href', 'client-reference-id'] });
      }
    };
    for (const type of EVENTS) addEventListener(type, onEvent, true);
    if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', ready);
    else ready();
    const end = () => {
      active = false;
      observer.disconnect();
      for (const type of EVENTS) removeEventListener(type, onEvent, true);
      // An old stop() called again after a restart must not end the new run.
      if (stop === end) stop = undefined;
    };
    stop = end;
  }
  return stop;
}
