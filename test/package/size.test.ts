/**
 * The byte budget of the script-tag bundle (bench/budgets.json): bytes are deterministic, so unlike
 * time they are checked on every run. Needs a build (`npm test` builds first).
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const budgets = JSON.parse(readFileSync(new URL('bench/budgets.json', root), 'utf8'));
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

describe('the script-tag bundle merchants download', () => {
  it('is the file unpkg and jsDelivr serve', () => {
    expect(pkg.unpkg).toBe('./dist/engagetrack.min.js');
    expect(pkg.jsdelivr).toBe(pkg.unpkg);
  });

  it(`stays within ${budgets.scriptBundleGzipBytes} B gzip -9`, () => {
    const bundle = readFileSync(new URL(pkg.unpkg, root));
    const gzip = gzipSync(bundle, { level: 9 }).length;
    expect(gzip).toBeGreaterThan(500); // a real bundle, not an empty file
    expect(gzip).toBeLessThanOrEqual(budgets.scriptBundleGzipBytes);
  });
});
