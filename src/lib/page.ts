import { decorateStripeLinks } from '../decorateStripeLinks.js';
import { decorateUrl } from '../decorateUrl.js';
import { getCheckoutMetadata } from '../getCheckoutMetadata.js';
import { getSessionId } from '../getSessionId.js';
import { getVisitorId } from '../getVisitorId.js';
import { reset } from '../reset.js';
import { setConsent } from '../setConsent.js';
import type { EngageTrack } from '../types.js';
import { type PageSdk, register } from './registry.js';
import { start } from './start.js';

/**
 * Registers this copy as the page's one SDK, with its public functions (`init` passed in by its
 * module), unless another copy did first; returns the page's SDK.
 */
export function claimPage(init: EngageTrack['init']): PageSdk {
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
  return register({ ...api, v: 1, api, join: (options, auto) => start(options, true, auto) });
}
