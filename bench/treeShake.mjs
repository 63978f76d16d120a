// What an app bundle carries of the npm module for a given import: a two-line app that imports the
// names from 'engagetrack' and calls each, bundled and minified by esbuild (`--bundle --minify`),
// resolving `engagetrack` through the package's own `exports` (a temporary project whose
// node_modules/engagetrack links to this repository), gzip -9 of the whole bundle. The app's own
// lines are a few bytes of it. Used by `npm run bench` and by test/package/size.test.ts; needs a build.
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The imports measured, a row each; `*` is the whole module. */
export const IMPORTS = [
  ['getVisitorId', 'getSessionId', 'getCheckoutMetadata'],
  ['decorateUrl'],
  ['decorateStripeLinks'],
  ['init'],
  ['*'],
];

/** An app that imports `names` and uses each (so no bundler can drop them). */
function app(names) {
  if (names[0] === '*') return "import * as sdk from 'engagetrack';\nwindow.sdk = sdk;\n";
  return `import { ${names.join(', ')} } from 'engagetrack';\nwindow.sdk = [${names.join(', ')}];\n`;
}

/** gzip -9 bytes, raw bytes and the code of an app bundle importing `names` from `engagetrack`. */
export async function treeShakenSize(names) {
  const dir = fileURLToPath(
    new URL(`../.tmp/tree-shake-${process.pid}-${names.join('-').replace('*', 'all')}/`, import.meta.url),
  );
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(`${dir}node_modules`, { recursive: true });
  symlinkSync(root, `${dir}node_modules/engagetrack`, 'dir');
  writeFileSync(`${dir}app.js`, app(names));
  try {
    const result = await build({
      absWorkingDir: dir,
      entryPoints: ['app.js'],
      bundle: true,
      minify: true,
      format: 'esm',
      write: false,
      logLevel: 'silent',
      // Not the repository's tsconfig (found above the temporary project), whose `paths` lead to src/.
      tsconfigRaw: {},
    });
    const code = result.outputFiles[0].contents;
    return { raw: code.length, gzip: gzipSync(code, { level: 9 }).length, code: new TextDecoder().decode(code) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
