import { guard } from './lib/guard.js';
import { noop } from './lib/noop.js';
import { claimPage } from './lib/page.js';
import { start } from './lib/start.js';
import type { Options } from './types.js';

/**
 * Configures the SDK, then starts automatic mode: payment elements are decorated as the page is
 * parsed and when the DOM is ready, elements added or changed later are decorated too, a payment link
 * is refreshed at the moment it is clicked, and clicks and key presses count as session activity.
 * Returns `stop()`, which ends automatic mode.
 *
 * Calling `init()` again while it runs changes nothing and returns the same `stop()`. The first copy
 * of the SDK on a page to start (this module, the script tag, another version) owns it: a later copy's
 * `init()` joins it (its options apply as a later `init()`'s would, except `consent`, which it can
 * only make stricter), and its `stop()` ends the page's automatic mode. The script-tag bundle calls
 * `init()` for you (unless `data-auto="false"`). Outside a browser it returns a no-op. Never throws:
 * an invalid option value counts as absent (for `consent`, as `'required'`).
 *
 * @example
 * const stop = init({ paymentLinkHosts: ['pay.example.com'], sessionTimeout: 60 });
 */
export const init: (options?: Options) => () => void = /* @__PURE__ */ guard(
  // Where another copy owns the page, this call goes to its `join`.
  'join',
  (options?: Options) => {
    // The script tag claimed the page when it loaded: only the npm module claims it here.
    if (!__SCRIPT_TAG__) claimPage(init);
    return start(options);
  },
  () => noop,
);
