import { type LinkIds, originalHref } from './originalHref.js';
import type { FoundSdk } from './pageSdk.js';
import { paymentHostCheck } from './paymentHosts.js';
import { queryParam, REFERENCE, SESSION } from './references.js';
import type { ElementFacts } from './types.js';

/** The id of the panel's host element: never part of the page's report. */
export const PANEL_ID = 'engagetrack-verify';

const CANDIDATES = 'a[href],area[href],stripe-pricing-table,stripe-buy-button';

/**
 * Every element that may be a Stripe element, in the document and in every open shadow root (the
 * panel's excepted), with whether it is inside a shadow root.
 */
function candidates(): [Element, boolean][] {
  const found: [Element, boolean][] = [];
  const roots: ParentNode[] = [document];
  for (let i = 0; i < roots.length; i++) {
    for (const element of roots[i].querySelectorAll(CANDIDATES)) found.push([element, i > 0]);
    for (const element of roots[i].querySelectorAll('*')) {
      if (element.shadowRoot && element.id !== PANEL_ID) roots.push(element.shadowRoot);
    }
  }
  return found;
}

/** What `element` is, as a payment element or a near miss; `undefined` for anything else. */
function factsOf(
  element: Element,
  inShadowRoot: boolean,
  sdk: FoundSdk | undefined,
  page: LinkIds,
  isPaymentHost: (url: URL) => boolean,
  script: Element | undefined,
): ElementFacts | undefined {
  const name = element.localName;
  if (name.startsWith('stripe-')) {
    const reference = element.getAttribute('client-reference-id');
    const position = script && !inShadowRoot ? script.compareDocumentPosition(element) : 0;
    return {
      kind: name === 'stripe-pricing-table' ? 'pricing-table' : 'buy-button',
      value: reference ?? '',
      payment: true,
      inShadowRoot,
      // Before the script in document order; unknown without a tag (the npm module) or across trees.
      beforeSdk: position ? !!(position & Node.DOCUMENT_POSITION_PRECEDING) : undefined,
      reference,
      session: null,
    };
  }
  let url: URL;
  try {
    // The attribute, resolved as the SDK resolves it (SVG <a> has no string `href` property).
    url = new URL(element.getAttribute('href') || '', document.baseURI);
  } catch {
    return undefined;
  }
  const value = url.href;
  const payment = url.protocol === 'https:' && isPaymentHost(url);
  const http = url.protocol === 'http:' && isPaymentHost(new URL(value.replace(/^http:/, 'https:')));
  const checkout =
    url.protocol === 'https:' && (url.hostname === 'checkout.stripe.com' || url.pathname.startsWith('/c/pay/cs_'));
  if (!payment && !http && !checkout) return undefined;
  let sdkReference: string | undefined;
  if (payment && sdk) {
    try {
      sdkReference = queryParam(sdk.api.decorateUrl(originalHref(url, page, !inShadowRoot)), REFERENCE) ?? '';
    } catch {
      // A foreign window.engagetrack that throws: could not tell.
    }
  }
  return {
    kind: name === 'area' ? 'area' : 'link',
    value,
    payment,
    nearMiss: payment ? undefined : http ? 'http' : 'checkout',
    inShadowRoot,
    reference: url.searchParams.get(REFERENCE),
    session: url.searchParams.get(SESSION),
    sdkReference,
  };
}

/**
 * The page's Stripe elements: payment links (as the page's SDK decides: `decorateUrl()` is asked, so
 * custom payment hosts count, and what it keeps of each link's original href, see `originalHref`, with
 * the page's IDs `page`), `<stripe-pricing-table>`, `<stripe-buy-button>` (before or after the SDK's
 * `script`), and the near misses the SDK leaves alone (`http://` payment links, Stripe Checkout URLs);
 * with the elements themselves, index for index (the command line clicks them).
 */
export function findElements(
  sdk: FoundSdk | undefined,
  page: LinkIds,
  script: Element | undefined,
): [ElementFacts[], Element[]] {
  const isPaymentHost = paymentHostCheck(sdk);
  const facts: ElementFacts[] = [];
  const nodes: Element[] = [];
  for (const [element, inShadowRoot] of candidates()) {
    const found = factsOf(element, inShadowRoot, sdk, page, isPaymentHost, script);
    if (found) {
      facts.push(found);
      nodes.push(element);
    }
  }
  return [facts, nodes];
}
