/** Logs a debug line: what was decorated, or skipped and why. Callers check `options.debug`. */
export function log(message: string, subject: unknown): void {
  console.log('[engagetrack]', message, subject);
}
