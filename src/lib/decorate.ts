import { options } from './config.js';
import { type Ids, identity } from './identity.js';
import { log } from './log.js';
import { paymentLinkUrl } from './paymentLink.js';
import { cleanUtm, UTM_KEYS } from './utm.js';

const REFERENCE = 'client_reference_id';
const EMAIL = 'prefilled_email';

/**
 * What the SDK did to each element: the value before it (`src`), the value it left (`out`), and the
 * IDs and options it used (`key`). A repeat pass with the same key over an untouched element is a
 * string compare; with new IDs the element is decorated again from `src`, so a merchant's reference
 * stays the merchant's and ours is replaced.
 */
const done = new WeakMap<Element, [src: string | null, out: string, key: string]>();

/**
 * Every reference this page has put on a link or component: after `reset()` or a new session, a
 * link that carries one of them (one the merchant built with `decorateUrl()`, say) gets the new one,
 * where a reference of the merchant's own is kept.
 */
const issued = new Set<string>();

/** The reference to use: a merchant's own `value` is kept unless `overwriteReference`. */
function referenceFor(value: string | null, ids: Ids, subject: unknown): string {
  const reference = referenceOf(ids);
  issued.add(reference);
  if (!value || options.overwriteReference || issued.has(value)) return reference;
  if (options.debug) log('kept merchant reference', subject);
  return value;
}

/** Whether a pass has decorated the page, so that new IDs must refresh it. */
export const state = { _decorated: false };

/** The `client_reference_id` for these IDs, per `referenceFormat`. */
export function referenceOf(ids: Ids): string {
  return options.referenceFormat === 'visitor+session' ? `${ids[0]}_${ids[1]}` : ids[0];
}

/**
 * Adds the IDs to a payment link URL as the EngageTrack docs snippet does (same parameters, same
 * order, same serialization), keeping the merchant's `client_reference_id` unless
 * `overwriteReference`, the other parameters and the fragment. Each parameter ends up once.
 */
export function withIds(url: URL, ids: Ids, subject: unknown): string {
  // The query is rebuilt once and spliced into the serialized URL: the snippet's three
  // `url.searchParams.set()` calls re-serialize it each time, to the same final bytes. In a
  // serialized URL the first '#' starts the fragment and the first '?' before it the query.
  const href = url.href;
  const hashAt = `${href}#`.indexOf('#');
  const queryAt = `${href.slice(0, hashAt)}?`.indexOf('?');
  const params = new URLSearchParams(href.slice(queryAt, hashAt));
  params.set(REFERENCE, referenceFor(params.get(REFERENCE), ids, subject));
  params.set(EMAIL, params.get(EMAIL) || '');
  params.set('engagetrack_session_id', ids[1]);
  if (options.forwardUtm) {
    UTM_KEYS.forEach((key, i) => {
      const value = cleanUtm(ids[i + 4]);
      if (value && !params.has(key)) params.set(key, value);
    });
  }
  return `${href.slice(0, queryAt)}?${params}${href.slice(hashAt)}`;
}

/**
 * Decorates one element the selector matched, with `base` to resolve hrefs; false if it is not a
 * payment element (a decoy).
 */
function decorateElement(element: Element, ids: Ids, key: string, base: string): boolean {
  // The selector matched an <a>/<area>, or a stripe-* component.
  const link = element.localName[0] !== 's';
  const name = link ? 'href' : 'client-reference-id';
  const current = element.getAttribute(name);
  const before = done.get(element);
  const ours = before && before[1] === current;
  if (ours && before[2] === key) return true;
  const src = ours ? before[0] : current;
  let out: string;
  if (link) {
    // The attribute resolved like the element's own href, without the cost of the href getter.
    const url = paymentLinkUrl(src as string, element, base);
    if (!url) return false;
    out = withIds(url, ids, element);
  } else {
    out = referenceFor(src, ids, element);
  }
  if (out !== current) {
    element.setAttribute(name, out);
    if (options.debug) log('decorated', element);
  }
  done.set(element, [src, out, key]);
  return true;
}

/**
 * One decoration pass over `roots` and everything under them, with the IDs read once for the pass:
 * payment links get the IDs in their href, `<stripe-pricing-table>` and `<stripe-buy-button>` a
 * `client-reference-id` (the merchant's own kept unless `overwriteReference`). `touch` counts the
 * pass as activity; the SDK's own observer does not, and reads no storage when a change brought no
 * payment element. Returns how many payment elements it found.
 */
export function decorate(roots: Iterable<Node>, touch?: boolean): number {
  const selector = `${options._links},stripe-pricing-table,stripe-buy-button`;
  const elements: Element[] = [];
  for (const root of roots) {
    if ((root as Element).matches?.(selector)) elements.push(root as Element);
    elements.push(...(root as ParentNode).querySelectorAll(selector));
  }
  let found = 0;
  if (touch || elements.length) {
    const ids = identity(touch);
    const key = `${options._version} ${referenceOf(ids)} ${ids[1]} ${ids.slice(4)}`;
    const base = document.baseURI;
    for (const element of elements) if (decorateElement(element, ids, key, base)) found++;
    state._decorated = true;
  }
  return found;
}
