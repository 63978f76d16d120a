import type { Options } from '../types.js';
import { configure, options, requiresConsent } from './config.js';
import { refresh } from './decorate.js';
import { consentAnswered, forget, storedOnThisPage } from './identity.js';
import { noop } from './noop.js';
import { watch, watching } from './watch.js';

/**
 * `init()` of this copy, or of a copy that joins it (`joining`): configures (unless automatic mode
 * already runs: a later `init()` changes nothing), then starts automatic mode unless `auto` is false.
 *
 * A joining copy's `identity` (EngageTrack's tracker, which a script tag finds) applies even while
 * automatic mode runs. A joining copy cannot loosen `consent`, only make it stricter (an app that requires consent is
 * never overruled by a template's default tag), and that applies even while automatic mode runs:
 * what the stores hold is then deleted (unless `setConsent()` answered on this page already), and the
 * IDs go on in memory until `setConsent(true)`.
 */
export function start(given?: Options | null, joining?: boolean, auto?: boolean): () => void {
  if (joining) {
    if (requiresConsent(given?.consent)) {
      configure({ consent: given?.consent });
      // What this page stored (under a consent that was not required) is deleted, unless
      // setConsent() answered already; the memory copy goes on, and from now on no store is read or
      // written (see identity()).
      if (storedOnThisPage() && !consentAnswered()) forget();
    }
    given = { ...given, consent: options.consent };
  }
  if (!watching()) configure(given);
  // EngageTrack's tracker, found by a script tag that joins a running page: the page's IDs are the
  // tracker's all the same (SPEC: its IDs are the ones put on payment elements).
  else if (joining && given?.identity) {
    configure({ identity: given.identity });
    refresh();
  }
  return auto === false ? noop : watch();
}
