import { findElements } from './findElements.js';
import { pageSdk } from './pageSdk.js';
import { PROBE_URL, probeAutomaticMode } from './probeAutomaticMode.js';
import { readStores } from './readStores.js';
import { queryParam, REFERENCE } from './references.js';
import { sdkScript } from './sdkScript.js';
import type { PageFacts } from './types.js';

/** Resolves once the document is parsed (the SDK's own DOM-ready pass, registered earlier, has run). */
function parsed(): Promise<void> {
  return new Promise((resolve) => {
    if (document.readyState !== 'loading') resolve();
    else document.addEventListener('DOMContentLoaded', () => resolve(), { once: true });
  });
}

/** `ask()`'s answer, or `fallback` if it throws (a foreign `window.engagetrack` may). */
function answer<T>(ask: () => T, fallback: T): T {
  try {
    return ask();
  } catch {
    return fallback;
  }
}

/**
 * Gathers what the page says, before any rule looks at it: the page's SDK and its IDs, the reference
 * it puts on links, where the visitor is kept, whether automatic mode decorates a link added now (a
 * hidden probe), and each Stripe element (see `findElements`). Asking the SDK's getters counts as session activity, as any
 * call into the SDK does. Returns the facts and, index for index with `facts.elements`, the elements
 * themselves.
 */
export async function gatherFacts(): Promise<[PageFacts, Element[]]> {
  await parsed();
  const sdk = pageSdk();
  const visitorId = sdk ? String(answer(() => sdk.api.getVisitorId(), '')) : '';
  const sessionId = sdk ? String(answer(() => sdk.api.getSessionId(), '')) : '';
  const probe = sdk ? answer(() => sdk.api.decorateUrl(PROBE_URL), PROBE_URL) : PROBE_URL;
  const reference = queryParam(probe, REFERENCE) ?? '';
  const stores = readStores(visitorId, !!sdk?.tracker);
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  const script = sdkScript();
  const automaticMode = sdk ? await probeAutomaticMode() : undefined;
  const [elements, nodes] = findElements(sdk, { sessionId, reference, automaticMode }, script);
  const facts: PageFacts = {
    v: 2,
    url: location.href,
    sdk: sdk ? sdk.where : 'none',
    visitorId,
    sessionId,
    reference,
    ...stores,
    storage: sdk ? stores.storage : 'none',
    privacySignal: nav.globalPrivacyControl === true || nav.doNotTrack === '1',
    automaticMode,
    elements,
  };
  return [facts, nodes];
}
