// Bundles examples/react with esbuild, for server.mjs (and the test that checks the bundle):
// the browser bundle with React's development build, and the app compiled for server rendering.
// `engagetrack` and `engagetrack/react` resolve through the package's own exports to dist/ (see
// ../link-package.mjs), as they would from an install.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { linkPackage } from '../link-package.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
/** Where the server-rendering build goes: inside the repository (so Node finds node_modules), git-ignored. */
const OUT = fileURLToPath(new URL('../../.tmp/examples-react/', import.meta.url));

const common = {
  bundle: true,
  format: 'esm',
  jsx: 'automatic',
  logLevel: 'warning',
  // The repository's tsconfig.json maps `engagetrack` to src/ for its own type checks; an app knows
  // nothing of it. Without this, esbuild would follow that mapping and bundle the sources.
  tsconfigRaw: {},
};

/**
 * The browser bundle: client.jsx, React's development build (which reports hydration mismatches)
 * and one copy of the SDK. Returns the code and the files it was made of (repository-relative).
 */
export async function bundleClient() {
  linkPackage();
  const result = await build({
    ...common,
    entryPoints: [`${HERE}client.jsx`],
    platform: 'browser',
    define: { 'process.env.NODE_ENV': '"development"' },
    write: false,
    metafile: true,
  });
  return { code: result.outputFiles[0].contents, inputs: Object.keys(result.metafile.inputs) };
}

/** The App component for server rendering: JSX compiled, packages left to Node (React, engagetrack/react). */
export async function loadApp() {
  linkPackage();
  await mkdir(OUT, { recursive: true });
  const outfile = `${OUT}App.mjs`;
  await build({ ...common, entryPoints: [`${HERE}App.jsx`], platform: 'node', packages: 'external', outfile });
  return (await import(`${pathToFileURL(outfile).href}?${Date.now()}`)).App;
}
