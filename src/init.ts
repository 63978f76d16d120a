import { configure } from './lib/config.js';
import { guard } from './lib/guard.js';
import { noop } from './lib/noop.js';
import { stop, watch } from './lib/watch.js';
import type { Options } from './types.js';

/**
 * Configures the SDK, then starts automatic mode: every payment element is decorated when the DOM
 * is ready, elements added or changed later are decorated too, and a payment link is refreshed at the
 * moment it is clicked. Returns `stop()`, which ends automatic mode.
 *
 * Calling `init()` again while it runs changes nothing and returns the same `stop()`. The script-tag
 * bundle calls it for you (unless `data-auto="false"`). Outside a browser it returns a no-op.
 * Never throws: an invalid option value counts as absent (for `consent`, as `'required'`).
 *
 * @example
 * const stop = init({ paymentLinkHosts: ['pay.example.com'], sessionTimeout: 60 });
 */
export const init: (options?: Options) => () => void = guard(
  (options?: Options) => {
    if (!stop) configure(options);
    return watch();
  },
  () => noop,
);
