import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { BROWSER_CONCURRENCY, TEST_TIMEOUT } from './test/browser/limits.js';

// Two kinds of tests, one command (`npm test`):
//  - unit: the SDK's logic in jsdom (and one file in plain Node), fast;
//  - browser: real browsers driven against fixture pages on a loopback server (test/browser).
export default defineConfig({
  test: {
    projects: [
      {
        // The npm module's builds keep the debug log lines (src/globals.d.ts); so do the unit tests of src/.
        define: { __DEBUG__: 'true', __SCRIPT_TAG__: 'false', __CONSENT__: 'false' },
        // `engagetrack/react` imports the core as `engagetrack`: in unit tests, the source (as tsconfig's paths).
        resolve: {
          alias: [{ find: /^engagetrack$/, replacement: fileURLToPath(new URL('src/index.ts', import.meta.url)) }],
        },
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'jsdom',
          environmentOptions: { jsdom: { url: 'https://www.shop.test/products' } },
          restoreMocks: true,
          unstubGlobals: true,
        },
      },
      {
        test: {
          name: 'browser',
          // ENGAGETRACK_SELFTEST: the suite's own machinery under test (test/suite/machinery.test.ts runs
          // the fixture files of test/browser/selftest through this very project).
          include: process.env.ENGAGETRACK_SELFTEST
            ? ['test/browser/selftest/*.selftest.ts']
            : ['test/browser/**/*.test.ts'],
          environment: 'node',
          // Files share their modules, so each engine's browser is launched once for the run, not once
          // per file (test/browser/setup.ts); each test still opens fresh profiles.
          isolate: false,
          globalSetup: ['test/browser/global-setup.ts'],
          // No retry of vitest's own: a test fails at its first failure. The one retry there is, after a
          // WebDriver stall and only then, is setup.ts's, and the run lists it at the end.
          retry: 0,
          // Tests of a file run concurrently (describe.concurrent in setup.ts), this many at a time: the
          // timer of a test starts when it starts, never while it waits for a place.
          maxConcurrency: BROWSER_CONCURRENCY,
          // One run of a test may take setup.ts's ATTEMPT_TIMEOUT; this covers a retry after a stall.
          testTimeout: TEST_TIMEOUT,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          // The browser suite's machinery, run on fixture tests in child processes (test/suite).
          name: 'suite',
          include: ['test/suite/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'examples',
          include: ['examples/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'package',
          include: ['test/package/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
