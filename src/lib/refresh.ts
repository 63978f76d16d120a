import { decorate, state } from './decorate.js';
import { identity } from './identity.js';

/**
 * Reads (or with `fresh`, replaces) the IDs and stores them where allowed, then brings the page's
 * payment elements up to date if the page was decorated before.
 */
export function refresh(fresh?: boolean): void {
  identity(true, fresh);
  if (state._decorated) decorate([document]);
}
