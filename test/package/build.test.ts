/**
 * The CDN files are reproducible: the README's integrity hashes come from the build, so a build of the
 * same sources must give the same bytes, wherever it runs. A copy of what the build reads, in another
 * directory, is built again (`ENGAGETRACK_BUILD=cdn`: the dist/engagetrack*.js files only, a few
 * seconds) and compared byte for byte with dist/ (`npm test` built it just before).
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { cdnFiles } from '../../scripts/sri.mjs';

const repo = resolve(import.meta.dirname, '../..');
const copy = mkdtempSync(join(tmpdir(), 'engagetrack-build-'));

afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('the build is reproducible', () => {
  it('a second build, from a copy of the sources in another directory, gives every CDN file byte for byte', async () => {
    cpSync(join(repo, 'src'), join(copy, 'src'), { recursive: true });
    for (const file of ['tsconfig.json', 'rollup.config.mjs', 'package.json'])
      cpSync(join(repo, file), join(copy, file));
    symlinkSync(join(repo, 'node_modules'), join(copy, 'node_modules'), 'dir');
    await promisify(execFile)(process.execPath, [join(repo, 'node_modules/rollup/dist/bin/rollup'), '-c', '--silent'], {
      cwd: copy,
      env: { ...process.env, ENGAGETRACK_BUILD: 'cdn' },
    });
    const built = cdnFiles(join(copy, 'dist'));
    expect(built).toEqual(cdnFiles());
    for (const file of built) {
      const again = readFileSync(join(copy, 'dist', file));
      // Not equal: dist/ is older than src/ (npm run build), or the build depends on where or when it runs.
      expect(again.equals(readFileSync(join(repo, 'dist', file))), `dist/${file} built again`).toBe(true);
    }
  });
});
