/**
 * Logs a debug line: what was decorated, or skipped and why. Callers check `__DEBUG__ &&
 * options.debug`, so the default script-tag bundle carries none of these lines.
 */
export function log(message: string, subject: unknown): void {
  console.log('[engagetrack]', message, subject);
}
