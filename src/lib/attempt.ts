/**
 * Runs `task` and returns its result, or `undefined` if it throws. For the browser APIs that throw
 * where the page must go on: `document.cookie` and `localStorage` in sandboxed frames or with
 * storage blocked, a full localStorage.
 */
export function attempt<T>(task: () => T): T | undefined {
  try {
    return task();
  } catch {
    // Blocked or failing storage: the other stores, and last memory, take over.
    return undefined;
  }
}
