import { refresh } from './lib/decorate.js';
import { guard } from './lib/guard.js';
import { forget, giveConsent } from './lib/identity.js';
import { noop } from './lib/noop.js';

/**
 * Records the visitor's storage consent (for `consent: 'required'`, or to withdraw it at any time).
 *
 * `setConsent(true)`: adopts the visitor already stored by an earlier consented visit, else stores
 * the IDs used in memory so far, and refreshes decorated links. `setConsent(false)`: deletes every
 * cookie (on every domain the SDK may have used, the server's `engagetrack_vid` too) and localStorage
 * entry of the SDK, and goes on with the same IDs in memory. Only `true` grants consent. Never throws.
 */
export const setConsent: (granted: boolean) => void = /* @__PURE__ */ guard(
  'setConsent',
  (granted: boolean) => {
    if (giveConsent(granted)) refresh();
    else forget();
  },
  noop,
);
