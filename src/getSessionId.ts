import { guard } from './lib/guard.js';
import { ids } from './lib/ids.js';

/**
 * The ID of the current session (visit): a new one starts after `sessionTimeout` minutes without
 * activity or 24 hours after the session began; all tabs of the site share it. Counts as activity.
 * Returns `""` outside a browser; never throws.
 */
export const getSessionId: () => string = /* @__PURE__ */ guard(
  'getSessionId',
  () => ids(true)[1],
  () => '',
);
