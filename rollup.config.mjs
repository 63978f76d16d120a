// Builds, from src/:
//  - dist/index.mjs + dist/index.cjs       the npm module (ESM, CommonJS), free of side effects on import
//  - dist/server.mjs + dist/server.cjs     the `engagetrack/server` subpath
//  - dist/react.mjs + dist/react.cjs       the `engagetrack/react` subpath: a client component that imports
//                                          the core from `engagetrack` (and React), both left external
//  - dist/engagetrack.min.js               the script-tag bundle (UMD, global `engagetrack`), minified
//  - dist/*.d.mts + dist/*.d.cts           bundled types, ESM and CommonJS flavours
//  - dist/package.json                     {"type":"commonjs"}: the UMD .js loads with require() too
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';

const ts = () =>
  typescript({
    tsconfig: './tsconfig.json',
    compilerOptions: { noEmit: false, declaration: false, removeComments: false },
    include: ['src/**/*.ts'],
  });

/** The script-tag bundle is what merchants' pages download: squeeze it. */
const minify = terser({
  ecma: 2020,
  compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true, pure_getters: true },
  // Internal properties start with `_` (config, ids, state): mangle them, like web-vitals does.
  mangle: { properties: { regex: /^_/ } },
  format: { comments: false },
});

const entries = [
  ['src/index.ts', 'index'],
  ['src/server/index.ts', 'server'],
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

export default [
  ...entries.map(([input, name]) => ({
    input,
    plugins: [ts()],
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
  {
    input: 'src/script.ts',
    output: {
      file: 'dist/engagetrack.min.js',
      // UMD, reduced to what is used: the factory installs window.engagetrack itself, and a
      // CommonJS require() gets module.exports (dist/package.json marks dist's .js as CommonJS).
      format: 'iife',
      name: 'engagetrack',
      exports: 'default',
      strict: false,
      footer: 'typeof module<"u"&&(module.exports=engagetrack)',
      plugins: [minify],
    },
    plugins: [
      ts(),
      {
        name: 'commonjs-dist',
        generateBundle() {
          // Bundlers (webpack, rollup, esbuild, rspack, Parcel) read `sideEffects` from the
          // nearest package.json, which for every file in dist/ is this one, not the root one: repeat it
          // here, relative to dist/, or the ESM entry would count as side-effectful and never be shaken.
          this.emitFile({
            type: 'asset',
            fileName: 'package.json',
            source: '{ "type": "commonjs", "sideEffects": ["./engagetrack.min.js"] }\n',
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
