// Builds, from src/:
//  - dist/index.mjs + dist/index.cjs       the npm module (ESM, CommonJS), free of side effects on import
//  - dist/server.mjs + dist/server.cjs     the `engagetrack/server` subpath
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
  ...entries.map(([input, name]) => ({
    input,
    plugins: [dts()],
    output: [
      { file: `dist/${name}.d.mts`, format: 'es' },
      { file: `dist/${name}.d.cts`, format: 'es' },
    ],
  })),
];
