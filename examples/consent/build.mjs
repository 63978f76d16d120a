// Bundles the example CMP (tcf-cmp.js, IAB Tech Lab's @iabtcf/cmpapi and @iabtcf/core) for the page
// with esbuild, for server.mjs and the browser tests; and gives the IAB stub (@iabtcf/stub), the
// snippet a TCF page loads first so that calls made before the CMP loads are queued for it.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** The CMP as one classic script (an IIFE that installs `window.__tcfapi` and `window.tcfCmp`). */
export async function bundleCmp() {
  const result = await build({
    entryPoints: [`${HERE}tcf-cmp.js`],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2019',
    minify: true,
    write: false,
    logLevel: 'warning',
    // The repository's tsconfig.json is for src/: a page's script knows nothing of it.
    tsconfigRaw: {},
  });
  return result.outputFiles[0].text;
}

/** The IAB stub, as published (`@iabtcf/stub`): it installs a queuing `window.__tcfapi` when run. */
export function iabStub() {
  return readFile(createRequire(import.meta.url).resolve('@iabtcf/stub'), 'utf8');
}
