import { guard } from './lib/guard.js';
import { noop } from './lib/noop.js';
import { refresh } from './lib/refresh.js';

/**
 * Forgets this visitor (for example at logout on a shared computer): starts a new visitor and a new
 * session, overwrites the stored IDs where storage is allowed, and refreshes every decorated link and
 * component. Never throws.
 */
export const reset: () => void = guard(() => refresh(true), noop);
