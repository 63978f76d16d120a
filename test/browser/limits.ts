/**
 * The browser suite's limits, in one place: vitest.config.ts gives vitest the same numbers that
 * setup.ts enforces, so a test's timer starts only when it may drive a browser.
 */

/**
 * How many tests drive browsers at once (2 cores run 3 small pages at a time well). This is vitest's
 * own `maxConcurrency` for the browser project: a test's timeout starts when vitest starts it, so no
 * test waits for a slot inside its own timer.
 */
export const BROWSER_CONCURRENCY = Number(process.env.ENGAGETRACK_BROWSER_CONCURRENCY) || 3;

/** How long one run of a browser test may take, its sessions' opening included. */
export const ATTEMPT_TIMEOUT = 45_000;

/**
 * vitest's timeout of a browser test: a first run, the one retry a WebDriver stall earns (see
 * setup.ts), and closing the sessions of both.
 */
export const TEST_TIMEOUT = 2 * ATTEMPT_TIMEOUT + 15_000;
