/**
 * Replaced at build time (rollup.config.mjs, vitest.config.ts): `true` in the builds that carry the
 * `[engagetrack]` debug log lines (`engagetrack.debug.min.js`, the npm module), `false` in the default
 * script-tag bundle, where terser drops every line guarded by it.
 */
declare const __DEBUG__: boolean;

/**
 * Replaced at build time: `true` in the script-tag bundles, which only ever run in a browser (so they
 * skip the "is there a DOM?" check the npm module needs under Node and SSR), `false` elsewhere.
 */
declare const __SCRIPT_TAG__: boolean;

/**
 * Replaced at build time: `true` in the consent bundle (`engagetrack.consent.min.js`), whose script
 * tag follows the page's consent signals (src/consent/), `false` elsewhere.
 */
declare const __CONSENT__: boolean;
