import { configVersion, options, paymentSelector } from './config.js';
import { type IdRecord, identity } from './identity.js';
import { linkIds, referenceOf } from './ids.js';
import { log } from './log.js';
import { paymentLinkUrl } from './paymentLink.js';
import { cleanUtm, UTM_KEYS } from './utm.js';

const REFERENCE = 'client_reference_id';
const EMAIL = 'prefilled_email';
const SESSION = 'engagetrack_session_id';
/** The attribute of `<stripe-pricing-table>` and `<stripe-buy-button>` that carries the reference. */
const COMPONENT_REFERENCE = 'client-reference-id';

/**
 * What the SDK did to each element: the value before it (`src`), the value it left (`out`), and the
 * IDs and options it used (`key`). A repeat pass with the same key over an untouched element is a
 * string compare; with new IDs the element is decorated again from `src`, so a merchant's reference
 * stays the merchant's and ours is replaced.
 */
const done = /* @__PURE__ */ new WeakMap<Element, [src: string | null, out: string, key: string]>();

/** Whether a pass has decorated the page, so that new IDs must refresh it. */
let decorated = false;

/** The shape of a reference the SDK writes: an ID (see `isId`), or `<id>_<id>`. */
const SDK_REFERENCE = /^[a-z\d-]{16,64}(_[a-z\d-]{16,64})?$/i;

/**
 * The reference to use over `value`, the one already there. A merchant's own reference is kept
 * unless `overwriteReference`; one shaped like an SDK reference on a link that also carries
 * `engagetrack_session_id` (`pasted`) was written by the SDK and is replaced: in another browser (a
 * link copied from the merchant's own browser into the page), or on this page before `reset()` or a
 * new session (a link the merchant built with `decorateUrl()`). The elements the SDK decorated itself
 * are redone from their original value (see `done`).
 */
function referenceFor(value: string | null, ids: IdRecord, pasted: boolean, subject: unknown): string {
  const reference = referenceOf(ids);
  if (!value || options.overwriteReference === true || (pasted && SDK_REFERENCE.test(value))) {
    return reference;
  }
  if (__DEBUG__ && options.debug === true) log('kept merchant reference', subject);
  return value;
}

/**
 * Adds the IDs to a payment link URL as the EngageTrack docs snippet does (same parameters, same
 * order, same serialization), keeping the merchant's `client_reference_id` (see {@link referenceFor}),
 * the other parameters and the fragment. Each parameter ends up once.
 */
export function withIds(url: URL, ids: IdRecord, subject?: unknown): string {
  // The query is rebuilt once and set once: the snippet's three `url.searchParams.set()` calls
  // re-serialize it each time, to the same final bytes (form-encoded output passes the URL parser's
  // query encoding unchanged).
  const params = new URLSearchParams(url.search);
  params.set(REFERENCE, referenceFor(params.get(REFERENCE), ids, params.has(SESSION), subject));
  params.set(EMAIL, params.get(EMAIL) || '');
  params.set(SESSION, ids[1]);
  if (options.forwardUtm === true) {
    UTM_KEYS.forEach((key, i) => {
      const value = cleanUtm(ids[i + 4]);
      if (value && !params.has(key)) params.set(key, value);
    });
  }
  url.search = `${params}`;
  return url.href;
}

/**
 * Decorates one element the selector matched, with `base` to resolve hrefs; false if it is not a
 * payment element (a decoy).
 */
function decorateElement(element: Element, ids: IdRecord, key: string, base: string): boolean {
  // The selector matched an <a>/<area> (a link), or a stripe-* component.
  const isLink = element.localName.length < 5;
  const name = isLink ? 'href' : COMPONENT_REFERENCE;
  const current = element.getAttribute(name);
  const before = done.get(element);
  const ours = before && before[1] === current;
  if (ours && before[2] === key) return true;
  const src = ours ? before[0] : current;
  // The attribute resolved like the element's own href, without the cost of the href getter.
  const url = isLink && paymentLinkUrl(src as string, base, element);
  const out = isLink ? url && withIds(url, ids, element) : referenceFor(src, ids, false, element);
  if (!out) return false;
  if (out !== current) {
    element.setAttribute(name, out);
    if (__DEBUG__ && options.debug === true) log('decorated', element);
  }
  done.set(element, [src, out, key]);
  return true;
}

/**
 * One decoration pass over `roots` and everything under them (text nodes and other non-elements are
 * skipped), with the IDs read once for the pass: payment links get the IDs in their href,
 * `<stripe-pricing-table>` and `<stripe-buy-button>` a `client-reference-id`. `touch` counts the pass
 * as activity; without it (the SDK's own observer) a pass that finds no payment element reads no
 * storage. Returns how many payment elements it found.
 */
export function decorate(roots: Node[], touch?: boolean): number {
  const selector = paymentSelector();
  // Each root that can hold elements (not a text node), and what matches under it; then those that
  // match (not the document, nor a root that is not a payment element).
  const elements = roots
    .flatMap((root) =>
      (root as ParentNode).querySelectorAll ? [root, ...(root as ParentNode).querySelectorAll(selector)] : [],
    )
    .filter((element) => (element as Element).matches?.(selector)) as Element[];
  if (!touch && !elements.length) return 0;
  const ids = linkIds(touch);
  const key = `${configVersion()} ${referenceOf(ids)} ${ids[1]} ${ids.slice(4)}`;
  const base = document.baseURI;
  decorated = true;
  return elements.filter((element) => decorateElement(element, ids, key, base)).length;
}

/**
 * Reads the IDs (a new visitor after `forgetVisitor()`) and stores them where allowed, then brings
 * the page's payment elements up to date if the page was decorated before.
 */
export function refresh(): void {
  identity(true);
  if (decorated) decorate([document]);
}
