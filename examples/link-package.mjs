// The framework examples (examples/react, examples/nextjs) import `engagetrack` and
// `engagetrack/react` the way an app does. This lays the repository out as an installed copy of the
// package: node_modules/engagetrack, a link to the repository itself. Node, esbuild and Next.js then
// resolve both names through the package's own `exports` to the built dist/ (`npm run build`), and
// dist/react.mjs's `import … from 'engagetrack'` lands on the same file as the app's, as it would in a
// real install: one copy of the SDK. (Package self-reference cannot do this: dist/package.json, the
// nearest package.json of dist/react.mjs, has no name.) Idempotent; `npm ci` removes the link.
import { lstatSync, readlinkSync, symlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const LINK = fileURLToPath(new URL('../node_modules/engagetrack', import.meta.url));

/** What node_modules/engagetrack is now: the link's target, 'not a link', or undefined when absent. */
function current() {
  try {
    return lstatSync(LINK).isSymbolicLink() ? readlinkSync(LINK) : 'not a link';
  } catch {
    return undefined;
  }
}

/** Makes node_modules/engagetrack a link to the repository (relative: `..`), unless it already is. */
export function linkPackage() {
  if (current() === undefined) {
    try {
      symlinkSync('..', LINK, 'dir');
    } catch (error) {
      // Another process (a test file running beside this one) made it first.
      if (error.code !== 'EEXIST') throw error;
    }
  }
  const target = current();
  if (target !== '..') throw new Error(`${LINK} is not the link to the repository (${target}): remove it`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) linkPackage();
