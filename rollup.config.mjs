// Builds, from src/:
//  - dist/index.mjs + dist/index.cjs       the npm module (ESM, CommonJS), free of side effects on import
//  - dist/server.mjs + dist/server.cjs     the `engagetrack/server` subpath
//  - dist/react.mjs + dist/react.cjs       the `engagetrack/react` subpath: a client component that imports
//                                          the core from `engagetrack` (and React), both left external
//  - dist/consent.mjs + dist/consent.cjs   the `engagetrack/consent` subpath (followConsent(): it acts on the
//                                          page's SDK through the page registry; the core, `engagetrack`,
//                                          left external, is the page's SDK where none is yet)
//  - dist/engagetrack.min.js               the script-tag bundle (installs window.engagetrack), minified, no log lines
//  - dist/engagetrack.debug.min.js         the same with the `[engagetrack]` debug log lines
//  - dist/engagetrack.umd.js               the npm module's API, minified, for AMD loaders, CommonJS or a global (src/umd.ts)
//  - dist/engagetrack.consent.min.js       the script-tag bundle with followConsent() built in (data-consent-signals…)
//  - dist/verify.mjs + dist/verify.cjs     the `engagetrack/verify` subpath: verify(), the installation check
//  - dist/engagetrack.verify.min.js        the verify bundle: the check's panel and console report (an IIFE,
//                                          minified), loaded by the script tag on `?engagetrack_verify`
//  - dist/cli.mjs                          the `engagetrack verify <url…>` command line (package `bin`)
//  - dist/*.d.mts + dist/*.d.cts           bundled types, ESM and CommonJS flavours
//  - dist/package.json                     {"type":"commonjs"} and the sideEffects list, for dist/*.js
import { readFileSync } from 'node:fs';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';

const ts = () =>
  typescript({
    tsconfig: './tsconfig.json',
    compilerOptions: { noEmit: false, declaration: false, removeComments: false },
    include: ['src/**/*.ts'],
  });

/**
 * Replaces the build-time constants of src/globals.d.ts (`__DEBUG__`, `__SCRIPT_TAG__`, `__CONSENT__`,
 * false unless given): code guarded by one is then dropped by terser where it is `false`.
 */
const flags = (values) => ({
  name: 'build-flags',
  transform(code, id) {
    if (!id.endsWith('.ts') || !code.includes('__')) return null;
    return {
      code: code.replace(/\b__(DEBUG|SCRIPT_TAG|CONSENT)__\b/g, (flag) => String(values[flag] === true)),
      map: null,
    };
  },
});

/**
 * The script-tag bundles are what merchants' pages download: squeeze them. `hoist_funs` puts the
 * functions of each module together (the consent signals gzip smaller so); `unsafe` writes
 * `${x}` as `"" + x` (the SDK converts strings, numbers and URLSearchParams only, which read alike).
 */
const minify = terser({
  ecma: 2020,
  compress: {
    passes: 3,
    hoist_funs: true,
    unsafe: true,
    unsafe_arrows: true,
    unsafe_methods: true,
    pure_getters: true,
    keep_fargs: false,
  },
  // Internal properties start with `_`: mangle them, like web-vitals does.
  mangle: { properties: { regex: /^_/ } },
  format: { comments: false },
});

/**
 * The files that do something when loaded: package.json's `sideEffects`, relative to dist/ (read when
 * dist/package.json is written: the script-only build of bench/features.mjs runs without package.json).
 */
const distSideEffects = () =>
  JSON.parse(readFileSync('package.json', 'utf8')).sideEffects.map((file) => file.replace('./dist/', './'));

const entries = [
  ['src/index.ts', 'index'],
  ['src/server/index.ts', 'server'],
  ['src/consent/index.ts', 'consent'],
  ['src/verify/index.ts', 'verify'],
];

/**
 * `engagetrack/react` imports the core by its package name, so an app bundle resolves it to the same
 * file as the app's own `import … from 'engagetrack'`: one copy of the SDK, one automatic mode. Rollup
 * matches `external` against the import as written, before any plugin resolves it (the TypeScript
 * plugin would follow tsconfig's `paths` to src/index.ts and bundle a second copy).
 */
const REACT_EXTERNAL = ['engagetrack', 'react'];

/**
 * Next.js renders a module that starts with the `"use client"` directive as a client component, so a
 * server component (`app/layout.tsx`) can render `<EngageTrack />`. Rollup drops module-level
 * directives from its input: the banner puts it back as the first statement of each file.
 */
const USE_CLIENT = '"use client";';

/** The script-tag bundle: an IIFE with no name (it installs `window.engagetrack` itself). */
const scriptBundle = (file, debug, consent = false) => ({
  input: 'src/script.ts',
  output: { file, format: 'iife', strict: false, plugins: [minify] },
  plugins: [ts(), flags({ __DEBUG__: debug, __SCRIPT_TAG__: true, __CONSENT__: consent })],
});

/** The verify bundle: an IIFE with no name (it publishes `window.engagetrackVerify` itself). */
const verifyBundle = {
  input: 'src/verify/script.ts',
  output: { file: 'dist/engagetrack.verify.min.js', format: 'iife', plugins: [minify] },
  plugins: [ts()],
};

/**
 * The command line (Node 20+): ESM with a shebang; `playwright-core` (an optional peer dependency) and
 * Node's own modules stay imports. Type-checked with Node's types (src/cli/tsconfig.json).
 */
const cli = {
  input: 'src/cli/index.ts',
  external: (id) => id === 'playwright-core' || id.startsWith('node:'),
  output: { file: 'dist/cli.mjs', format: 'es', banner: '#!/usr/bin/env node' },
  plugins: [
    typescript({
      tsconfig: './src/cli/tsconfig.json',
      compilerOptions: { noEmit: false, declaration: false, removeComments: false },
      include: ['src/**/*.ts'],
    }),
  ],
};

/**
 * `ENGAGETRACK_BUILD=script`: the default script-tag bundle alone (bench/features.mjs builds it many
 * times); `=cdn`: the CDN files, dist/engagetrack*.js (test/package/build.test.ts builds them again).
 */
const build = process.env.ENGAGETRACK_BUILD;
const scriptOnly = build === 'script';

const configs = scriptOnly
  ? [scriptBundle('dist/engagetrack.min.js', false)]
  : [
      ...entries.map(([input, name]) => ({
        input,
        // followConsent() starts the app's own core where the page has no SDK yet: the same file as the
        // app's `import … from 'engagetrack'` (see REACT_EXTERNAL), never a second copy.
        external: name === 'consent' ? ['engagetrack'] : [],
        plugins: [ts(), flags({ __DEBUG__: true, __SCRIPT_TAG__: false })],
        output: [
          { file: `dist/${name}.mjs`, format: 'es' },
          { file: `dist/${name}.cjs`, format: 'cjs' },
        ],
      })),
      {
        input: 'src/react/index.ts',
        external: REACT_EXTERNAL,
        plugins: [ts()],
        output: [
          { file: 'dist/react.mjs', format: 'es', banner: USE_CLIENT },
          { file: 'dist/react.cjs', format: 'cjs', banner: USE_CLIENT },
        ],
      },
      scriptBundle('dist/engagetrack.min.js', false),
      // The UMD build: src/umd.ts picks AMD, CommonJS or the global itself (rollup's own UMD wrapper
      // would overwrite whatever `window.engagetrack` holds); log lines in, as in the npm module.
      {
        input: 'src/umd.ts',
        output: { file: 'dist/engagetrack.umd.js', format: 'iife', strict: false, plugins: [minify] },
        plugins: [ts(), flags({ __DEBUG__: true, __SCRIPT_TAG__: false })],
      },
      scriptBundle('dist/engagetrack.consent.min.js', false, true),
      verifyBundle,
      cli,
      {
        ...scriptBundle('dist/engagetrack.debug.min.js', true),
        plugins: [
          ts(),
          flags({ __DEBUG__: true, __SCRIPT_TAG__: true }),
          {
            name: 'commonjs-dist',
            generateBundle() {
              // Bundlers (webpack, rollup, esbuild, rspack, Parcel) read `sideEffects` from the
              // nearest package.json, which for every file in dist/ is this one, not the root one: repeat it
              // here, relative to dist/, or the ESM entry would count as side-effectful and never be shaken.
              this.emitFile({
                type: 'asset',
                fileName: 'package.json',
                source: `${JSON.stringify({ type: 'commonjs', sideEffects: distSideEffects() })}\n`,
              });
            },
          },
        ],
      },
      ...[...entries, ['src/react/index.ts', 'react']].map(([input, name]) => ({
        input,
        // The React types refer to `Options` of `engagetrack` (resolved by the consumer, .d.mts or .d.cts).
        external: REACT_EXTERNAL,
        plugins: [dts()],
        output: [
          { file: `dist/${name}.d.mts`, format: 'es' },
          { file: `dist/${name}.d.cts`, format: 'es' },
        ],
      })),
    ];

export default build === 'cdn' ? configs.filter(({ output }) => /\/engagetrack[^/]*\.js$/.test(output.file)) : configs;
