import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

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
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          // Files share their modules, so each engine's browser is launched once for the run, not once
          // per file (test/browser/setup.ts); each test still opens fresh profiles.
          isolate: false,
          globalSetup: ['test/browser/global-setup.ts'],
          // On CI a test that fails is run once more: a WebDriver session of WebKitGTK now and then
          // stops answering under load (a step waits for its 30 s timeout). Both runs are reported,
          // and a test that fails twice fails the run.
          retry: process.env.CI ? 1 : 0,
          testTimeout: 30_000,
          hookTimeout: 60_000,
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
