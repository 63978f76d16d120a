import { guard } from './lib/guard.js';
import { consent, forget } from './lib/identity.js';
import { noop } from './lib/noop.js';
import { refresh } from './lib/refresh.js';

/**
 * Records the visitor's storage consent (for `consent: 'required'`, or to withdraw it at any time).
 *
 * `setConsent(true)`: adopts the visitor already stored by an earlier consented visit, else stores
 * the IDs used in memory so far, and refreshes decorated links. `setConsent(false)`: deletes every
 * cookie (on every domain the SDK may have used) and localStorage entry of the SDK, and goes on with
 * the same IDs in memory. Only `true` grants consent. Never throws.
 */
export const setConsent: (granted: boolean) => void = guard((granted: boolean) => {
  consent._given = granted === true;
  if (consent._given) refresh();
  else forget();
}, noop);
