/**
 * Browser support, checked: the browsers README's "Browser support" claims (its bold list, parsed
 * here, so the claim and the check cannot drift) must run every browser file of dist/ as built. esbuild
 * transforms each file for exactly those targets with its compatibility data: the transform must
 * succeed and lower nothing (its output equals the output for `esnext`). Syntax only: esbuild adds no
 * polyfills, so the APIs the SDK calls are kept to what those versions have (README says which).
 * Needs a build.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { transform } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { cdnFiles, DIST, README } from '../../scripts/sri.mjs';

/** README's names → esbuild's engine names. */
const ENGINES: Record<string, string> = {
  Chrome: 'chrome',
  Edge: 'edge',
  Firefox: 'firefox',
  Safari: 'safari',
  'Safari on iOS': 'ios',
};

/** The esbuild targets of README's claim: `**Chrome 91+, …, Safari on iOS 14.5+**` under "## Browser support". */
function claimedTargets(readme: string): string[] {
  const section = readme.split('\n## Browser support\n')[1]?.split('\n## ')[0] ?? '';
  const claim = /\*\*((?:[A-Za-z ]+ \d+(?:\.\d+)?\+(?:, )?)+)\*\*/.exec(section)?.[1] ?? '';
  return claim.split(', ').map((entry) => {
    const [, name, version] = /^(.+) (\d+(?:\.\d+)?)\+$/.exec(entry) ?? [];
    if (!ENGINES[name]) throw new Error(`README "Browser support": no esbuild engine for ${JSON.stringify(entry)}`);
    return `${ENGINES[name]}${version}`;
  });
}

/** What esbuild makes of `code` for `targets`: lowered (the syntax it rewrote), refused, or unchanged. */
async function verdict(code: string, targets: string[]): Promise<string> {
  const reference = (await transform(code, { target: 'esnext' })).code;
  try {
    const { code: lowered } = await transform(code, { target: targets });
    return lowered === reference ? 'unchanged' : 'lowered';
  } catch (error) {
    return `refused: ${(error as { errors?: { text: string }[] }).errors?.[0]?.text ?? error}`;
  }
}

const readme = readFileSync(README, 'utf8');
const targets = claimedTargets(readme);
/** Every file of dist/ that runs in a browser: the CDN files, the npm module and the React entry (bundled into apps as they are). */
const BROWSER_FILES = [...cdnFiles(), 'index.mjs', 'index.cjs', 'react.mjs', 'react.cjs'];

describe(`browser support: the built files run as they are in ${targets.join(', ')}`, () => {
  it('README claims a version of each engine', () => {
    expect(targets.map((target) => target.replace(/[\d.]+$/, ''))).toEqual(Object.values(ENGINES));
  });

  for (const file of BROWSER_FILES) {
    it(`dist/${file}: esbuild lowers nothing for those targets`, async () => {
      expect(await verdict(readFileSync(resolve(DIST, file), 'utf8'), targets)).toBe('unchanged');
    });
  }

  it('the check notices syntax a claimed browser lacks (Chrome 79 has no optional chaining; Safari 14.0 miscompiles destructuring)', async () => {
    const bundle = readFileSync(resolve(DIST, 'engagetrack.min.js'), 'utf8');
    expect(await verdict(bundle, ['chrome79'])).toBe('lowered');
    expect(await verdict(bundle, ['safari14'])).toMatch(/^refused: Transforming destructuring/);
  });
});
