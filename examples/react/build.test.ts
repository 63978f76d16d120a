// examples/react as its server builds it (build.mjs): one copy of the SDK in the browser bundle,
// reached through the package's exports, and server rendering that leaves the links as React rendered
// them. The browser side (hydration, StrictMode, decoration) is test/browser/react.test.ts.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleClient, loadApp } from './build.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

beforeAll(() => {
  // The example imports `engagetrack` and `engagetrack/react`, which resolve to the built dist/.
  if (!existsSync(`${ROOT}dist/react.mjs`)) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
}, 180_000);

describe('examples/react', () => {
  it('bundles one copy of the SDK, the built ESM files, beside the app and React', async () => {
    const { inputs } = await bundleClient();
    const ours = inputs.filter((file) => !/^node_modules\/(react|react-dom|scheduler)\//.test(file));
    expect(ours.sort()).toEqual([
      'dist/index.mjs',
      'dist/react.mjs',
      'examples/react/App.jsx',
      'examples/react/client.jsx',
    ]);
    // React's development build: it reports hydration mismatches.
    expect(inputs).toContain('node_modules/react-dom/cjs/react-dom-client.development.js');
  });

  it('renders on the server with the payment links as React wrote them, and nothing for <EngageTrack />', async () => {
    const App = await loadApp();
    const html = renderToString(createElement(App));
    expect(html).toContain('<a id="coffee" href="https://buy.stripe.com/test_react_coffee">Buy</a>');
    expect(html).not.toContain('client_reference_id');
    expect(html.startsWith('<nav>')).toBe(true);
  });
});
