// What an app bundle carries of the npm module for a given import: the entry `export { … } from
// 'engagetrack'` bundled and minified by esbuild, resolving `engagetrack` through the package's own
// `exports` (a temporary project whose node_modules/engagetrack links to this repository), gzip -9.
// Used by `npm run bench` and by test/package/size.test.ts. Needs a build (dist/).
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The imports measured: a row each. `*` is everything. */
export const IMPORTS = [
  ['getVisitorId', 'getSessionId', 'getCheckoutMetadata'],
  ['decorateUrl'],
  ['decorateStripeLinks'],
  ['init'],
  ['*'],
];

/** gzip -9 bytes (and raw bytes) of the SDK in an app bundle importing `names` from `engagetrack`. */
export async function treeShakenSize(names) {
  const dir = fileURLToPath(new URL(`../.tmp/tree-shake-${process.pid}/`, import.meta.url));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(`${dir}node_modules`, { recursive: true });
  symlinkSync(root, `${dir}node_modules/engagetrack`, 'dir');
  const entry =
    names[0] === '*' ? "export * from 'engagetrack';" : `export { ${names.join(', ')} } from 'engagetrack';`;
  writeFileSync(`${dir}entry.js`, entry);
  try {
    const result = await build({
      absWorkingDir: dir,
      entryPoints: ['entry.js'],
      bundle: true,
      minify: true,
      format: 'esm',
      write: false,
      logLevel: 'silent',
      // Not the repository's tsconfig (found above the temporary project), whose `paths` lead to src/.
      tsconfigRaw: {},
    });
    const code = result.outputFiles[0].contents;
    return { raw: code.length, gzip: gzipSync(code, { level: 9 }).length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
