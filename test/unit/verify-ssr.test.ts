// @vitest-environment node
// engagetrack/verify outside a browser (Node, SSR): importable from every build, verify() resolves to a
// no-sdk report and never throws.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { VerifyReport } from '../../src/verify/index.js';

const require = createRequire(import.meta.url);
/** A built file, imported by URL: `npm run typecheck` runs before the build, so tsc must not resolve it. */
const importBuilt = (file: string) => import(new URL(`../../dist/${file}`, import.meta.url).href);

type Verify = { verify: () => Promise<VerifyReport> };
const builds: [string, () => Promise<Verify>][] = [
  ['the TypeScript source', () => import('../../src/verify/index.js')],
  ['the ESM build (dist/verify.mjs)', () => importBuilt('verify.mjs')],
  ['the CommonJS build (dist/verify.cjs)', async () => require('../../dist/verify.cjs')],
];

describe('engagetrack/verify outside a browser', () => {
  for (const [name, load] of builds) {
    it(`${name}: verify() reports no-sdk and nothing else`, async () => {
      const { verify } = await load();
      const report = await verify();
      expect(report).toMatchObject({ url: '', ok: false, visitorId: '', sessionId: '', storage: 'none', elements: [] });
      expect(report.problems.map((problem) => problem.code)).toEqual(['no-sdk']);
    });
  }
});
