/**
 * The browser project's run-level setup. At the end of the run: lists every test that needed a retry,
 * with its first error (retries.ts), and ends what the drivers started and a worker left behind
 * (drivers/leftovers.ts).
 */
import { endRecordedProcessGroups } from './drivers/leftovers.js';
import { takeRetries } from './retries.js';

export default function setup(): () => void {
  endRecordedProcessGroups();
  takeRetries();
  return () => {
    const retries = takeRetries();
    if (retries.length) {
      const lines = retries.map(({ name, first }) => `\n- ${name}\n  first run: ${first.replace(/\n/g, '\n    ')}`);
      console.warn(
        `\nBrowser tests that needed a retry after a WebDriver stall (${retries.length}); the result shown above is their second run's:${lines.join('')}\n`,
      );
    }
    endRecordedProcessGroups();
  };
}
