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
 * Whether the SDK of `script` respects privacy signals, as its tag says (`data-respect-privacy-signals`,
 * read as the script tag reads it); `undefined` where the page does not show it: no tag (an npm app),
 * or the UMD build's tag, which reads no `data-*` (the app's `init()` gives the options).
 */
function respectsPrivacySignals(script: HTMLScriptElement | undefined): boolean | undefined {
  return script && !/\.umd\.js$/.test(script.src.split(/[?#]/)[0])
    ? script.getAttribute('data-respect-privacy-signals') === 'true'
    : undefined;
}

/**
 * Gathers what the page says, before any rule looks at it: the page's SDK and its IDs, the reference
 * it puts on links, where the visitor is kept, whether the browser sends a privacy signal and the SDK's
 * tag asks to respect it, whether automatic mode decorates a link added now (a hidden probe), and each
 * Stripe element (see `findElements`). Asking the SDK's getters counts as session activity, as any
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
    respectsPrivacySignals: respectsPrivacySignals(script),
    automaticMode,
    elements,
  };
  return [facts, nodes];
}
