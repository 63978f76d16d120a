import { options } from './config.js';

/** Logs a debug line (`debug: true` only): what was decorated, or skipped and why. */
export function log(...parts: unknown[]): void {
  if (options.debug) console.log('[engagetrack]', ...parts);
}
