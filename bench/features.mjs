// What each feature costs the script-tag bundle: for every feature below, a copy of src/ with that
// feature patched out is built (the default script-tag bundle only, with the project's own rollup
// config) and its gzip -9 size compared with the full bundle's. Prints the table, writes it to
// bench/features.md and into README.md between the `features:start` / `features:end` markers.
//
//   npm run bench:features
//
// Each patch is an exact piece of today's source and what replaces it; a patch that no longer applies
// fails the run (and test/package/features.test.ts, in npm test), so the table cannot silently rot.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));

/** [feature, [file under src/, text of today's source, replacement], …]. */
export const FEATURES = [
  [
    'One SDK per page: the page registry and joining copies (consent only stricter)',
    ['lib/page.ts', 'return register({', 'return ({'],
    ['lib/start.ts', '  if (joining) {', '  if (false) {'],
  ],
  [
    "EngageTrack's tracker on window.engagetrack and the identity option",
    [
      'lib/ids.ts',
      '  const [visitor, session] = (options.identity',
      '  return own;\n  const [visitor, session] = (options.identity',
    ],
    ['script.ts', 'if (tracker && tracker !== sdk.api', 'if (false && tracker !== sdk.api'],
  ],
  [
    'Pasted links: an SDK reference with engagetrack_session_id is replaced',
    ['lib/decorate.ts', ' || (pasted && SDK_REFERENCE.test(value))', ''],
  ],
  [
    'Server-set visitor cookie engagetrack_vid (read, deleted by reset/setConsent(false))',
    ['lib/identity.ts', '(isId(server) && server) || ', ''],
    ['lib/identity.ts', '  deleteCookie(SERVER_KEY);\n', ''],
  ],
  [
    'Getters from memory for a second (store reads cached)',
    ['lib/identity.ts', 'if (now - readAt > 999 || (touch && now - +record[3] > 999)) {', 'if (true) {'],
  ],
  ['Clicks and key presses anywhere count as activity', ['lib/watch.ts', '        else identity(true);\n', '']],
  [
    'Click, middle-click and keyboard refresh of payment links (and activity)',
    ['lib/watch.ts', '    listen(addEventListener);\n', ''],
  ],
  [
    "consent: 'required' and setConsent()",
    [
      'lib/identity.ts',
      'return !privacySignal && (consentGiven ?? !requiresConsent(options.consent));',
      'return !privacySignal;',
    ],
    ['setConsent.ts', '    if (giveConsent(granted)) refresh();\n    else forget();', '    void granted;'],
  ],
  [
    'respectPrivacySignals (Global Privacy Control, Do Not Track)',
    [
      'lib/config.ts',
      "  privacySignal = options.respectPrivacySignals === true && !!(nav.globalPrivacyControl || nav.doNotTrack === '1');\n",
      '  void nav;\n',
    ],
  ],
  [
    "cookieDomain: 'auto' found by trying parent domains",
    ['lib/cookies.ts', '  if (probedFor !== want) {', '  cookieDomain = want === "auto" ? "" : want;\n  if (false) {'],
  ],
  [
    'Sessions: idle timeout and 24-hour cap',
    [
      'lib/identity.ts',
      '        +fields[2] <= +fields[3] &&\n        +fields[3] <= now &&\n        now - +fields[2] < 864e5 &&\n        now - +fields[3] < (minutes > 0 ? minutes : 30) * 6e4,',
      '        minutes !== 0,',
    ],
  ],
  [
    'forwardUtm (landing UTMs recorded and forwarded)',
    ['lib/decorate.ts', '  if (options.forwardUtm === true) {', '  if (false) {'],
    [
      'lib/identity.ts',
      '  return [visitor, randomId(), now, now, ...UTM_KEYS.map((key) => cleanUtm(query.get(key)))];',
      '  void query;\n  return [visitor, randomId(), now, now];',
    ],
  ],
  [
    "referenceFormat: 'visitor+session'",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal
    ['lib/ids.ts', "options.referenceFormat === 'visitor+session' ? `${ids[0]}_${ids[1]}` : ids[0]", 'ids[0]'],
  ],
  ['overwriteReference', ['lib/decorate.ts', 'options.overwriteReference === true || ', '']],
  [
    'Pricing Tables and Buy Buttons (client-reference-id)',
    ['lib/config.ts', ',stripe-pricing-table,stripe-buy-button`;', '`;'],
  ],
  [
    'data-* options of the script tag',
    [
      'script.ts',
      "  for (const key in dataset) given[key] = dataset[key] === 'true' || dataset[key];\n",
      '  void dataset;\n',
    ],
  ],
  [
    'The verify trigger (?engagetrack_verify loads engagetrack.verify.min.js from the same directory)',
    ['script.ts', '  if (/[?&#]engagetrack_verify/.test(location as never)) {', '  if (false) {'],
  ],
  [
    'The debug pointer line (data-debug="true")',
    ['lib/config.ts', '  if (!__DEBUG__ && !__CONSENT__ && options.debug === true) {', '  if (false) {'],
  ],
  [
    'Never throws: the guards around the public functions',
    [
      'lib/guard.ts',
      '  return ((...args: Parameters<F>) => {',
      '  return run;\n  return ((...args: Parameters<F>) => {',
    ],
  ],
];

/** Applies the patches of one feature to the copy in `dir`; throws if one no longer applies. */
export function applyPatches(dir, patches) {
  for (const [file, from, to] of patches) {
    const path = `${dir}/src/${file}`;
    const source = readFileSync(path, 'utf8');
    if (!source.includes(from))
      throw new Error(`bench/features.mjs: src/${file} no longer contains ${JSON.stringify(from)}`);
    writeFileSync(path, source.replace(from, to));
  }
}

/** Checks that every patch applies to today's source, without building (test/package/features.test.ts). */
export function checkPatches() {
  for (const [, ...patches] of FEATURES) {
    for (const [file, from] of patches) {
      const source = readFileSync(`${root}src/${file}`, 'utf8');
      if (!source.includes(from)) throw new Error(`src/${file} no longer contains ${JSON.stringify(from)}`);
    }
  }
}

/** gzip -9 size of the default script-tag bundle built from the copy in `dir`. */
function bundleSize(dir) {
  execFileSync(process.execPath, [`${root}node_modules/rollup/dist/bin/rollup`, '-c', '--silent'], {
    cwd: dir,
    env: { ...process.env, ENGAGETRACK_BUILD: 'script' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return gzipSync(readFileSync(`${dir}/dist/engagetrack.min.js`), { level: 9 }).length;
}

/** A fresh copy of what the build reads, in .tmp/features/<name>. */
function copy(name) {
  const dir = `${root}.tmp/features/${name}`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(`${root}src`, `${dir}/src`, { recursive: true });
  for (const file of ['tsconfig.json', 'rollup.config.mjs']) cpSync(`${root}${file}`, `${dir}/${file}`);
  symlinkSync(`${root}node_modules`, `${dir}/node_modules`, 'dir');
  return dir;
}

async function main() {
  const full = bundleSize(copy('full'));
  const rows = [];
  for (const [name, ...patches] of FEATURES) {
    const dir = copy(String(rows.length));
    applyPatches(dir, patches);
    rows.push([name, full - bundleSize(dir)]);
    process.stdout.write('.');
  }
  rmSync(`${root}.tmp/features`, { recursive: true, force: true });
  process.stdout.write('\n');
  const table = [
    `Script-tag bundle: ${full} B gzip -9 with everything in. What each feature costs (the bundle built without it; measured by \`npm run bench:features\`):`,
    '',
    '| Feature | B gzip |',
    '| --- | ---: |',
    ...rows.map(([name, bytes]) => `| ${name} | ${bytes} |`),
    '',
    'Features share code and compress together, so the costs do not add up to the bundle.',
  ].join('\n');
  console.log(table);
  writeFileSync(`${root}bench/features.md`, `# Bytes per feature\n\n${table}\n`);
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const updated = readme.replace(
    /(<!-- features:start -->)[\s\S]*?(<!-- features:end -->)/,
    (_, start, end) => `${start}\n${table}\n${end}`,
  );
  if (updated !== readme) writeFileSync(`${root}README.md`, updated);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
