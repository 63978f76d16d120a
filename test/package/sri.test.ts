/**
 * Subresource Integrity (SPEC "Budgets": every CDN file's README snippet carries its hash, and npm
 * test fails when a hash differs from the built file), and README's "Which file" table, both checked
 * with the functions `npm run sri` uses (scripts/sri.mjs). Needs a build (`npm test` builds first).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  cdnFiles,
  cdnSnippets,
  filesTable,
  integrities,
  integrityOf,
  packageVersion,
  README,
  readmeProblems,
  readmeTable,
  updateReadme,
} from '../../scripts/sri.mjs';

const readme = readFileSync(README, 'utf8');
const hashes = integrities();
const version = packageVersion();
const umdHash = hashes['engagetrack.umd.js'];

describe('Subresource Integrity of the CDN files', () => {
  it('covers every dist/engagetrack*.js of the build', () => {
    expect(cdnFiles()).toEqual(
      expect.arrayContaining(['engagetrack.min.js', 'engagetrack.debug.min.js', 'engagetrack.umd.js']),
    );
    expect(Object.keys(hashes)).toEqual(cdnFiles());
    // SHA-384 of the bytes, base64: what `openssl dgst -sha384 -binary | openssl base64 -A` prints.
    expect(integrityOf(Buffer.from('abc'))).toBe(
      'sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn',
    );
  });

  it("every CDN snippet of the README pins this version's file: its integrity, crossorigin, this version", () => {
    expect(readmeProblems(readme, hashes, version)).toEqual([]);
    // Each CDN file has a <script> snippet of its own.
    for (const file of cdnFiles()) expect(cdnSnippets(readme).map((snippet) => snippet.file)).toContain(file);
  });

  it('catches a stale hash, a missing integrity or crossorigin, another version, a CDN file without a snippet', () => {
    const defaultHash = hashes['engagetrack.min.js'];
    const stale = readme.replace(defaultHash, umdHash);
    expect(readmeProblems(stale, hashes, version)).toEqual([
      expect.stringContaining(`the integrity of engagetrack.min.js is ${defaultHash}, not ${umdHash}`),
    ]);
    // The RequireJS snippet's hash belongs to the URL before it (the UMD file's paths entry).
    const staleUmd = readme.replace(`'${umdHash}'`, `'${defaultHash}'`);
    expect(readmeProblems(staleUmd, hashes, version)).toEqual([
      expect.stringContaining(`the integrity of engagetrack.umd.js is ${umdHash}, not ${defaultHash}`),
    ]);
    const bare = readme.replace(` integrity="${hashes['engagetrack.debug.min.js']}" crossorigin="anonymous"`, '');
    expect(readmeProblems(bare, hashes, version)).toEqual([
      expect.stringContaining('the snippet of engagetrack.debug.min.js has no sha384 integrity attribute'),
      expect.stringContaining('the snippet of engagetrack.debug.min.js needs crossorigin="anonymous"'),
    ]);
    const older = readme.replace(
      `engagetrack@${version}/dist/engagetrack.umd.js"`,
      'engagetrack@0.1.9/dist/engagetrack.umd.js"',
    );
    expect(readmeProblems(older, hashes, version)).toEqual([expect.stringContaining(`is not version ${version}`)]);
    // A CDN file that lands without a snippet (a new bundle of a later release): demanded.
    expect(readmeProblems(readme, { ...hashes, 'engagetrack.future.min.js': umdHash }, version)).toEqual([
      'README.md has no <script> snippet for dist/engagetrack.future.min.js, with its integrity',
    ]);
  });

  it('npm run sri -- --write brings every snippet in line: versions, hashes, missing attributes', () => {
    expect(updateReadme(readme, hashes, version)).toBe(readme);
    const stale = readme
      .replaceAll(hashes['engagetrack.min.js'], umdHash)
      .replaceAll(`engagetrack@${version}/`, 'engagetrack@0.1.9/');
    expect(readmeProblems(stale, hashes, version).length).toBeGreaterThan(10);
    expect(updateReadme(stale, hashes, version)).toBe(readme);
    const bare = readme.replace(` integrity="${hashes['engagetrack.debug.min.js']}" crossorigin="anonymous"`, '');
    const fixed = updateReadme(bare, hashes, version);
    expect(readmeProblems(fixed, hashes, version)).toEqual([]);
    expect(cdnSnippets(fixed).find((snippet) => snippet.file === 'engagetrack.debug.min.js')).toMatchObject({
      integrity: hashes['engagetrack.debug.min.js'],
      crossorigin: 'anonymous',
    });
    // The next version: one edit in package.json, then --write.
    const next = updateReadme(readme, hashes, '9.8.7');
    expect(readmeProblems(next, hashes, '9.8.7')).toEqual([]);
    expect(next).not.toContain(`engagetrack@${version}/`);
  });
});

describe('README "Which file"', () => {
  it("is this build's table: every file with what it is for and its size (npm run sri -- --write)", () => {
    expect(readmeTable(readme)).toBe(filesTable());
    for (const file of [...cdnFiles(), 'index.mjs', 'index.cjs', 'server.mjs', 'react.mjs']) {
      expect(readmeTable(readme)).toContain(`\`${file}\``);
    }
  });
});
