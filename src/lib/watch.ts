import { attempt } from './attempt.js';
import { paymentSelector } from './config.js';
import { decorate } from './decorate.js';
import { identity } from './identity.js';

/**
 * The events that refresh a payment link just before it is followed (primary and keyboard
 * activation fire `click`, the middle button `auxclick`; `mousedown` comes before a context menu's
 * "open in new tab"), and that count as activity anywhere on the page (a tap fires `mousedown` and
 * `click` too; `keydown` is any key press).
 */
const EVENTS = ['mousedown', 'click', 'auxclick', 'keydown'];

/** The `stop()` of automatic mode while it runs. */
let stop: (() => void) | undefined;

/** Whether automatic mode runs. */
export function watching(): boolean {
  return !!stop;
}

/**
 * Automatic mode. Observes the document from now on, so elements the HTML parser inserts after the
 * script are decorated as they arrive (before DOMContentLoaded, before an `async` Stripe script
 * upgrades a pricing table); decorates what was parsed before when the DOM is ready (at once if it
 * is); then looks only at what changes: added nodes (and their subtrees) and elements whose `href` or
 * `client-reference-id` changed, so an unrelated change costs no query over the page and no storage
 * read. A click, key press or tap anywhere counts as session activity, and a payment link is
 * refreshed the moment it is clicked, so it leaves with the current session. Returns `stop()`; while
 * it runs, a second call returns the same one.
 */
export function watch(): () => void {
  if (!stop) {
    const doc = document;
    const observer = new MutationObserver((records) => {
      // An element whose watched attribute changed, or the nodes a change added.
      attempt(() =>
        decorate(records.flatMap((record) => (record.attributeName ? record.target : [...record.addedNodes]))),
      );
      // Our own writes just queued records that need no second look: drop them.
      observer.takeRecords();
    });
    const onEvent = (event: Event) =>
      attempt(() => {
        // composedPath() finds the <a> around a clicked <span>, and links inside open shadow roots (a
        // click inside a Stripe component refreshes its reference too).
        const selector = paymentSelector();
        const link = event.composedPath().find((target) => (target as Element).matches?.(selector));
        if (link) decorate([link as Element], true);
        else identity(true);
      });
    const ready = () => {
      if (stop === end) attempt(() => decorate([doc], true));
    };
    // attributeFilter implies attributes: true.
    observer.observe(doc, { childList: true, subtree: true, attributeFilter: ['href', 'client-reference-id'] });
    // Window's own methods, called without `this`: WebIDL then uses the global object.
    const listen = (method: typeof addEventListener) => {
      for (const type of EVENTS) method(type, onEvent, true);
    };
    listen(addEventListener);
    const end = () => {
      // An old stop() called again after a restart must not end the new run.
      if (stop === end) {
        observer.disconnect();
        listen(removeEventListener);
        stop = undefined;
      }
    };
    stop = end;
    if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', ready);
    else ready();
  }
  return stop;
}
