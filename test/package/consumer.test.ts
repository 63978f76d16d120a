/**
 * The npm package as a merchant gets it: `npm pack`, the tarball's file list, an offline install into
 * a temporary project, then `import`/`require` under plain Node (no DOM) and `tsc --strict` under
 * moduleResolution `bundler` and `node16` with the repo's TypeScript. Needs a build (`npm test` runs
 * `npm run build` first); the consumer files are in ./fixtures. React, an optional peer dependency,
 * is the repo's, linked into the consumer project as an app would have it.
 */
import { execFile } from 'node:child_process';
import { access, copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const fixtures = join(import.meta.dirname, 'fixtures');
const tsc = join(repo, 'node_modules/.bin/tsc');

/** Every file the tarball must hold. */
const REQUIRED = [
  'package.json',
  'README.md',
  'LICENSE',
  'dist/package.json',
  'dist/index.mjs',
  'dist/index.cjs',
  'dist/index.d.mts',
  'dist/index.d.cts',
  'dist/server.mjs',
  'dist/server.cjs',
  'dist/server.d.mts',
  'dist/server.d.cts',
  'dist/react.mjs',
  'dist/react.cjs',
  'dist/react.d.mts',
  'dist/react.d.cts',
  'dist/consent.mjs',
  'dist/consent.cjs',
  'dist/consent.d.mts',
  'dist/consent.d.cts',
  'dist/engagetrack.min.js',
  'dist/engagetrack.consent.min.js',
  'dist/engagetrack.debug.min.js',
  'dist/engagetrack.umd.js',
  'server/package.json',
  'react/package.json',
  'consent/package.json',
  'dist/verify.mjs',
  'dist/verify.cjs',
  'dist/verify.d.mts',
  'dist/verify.d.cts',
  'dist/engagetrack.verify.min.js',
  'dist/cli.mjs',
  'verify/package.json',
];
/** The only files the tarball may hold: built output, its types, the node10 stubs, the docs. */
const ALLOWED =
  /^(package\.json|README\.md|LICENSE|(server|react|consent|verify)\/package\.json|dist\/[\w.-]+\.(mjs|cjs|js|d\.mts|d\.cts|d\.ts|json))$/;
/** Never shipped: sources, tests, dependencies, dev folders; no source maps (they would point at src/). */
const FORBIDDEN =
  /(^|\/)(src|tests?|__tests__|fixtures|node_modules|examples|bench|coverage|\.tmp|\.ci|\.git)(\/|$)|\.(test|spec)\.|\.map$|\.tsbuildinfo$|\.tgz$/;

const BROWSER_API = [
  'decorateStripeLinks',
  'decorateUrl',
  'getCheckoutMetadata',
  'getSessionId',
  'getVisitorId',
  'init',
  'reset',
  'setConsent',
];
const SERVER_API = ['attributionFromCheckoutSession', 'identityCookie', 'parseClientReferenceId', 'withIdentityCookie'];
const REACT_API = ['EngageTrack'];
const CONSENT_API = ['followConsent'];

// What fixtures/calls.cjs passes, and what every call must give back outside a browser.
const VISITOR = '0123456789abcdef0123456789abcdef';
const SESSION = 'fedcba9876543210fedcba9876543210';
const PAYMENT_LINK = 'https://buy.stripe.com/aBC123dEfGhI?locale=fr#plan';
const BROWSER_RESULTS = {
  getVisitorId: '',
  getSessionId: '',
  getCheckoutMetadata: { engagetrack_visitor_id: '', engagetrack_session_id: '' },
  decorateUrl: [PAYMENT_LINK, 'https://pay.example.com/x', '/relative'],
  decorateStripeLinks: [0, 0],
  init: ['function', 'undefined', 'function'],
  setConsent: ['undefined', 'undefined'],
  reset: 'undefined',
};
const VISITOR_COOKIE = `engagetrack_vid=${VISITOR}; Path=/; Max-Age=34560000; SameSite=Lax; Secure`;
const SERVER_RESULTS = {
  identityCookie: [
    { visitorId: VISITOR, setCookie: VISITOR_COOKIE },
    {
      visitorId: VISITOR,
      setCookie: `engagetrack_vid=${VISITOR}; Path=/; Domain=shop.example; Max-Age=3600; SameSite=Lax`,
    },
    { visitorId: '<new>', setCookie: 'engagetrack_vid=<new>; Path=/; Max-Age=34560000; SameSite=Lax; Secure' },
    { visitorId: '<new>', setCookie: 'engagetrack_vid=<new>; Path=/; Max-Age=34560000; SameSite=Lax; Secure' },
  ],
  withIdentityCookie: [
    { same: true, status: 200, location: null, setCookie: ['theme=dark; Path=/', VISITOR_COOKIE] },
    {
      same: false,
      status: 302,
      location: 'https://www.shop.example/welcome',
      setCookie: ['engagetrack_vid=<new>; Path=/; Max-Age=34560000; SameSite=Lax'],
    },
    { same: true, status: 200, location: null, setCookie: [] },
  ],
  attributionFromCheckoutSession: [
    { visitorId: VISITOR, sessionId: SESSION, source: 'metadata' },
    { visitorId: VISITOR, sessionId: SESSION, source: 'client_reference_id' },
    null,
    null,
  ],
  parseClientReferenceId: [{ visitorId: VISITOR, sessionId: null, source: 'client_reference_id' }, null, null],
};
// followConsent() outside a browser: a no-op stop().
const CONSENT_RESULTS = { followConsent: ['function', 'undefined'] };
// <EngageTrack /> server-rendered: nothing.
const REACT_RESULTS = { renderToString: '<main></main>', renderToStaticMarkup: '' };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion (never rejects). npm's `npm_*` variables are dropped: inherited
 * from `npm test` (npm_config_local_prefix…), they would point a nested npm at the repo itself.
 */
function run(file: string, args: string[], cwd: string): Promise<Run> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  return new Promise((done) => {
    execFile(file, args, { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Output of a command that must succeed; its stderr is in the failure message otherwise. */
function succeeded({ code, stdout, stderr }: Run): string {
  expect({ code, stderr: code === 0 ? '' : stderr, stdout: code === 0 ? '' : stdout }).toEqual({
    code: 0,
    stderr: '',
    stdout: '',
  });
  return stdout;
}

const strict = { strict: true, noEmit: true, skipLibCheck: false, types: [], target: 'ES2022', pretty: false };
const TSCONFIGS: Record<string, object> = {
  // Vite, Next.js, Remix and friends; with the strictest optional-property rule too.
  bundler: {
    compilerOptions: {
      ...strict,
      module: 'ESNext',
      moduleResolution: 'Bundler',
      lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      exactOptionalPropertyTypes: true,
      jsx: 'react-jsx',
    },
    files: ['bundler.ts', 'react.tsx'],
  },
  // Node's own resolution, an ES module (.mts) and a CommonJS file (.cts) in one program.
  node16: {
    compilerOptions: {
      ...strict,
      module: 'Node16',
      moduleResolution: 'Node16',
      lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      verbatimModuleSyntax: true,
    },
    files: ['consumer.mts', 'consumer.cts', 'react.mts', 'react.cts'],
  },
  // A webhook handler: no DOM lib.
  server: {
    compilerOptions: { ...strict, module: 'Node16', moduleResolution: 'Node16', lib: ['ES2022'] },
    files: ['server.mts'],
  },
  // engagetrack/verify (its report types, the verify bundle's global on window).
  verify: {
    compilerOptions: { ...strict, module: 'Node16', moduleResolution: 'Node16', lib: ['ES2022', 'DOM'] },
    files: ['verify.mts'],
  },
  // With the official stripe types; those are too big to check on every run (~20 s): skipLibCheck.
  // The package's own declarations are checked with skipLibCheck off in the three programs above.
  stripe: {
    compilerOptions: { ...strict, module: 'Node16', moduleResolution: 'Node16', lib: ['ES2022'], skipLibCheck: true },
    files: ['stripe.mts'],
  },
};

let work = '';
let consumer = '';
let tarball: string[] = [];
let importRun: Promise<Run>;
let requireRun: Promise<Run>;
let verifyRun: Promise<Run>;
const typeChecks: Record<string, Promise<Run>> = {};

beforeAll(async () => {
  await access(join(repo, 'dist/index.mjs')).catch(() => {
    throw new Error('dist/ is missing: run `npm run build` first (`npm test` does)');
  });
  work = await mkdtemp(join(tmpdir(), 'engagetrack-package-'));

  const packed = JSON.parse(succeeded(await run('npm', ['pack', '--json', '--pack-destination', work], repo)));
  const tgz = join(work, packed[0].filename);
  tarball = succeeded(await run('tar', ['-tzf', tgz], work))
    .split('\n')
    .filter(Boolean)
    .map((entry) => entry.replace(/^package\//, ''))
    .sort();

  consumer = join(work, 'consumer');
  await mkdir(consumer);
  await writeFile(join(consumer, 'package.json'), '{ "name": "consumer", "version": "1.0.0", "private": true }\n');
  succeeded(await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--prefix', consumer, tgz], consumer));
  // Types only: `import type Stripe from 'stripe'` in stripe.mts (the repo's devDependency, not installed).
  // React and its types: the app's own copy of the optional peer dependency (the repo's devDependencies).
  await mkdir(join(consumer, 'node_modules/@types'));
  for (const name of ['stripe', 'react', 'react-dom', '@types/react', '@types/react-dom']) {
    await symlink(join(repo, 'node_modules', name), join(consumer, 'node_modules', name), 'dir');
  }

  const files = [
    'calls.cjs',
    'runtime.mjs',
    'runtime.cjs',
    'consumer.mts',
    'consumer.cts',
    'server.mts',
    'stripe.mts',
    'react.tsx',
    'react.mts',
    'react.cts',
    'verify.mjs',
    'verify.mts',
  ];
  await Promise.all(files.map((file) => copyFile(join(fixtures, file), join(consumer, file))));
  await copyFile(join(fixtures, 'consumer.mts'), join(consumer, 'bundler.ts'));
  for (const [name, config] of Object.entries(TSCONFIGS)) {
    await writeFile(join(consumer, `tsconfig.${name}.json`), JSON.stringify(config, null, 2));
  }

  // Everything below is independent: start it all now, each test awaits its own.
  importRun = run(process.execPath, ['runtime.mjs'], consumer);
  requireRun = run(process.execPath, ['runtime.cjs'], consumer);
  verifyRun = run(process.execPath, ['verify.mjs'], consumer);
  for (const name of Object.keys(TSCONFIGS)) typeChecks[name] = run(tsc, ['-p', `tsconfig.${name}.json`], consumer);
});

afterAll(async () => {
  // Let nothing still running write into the folder being removed.
  await Promise.allSettled([importRun, requireRun, verifyRun, ...Object.values(typeChecks)]);
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the tarball', () => {
  it('ships the bundles, their types, README and LICENSE', () => {
    expect(tarball).toEqual(expect.arrayContaining(REQUIRED));
  });

  it('ships no tests, sources, source maps, node_modules, examples or bench', () => {
    expect(tarball.filter((file) => FORBIDDEN.test(file))).toEqual([]);
    expect(tarball.filter((file) => !ALLOWED.test(file))).toEqual([]);
  });

  it('engagetrack/react: both builds start with "use client" and import the core from engagetrack, holding none of it', async () => {
    for (const [file, coreImport, reactImport] of [
      ['react.mjs', "import { init } from 'engagetrack';", "from 'react';"],
      ['react.cjs', "require('engagetrack');", "require('react');"],
    ]) {
      const code = await readFile(join(consumer, 'node_modules/engagetrack/dist', file), 'utf8');
      // The directive must be the file's first statement, before any comment or 'use strict'.
      expect(code.startsWith('"use client";\n'), file).toBe(true);
      expect(code, file).toContain(coreImport);
      expect(code, file).toContain(reactImport);
      // Nothing of the core (decoration, storage, the DOM watcher) is in the React entry.
      expect(code, file).not.toMatch(/MutationObserver|client_reference_id|localStorage|document\.cookie/);
    }
  });
});

describe('under Node without a DOM', () => {
  it('imports every entry as ES modules; every export is a no-op and nothing throws (the script-tag bundles export nothing)', async () => {
    const result = JSON.parse(succeeded(await importRun));
    expect(result.hasDom).toBe(false);
    expect(result.exports).toEqual({
      sdk: BROWSER_API,
      server: SERVER_API,
      react: REACT_API,
      consent: CONSENT_API,
      script: [],
      debugScript: [],
      umd: BROWSER_API,
    });
    expect(result.sdk).toEqual(BROWSER_RESULTS);
    expect(result.umd).toEqual(BROWSER_RESULTS);
    expect(result.server).toEqual(SERVER_RESULTS);
    expect(result.react).toEqual(REACT_RESULTS);
    expect(result.consent).toEqual(CONSENT_RESULTS);
    expect(result.globalsAdded).toEqual([]);
  });

  it('requires every entry as CommonJS (the script-tag bundles load and export nothing); same results', async () => {
    const result = JSON.parse(succeeded(await requireRun));
    expect(result.hasDom).toBe(false);
    expect(result.exports).toEqual({
      sdk: BROWSER_API,
      server: SERVER_API,
      react: REACT_API,
      consent: CONSENT_API,
      script: [],
      debugScript: [],
      umd: BROWSER_API,
    });
    expect(result.sdk).toEqual(BROWSER_RESULTS);
    expect(result.umd).toEqual(BROWSER_RESULTS);
    expect(result.server).toEqual(SERVER_RESULTS);
    expect(result.react).toEqual(REACT_RESULTS);
    expect(result.consent).toEqual(CONSENT_RESULTS);
    expect(result.globalsAdded).toEqual([]);
  });
});

describe('engagetrack/verify and the command line, installed', () => {
  it('imports and requires engagetrack/verify under Node: verify() reports no-sdk and never throws', async () => {
    expect(JSON.parse(succeeded(await verifyRun))).toEqual({
      exports: [['verify'], ['verify']],
      reports: [
        { ok: false, storage: 'none', codes: ['no-sdk'] },
        { ok: false, storage: 'none', codes: ['no-sdk'] },
      ],
    });
  });

  it('npx engagetrack --help runs the bin', async () => {
    const output = succeeded(await run('npx', ['--no-install', 'engagetrack', '--help'], consumer));
    expect(output).toContain('Usage: engagetrack verify <url…>');
  });

  it('without playwright-core (an optional peer dependency): exit 2, saying how to install it', async () => {
    const result = await run('npx', ['--no-install', 'engagetrack', 'verify', 'https://shop.example/'], consumer);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('playwright-core is not installed. Run: npm install --save-dev playwright-core');
  });

  it('its types compile under tsc --strict (node16), and misuse does not', async () => {
    succeeded(await typeChecks.verify);
  });
});

describe('tsc --strict in a consumer project', () => {
  it('moduleResolution bundler (with engagetrack/react in JSX): correct usage compiles, misuse does not', async () => {
    succeeded(await typeChecks.bundler);
  });

  it('moduleResolution node16: ES modules and CommonJS files, each with its own types (engagetrack/react too)', async () => {
    succeeded(await typeChecks.node16);
  });

  it('engagetrack/server compiles without the DOM lib', async () => {
    succeeded(await typeChecks.server);
  });

  it('engagetrack/server accepts a Stripe.Checkout.Session from the stripe package', async () => {
    succeeded(await typeChecks.stripe);
  });
});
