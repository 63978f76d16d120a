/**
 * `engagetrack/consent`: consent that follows the page's consent banner (Google Consent Mode v2,
 * IAB TCF v2.2, WordPress Consent API). It acts on the page's SDK through the page registry only,
 * so it works with any copy and version of the SDK on the page.
 *
 * @packageDocumentation
 */
export { followConsent } from './followConsent.js';
export type { ConsentSignal, ConsentSignalOptions } from './types.js';
