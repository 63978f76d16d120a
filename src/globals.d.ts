/**
 * Replaced at build time (rollup.config.mjs, vitest.config.ts): `true` in the builds that carry the
 * `[engagetrack]` debug log lines (`engagetrack.debug.min.js`, the npm module), `false` in the default
 * script-tag bundle, where terser drops every line guarded by it.
 */
declare const __DEBUG__: boolean;
