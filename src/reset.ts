import { refresh } from './lib/decorate.js';
import { guard } from './lib/guard.js';
import { forgetVisitor } from './lib/identity.js';
import { noop } from './lib/noop.js';

/**
 * Forgets this visitor (for example at logout on a shared computer): starts a new visitor and a new
 * session, deletes the stored IDs (and the server's `engagetrack_vid` cookie) and stores the new ones
 * where storage is allowed (before consent: when consent comes, so the forgotten visitor is never
 * adopted), and refreshes every decorated link and component. Never throws.
 */
export const reset: () => void = /* @__PURE__ */ guard(
  'reset',
  () => {
    forgetVisitor();
    refresh();
  },
  noop,
);
