/**
 * The script-tag entry (UMD bundle, global `engagetrack`): installs `window.engagetrack`, reads the
 * options from the `data-*` attributes of its own `<script>` element and starts automatic mode unless
 * `data-auto="false"`. Loading it a second time changes nothing.
 */
import { decorateStripeLinks } from './decorateStripeLinks.js';
import { decorateUrl } from './decorateUrl.js';
import { getCheckoutMetadata } from './getCheckoutMetadata.js';
import { getSessionId } from './getSessionId.js';
import { getVisitorId } from './getVisitorId.js';
import { init } from './init.js';
import { configure } from './lib/config.js';
import { guard } from './lib/guard.js';
import { reset } from './reset.js';
import { setConsent } from './setConsent.js';
import type { EngageTrack } from './types.js';

const api: EngageTrack = {
  getVisitorId,
  getSessionId,
  getCheckoutMetadata,
  decorateUrl,
  decorateStripeLinks,
  init,
  setConsent,
  reset,
};

const install = guard(
  () => {
    // Loaded before (this bundle, another copy or version of it): keep that one. Anything else under
    // the name (a stub, a queue) is not an SDK: take its place, or no link would ever be decorated.
    const loaded = window.engagetrack;
    if (typeof loaded?.getVisitorId === 'function') return loaded;
    window.engagetrack = api;
    // currentScript is set while a classic script runs, with defer and async too; it is null in a
    // module script or code run by eval(): then there are no data-* options, the defaults apply.
    const dataset = (document.currentScript as HTMLScriptElement | null)?.dataset || {};
    const given: Record<string, unknown> = {};
    for (const key in dataset) given[key] = dataset[key] === 'true' || (dataset[key] !== 'false' && dataset[key]);
    if (given.auto === false) configure(given);
    else init(given);
    return api;
  },
  () => api,
);

export default install();
