// Subresource Integrity for the CDN files, and README's "Which file" table, both from the build.
//
//   npm run sri              builds, then prints each CDN file's size and integrity, and what README.md has out of date
//   npm run sri -- --write   builds, then updates README.md: the version and integrity of every CDN snippet, the table
//
// A CDN file is every dist/engagetrack*.js (unpkg and jsDelivr serve any file of the package; these are
// the ones meant for a <script>): each must have a snippet in README.md, a <script> whose src is its
// URL for this version (package.json) with integrity="sha384-…" crossorigin="anonymous". Any other
// sha384 value in README.md (RequireJS's onNodeCreated) belongs to the CDN URL written before it.
// test/package/sri.test.ts checks README.md with the same functions, so npm test fails on a stale hash.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
export const DIST = `${root}dist`;
export const README = `${root}README.md`;

/** The package's version: the one every CDN URL in README.md names. */
export function packageVersion() {
  return JSON.parse(readFileSync(`${root}package.json`, 'utf8')).version;
}

/** The CDN files of a build, by name: every `engagetrack*.js` in `dist`. */
export function cdnFiles(dist = DIST) {
  return readdirSync(dist)
    .filter((file) => /^engagetrack[\w.-]*\.js$/.test(file))
    .sort();
}

/** The `integrity` value of these bytes (SHA-384, what the SRI spec and PCI guidance use). */
export function integrityOf(bytes) {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

/** `{ file: integrity }` for the CDN files of `dist`. */
export function integrities(dist = DIST) {
  return Object.fromEntries(cdnFiles(dist).map((file) => [file, integrityOf(readFileSync(`${dist}/${file}`))]));
}

/**
 * A URL of a file of this package on unpkg or jsDelivr, with its version and file (RequireJS `paths`
 * leave out the `.js`).
 */
const CDN_URL =
  /https:\/\/(?:unpkg\.com\/|cdn\.jsdelivr\.net\/npm\/)engagetrack@([^/\s"'`]+)\/dist\/(engagetrack[\w.-]*?)(?:\.js)?(?=["'`\s)<]|$)/g;
const SCRIPT_TAG = /<(?:script|Script)\b[^>]*>/g;
/** A sha384 integrity value, or the start of one (a placeholder `sha384-` that --write fills in). */
const INTEGRITY = /sha384-[A-Za-z0-9+/]*=*/g;

const lineOf = (text, index) => text.slice(0, index).split('\n').length;

/** Every CDN URL of `text`: where it is, its version and its file (`engagetrack.min.js`). */
export function cdnUrls(text) {
  return [...text.matchAll(CDN_URL)].map((match) => ({
    index: match.index,
    url: match[0],
    version: match[1],
    file: `${match[2]}.js`,
  }));
}

/** Every `<script>` (or JSX `<Script>`) tag of `text` whose src is a CDN URL: its text, where, file, attributes. */
export function cdnSnippets(text) {
  const snippets = [];
  for (const match of text.matchAll(SCRIPT_TAG)) {
    const src = /\ssrc="([^"]*)"/.exec(match[0])?.[1];
    const [url] = src ? cdnUrls(src) : [];
    if (!url || url.url !== src) continue;
    snippets.push({
      index: match.index,
      tag: match[0],
      file: url.file,
      version: url.version,
      integrity: /\sintegrity="([^"]*)"/.exec(match[0])?.[1],
      crossorigin: /\scross[oO]rigin="([^"]*)"/.exec(match[0])?.[1],
    });
  }
  return snippets;
}

/** The file each sha384 value of `text` pins: that of the nearest CDN URL before it. */
function pinned(text) {
  const urls = cdnUrls(text);
  return [...text.matchAll(INTEGRITY)].map((match) => ({
    index: match.index,
    value: match[0],
    file: urls.filter((url) => url.index < match.index).at(-1)?.file,
  }));
}

/**
 * What is out of date in README `text` for a build whose CDN files have these `hashes` (`{ file:
 * integrity }`) at `version`: one sentence per problem, none when the README is right.
 */
export function readmeProblems(text, hashes, version) {
  const problems = [];
  for (const url of cdnUrls(text)) {
    const at = `README.md line ${lineOf(text, url.index)}`;
    if (url.version !== version) problems.push(`${at}: ${url.url} is not version ${version}`);
    if (!hashes[url.file]) problems.push(`${at}: ${url.url} names no CDN file of this build`);
  }
  const snippets = cdnSnippets(text);
  for (const snippet of snippets) {
    const at = `README.md line ${lineOf(text, snippet.index)}`;
    if (!/^sha384-[A-Za-z0-9+/]+=*$/.test(snippet.integrity ?? '')) {
      problems.push(`${at}: the snippet of ${snippet.file} has no sha384 integrity attribute`);
    }
    if (snippet.crossorigin !== 'anonymous') {
      problems.push(
        `${at}: the snippet of ${snippet.file} needs crossorigin="anonymous" (SRI across origins needs CORS)`,
      );
    }
  }
  for (const hash of pinned(text)) {
    const at = `README.md line ${lineOf(text, hash.index)}`;
    if (!hash.file) problems.push(`${at}: ${hash.value} follows no CDN URL`);
    else if (hashes[hash.file] && hash.value !== hashes[hash.file]) {
      problems.push(`${at}: the integrity of ${hash.file} is ${hashes[hash.file]}, not ${hash.value}`);
    }
  }
  for (const file of Object.keys(hashes)) {
    if (!snippets.some((snippet) => snippet.file === file)) {
      problems.push(`README.md has no <script> snippet for dist/${file}, with its integrity`);
    }
  }
  return problems;
}

/**
 * README `text` with every CDN URL at `version` and every integrity value that of its file; snippets
 * without integrity or crossorigin get them. (A missing snippet needs a person: readmeProblems() says so.)
 */
export function updateReadme(text, hashes, version) {
  let updated = text.replace(CDN_URL, (url, old) => url.replace(`engagetrack@${old}/`, `engagetrack@${version}/`));
  updated = updated.replace(SCRIPT_TAG, (tag) => {
    const [snippet] = cdnSnippets(tag);
    const hash = snippet && hashes[snippet.file];
    if (!hash) return tag;
    let result = snippet.integrity
      ? tag.replace(/(\sintegrity=")[^"]*"/, `$1${hash}"`)
      : tag.replace(/(\ssrc="[^"]*")/, `$1 integrity="${hash}"`);
    if (!snippet.crossorigin) {
      const name = tag.startsWith('<Script') ? 'crossOrigin' : 'crossorigin';
      result = result.replace(/(\sintegrity="[^"]*")/, `$1 ${name}="anonymous"`);
    }
    return result;
  });
  const values = pinned(updated);
  let offset = 0;
  for (const { index, value, file } of values) {
    const hash = file && hashes[file];
    if (!hash) continue;
    const at = index + offset;
    updated = updated.slice(0, at) + hash + updated.slice(at + value.length);
    offset += hash.length - value.length;
  }
  return updated;
}

/**
 * The rows of README's "Which file" table, in order: the files of dist/ (several per row where they
 * are the ESM and CommonJS flavours of one entry) and what each is for. A row appears when its files
 * exist; a CDN file without a row is an error (describe it here).
 */
export const FILES = [
  [
    ['engagetrack.min.js'],
    'The script tag, the default (`unpkg` and `jsdelivr` in package.json): an IIFE that installs `window.engagetrack` and starts automatic mode; options as `data-*`.',
  ],
  [
    ['engagetrack.debug.min.js'],
    'The same with the `[engagetrack]` log lines of `data-debug="true"`: for finding out why a link is not decorated.',
  ],
  [
    ['engagetrack.verify.min.js'],
    'The Verify panel: checks this page as the docs checklist does and shows the report (loaded by the script tag itself when the URL carries `engagetrack_verify`).',
  ],
  [
    ['engagetrack.consent.min.js'],
    'The script tag that also follows the page’s consent banner (Google Consent Mode, IAB TCF, WordPress Consent API).',
  ],
  [
    ['engagetrack.umd.js'],
    'UMD, for module loaders: an anonymous AMD module (RequireJS), `module.exports` under CommonJS, else the global `engagetrack` without automatic start.',
  ],
  [['index.mjs'], 'ESM: `import … from "engagetrack"` (bundlers, `<script type="module">`); no side effect on import.'],
  [['index.cjs'], 'CommonJS: `require("engagetrack")` (Node, SSR, older bundlers).'],
  [
    ['server.mjs', 'server.cjs'],
    '`engagetrack/server` (Node 20+, edge runtimes): the server-set visitor cookie, webhook attribution.',
  ],
  [['react.mjs', 'react.cjs'], '`engagetrack/react`: `<EngageTrack />` (imports the core from `engagetrack`).'],
];

const bytes = (count) => `${count.toLocaleString('en-US')} B`;

/** README's "Which file" table for the build in `dist`, sizes raw and gzip -9. */
export function filesTable(dist = DIST) {
  const described = FILES.flatMap(([files]) => files);
  const undescribed = cdnFiles(dist).filter((file) => !described.includes(file));
  if (undescribed.length) throw new Error(`scripts/sri.mjs: describe ${undescribed.join(', ')} in FILES`);
  const rows = FILES.filter(([files]) => files.every((file) => existsSync(`${dist}/${file}`))).map(
    ([files, purpose]) => {
      const sizes = files.map((file) => {
        const content = readFileSync(`${dist}/${file}`);
        return `${bytes(content.length)} (${bytes(gzipSync(content, { level: 9 }).length)})`;
      });
      return `| ${files.map((file) => `\`${file}\``).join(', ')} | ${purpose} | ${sizes.join(', ')} |`;
    },
  );
  return ['| File (`dist/`) | For | Size raw (gzip -9) |', '| --- | --- | ---: |', ...rows].join('\n');
}

const MARKERS = /(<!-- files:start -->)\n?([\s\S]*?)\n?(<!-- files:end -->)/;

/** The table between README's `files:start`/`files:end` markers (undefined without them). */
export function readmeTable(text) {
  return MARKERS.exec(text)?.[2];
}

function main() {
  const write = process.argv.includes('--write');
  const version = packageVersion();
  const hashes = integrities();
  for (const [file, hash] of Object.entries(hashes)) {
    const content = readFileSync(`${DIST}/${file}`);
    console.log(
      `${file.padEnd(28)} ${bytes(content.length).padStart(9)} ${bytes(gzipSync(content, { level: 9 }).length).padStart(9)} gzip  ${hash}`,
    );
  }
  console.log(
    `\nhttps://unpkg.com/engagetrack@${version}/dist/<file>  (or https://cdn.jsdelivr.net/npm/engagetrack@${version}/dist/<file>)`,
  );
  const readme = readFileSync(README, 'utf8');
  const updated = write
    ? updateReadme(readme, hashes, version).replace(
        MARKERS,
        (_, start, _table, end) => `${start}\n${filesTable()}\n${end}`,
      )
    : readme;
  if (updated !== readme) writeFileSync(README, updated);
  const problems = readmeProblems(updated, hashes, version);
  if (readmeTable(updated) !== filesTable()) problems.push('README.md: the "Which file" table is not this build\'s');
  if (write && updated !== readme) console.log('\nREADME.md updated.');
  if (problems.length) {
    console.log(`\n${problems.join('\n')}`);
    if (!write) console.log('\nnpm run sri -- --write updates the versions, the integrity values and the table.');
    process.exitCode = write ? 1 : 0;
  } else {
    console.log('\nREADME.md: every CDN snippet carries this build’s integrity.');
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
