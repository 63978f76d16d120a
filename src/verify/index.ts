/**
 * `engagetrack/verify`: the docs' "Verify" checklist, answered on the page itself. Importing this module
 * does nothing by itself; call {@link verify}.
 *
 * @packageDocumentation
 */
export type {
  VerifyElement,
  VerifyElementKind,
  VerifyGlobal,
  VerifyProblem,
  VerifyReport,
  VerifySeverity,
  VerifyStorage,
} from './types.js';
export { verify } from './verify.js';
