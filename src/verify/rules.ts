import { isSdkShaped, isStripeReference, isVisitorsReference, queryParam, REFERENCE, SESSION } from './references.js';
import type { ElementFacts, PageFacts, VerifySeverity } from './types.js';

/** One rule of the diagnosis: a problem code, what it means, and the facts that show it. */
export interface Rule {
  /** Stable code (SPEC "Verify"); its README entry is `#verify-<code>`. */
  code: string;
  severity: VerifySeverity;
  /** What is wrong; a function where the page's facts change what can be said. */
  message: string | ((page: PageFacts) => string);
  fix: string;
  /** The page as a whole has it (counted once). */
  page?: (page: PageFacts) => boolean;
  /** This element has it (counted per element; with `page`, the page's elements all have it). */
  element?: (element: ElementFacts, page: PageFacts) => boolean;
  /** When it applies, no later rule can tell anything (without an SDK, nothing else is known). */
  last?: boolean;
}

/** Where each code is explained: the README's "Verify your installation" entries. */
export const DOCS = 'https://github.com/engagetrack/engagetrack-browser#verify-';

const isLink = (element: ElementFacts) => element.kind === 'link' || element.kind === 'area';

/** `reference` is the page's visitor's, for the page's session or an earlier one. */
const visitors = (reference: string | null | undefined, page: PageFacts) =>
  isVisitorsReference(reference ?? null, page.reference, page.sessionId);

/**
 * It carries the page's visitor (or, a link, a reference the SDK keeps) with an earlier session than
 * the page's: decorated before the session changed (after an idle time; the check's own calls into the
 * SDK count as activity, so they start the new session). A link's session is its
 * `engagetrack_session_id`; a component's is in its reference ('visitor+session' format).
 */
function earlierSession(element: ElementFacts, page: PageFacts): boolean {
  const { reference, session } = element;
  if (!isLink(element)) return reference !== page.reference && visitors(reference, page);
  return (
    session !== null &&
    session !== page.sessionId &&
    (visitors(reference, page) || (!!reference && reference === element.sdkReference))
  );
}

/** Automatic mode refreshes it at the click (it runs, and the element is not in a shadow root). */
const refreshedOnClick = (element: ElementFacts, page: PageFacts) =>
  page.automaticMode === true && !element.inShadowRoot;

/**
 * It carries the page's IDs as the SDK leaves them: a link the page's session and the reference the SDK
 * leaves on it (a merchant's own is kept); a component the page's reference, or any other the SDK keeps.
 * An earlier session of the page's visitor counts where a click refreshes it.
 */
function carriesIds(element: ElementFacts, page: PageFacts): boolean {
  if (earlierSession(element, page)) return refreshedOnClick(element, page);
  return isLink(element)
    ? element.session === page.sessionId && element.reference === element.sdkReference
    : !!element.reference;
}

/**
 * A link carries the SDK's IDs of another visitor than the page's, which the SDK would replace (its
 * session and an ID-shaped reference that are not the page's, next to each other): pasted from another
 * browser, or built with `decorateUrl()` before `reset()`, and not fixed by automatic mode. (A
 * component's reference is kept by the SDK whatever it is: a merchant reference.)
 */
function staleIds(element: ElementFacts, page: PageFacts): boolean {
  const { reference } = element;
  return (
    isLink(element) &&
    element.session !== null &&
    !earlierSession(element, page) &&
    reference !== null &&
    isSdkShaped(reference) &&
    reference !== element.sdkReference
  );
}

/** The reference Stripe gets from it once the SDK has decorated it (a merchant's own is kept). */
function keptReference(element: ElementFacts, page: PageFacts): string | undefined {
  return isLink(element) ? element.sdkReference : element.reference || page.reference;
}

/** Another reference than the page's visitor's reaches Stripe from it: the merchant's own, kept. */
function merchantReference(element: ElementFacts, page: PageFacts): string | undefined {
  const kept = keptReference(element, page);
  return element.payment && kept !== undefined && !visitors(kept, page) ? kept : undefined;
}

/** An element whose kept reference of the merchant's is one Stripe keeps (`valid`), or one it drops. */
function keepsOwnReference(valid: boolean): (element: ElementFacts, page: PageFacts) => boolean {
  return (element, page) => {
    const kept = merchantReference(element, page);
    return kept !== undefined && isStripeReference(kept) === valid;
  };
}

const inMemory = (page: PageFacts) => page.storage === 'memory';
const bothStoresBlocked = (page: PageFacts) => page.cookiesBlocked && page.localStorageBlocked;
/** The browser sends a privacy signal and the SDK's tag asks to respect it: the IDs stay in memory. */
const signalRespected = (page: PageFacts) => page.privacySignal && page.respectsPrivacySignals === true;

/**
 * The diagnosis, in the order to fix things: each rule maps the gathered facts to one problem code;
 * an element's `code` is the first rule that applies to it. A new rule is one entry here (plus its
 * README entry, which a test checks).
 */
export const RULES: readonly Rule[] = [
  {
    code: 'no-sdk',
    severity: 'error',
    message: 'The EngageTrack SDK is not on this page: no visitor or session ID reaches its payment links.',
    fix: 'Add the SDK’s <script> tag (engagetrack.min.js) to this page’s <head>, or call init() from the engagetrack npm package in your app.',
    page: (page) => page.sdk === 'none',
    element: () => true,
    last: true,
  },
  {
    code: 'storage-blocked',
    severity: 'warning',
    message:
      'Cookies and localStorage are blocked here (browser settings, a sandboxed iframe): the IDs last only as long as this page, so a visitor who comes back is a new visitor.',
    fix: 'Nothing to change if it is the visitor’s setting. In a sandboxed iframe, add allow-same-origin to its sandbox, or put the payment links on a top-level page.',
    page: (page) => inMemory(page) && bothStoresBlocked(page),
  },
  {
    code: 'privacy-signal',
    severity: 'info',
    message:
      'This browser sends Global Privacy Control or Do Not Track, and the SDK’s script tag asks to respect it (data-respect-privacy-signals="true"): the IDs live in memory only, for this page.',
    fix: 'Nothing to fix: it is the visitor’s choice. Check in a browser that sends neither signal to see a stored visitor.',
    page: (page) => inMemory(page) && signalRespected(page) && !bothStoresBlocked(page),
  },
  {
    code: 'consent-pending',
    severity: 'info',
    message: (page) =>
      page.privacySignal && page.respectsPrivacySignals === undefined
        ? 'The IDs live in memory only, so this visitor gets new IDs on the next page load (links are still decorated): consent is required and not given yet, or, as this browser sends Global Privacy Control or Do Not Track, your app sets respectPrivacySignals, which keeps them in memory whatever the consent (the visitor’s choice: check in a browser that sends neither). Without the SDK’s script tag on the page, the check cannot tell which.'
        : 'Consent is required and not given yet: the IDs live in memory only, so this visitor gets new IDs on the next page load. Links are still decorated.',
    fix: 'Call setConsent(true) when the visitor accepts (in your consent banner’s callback), or use engagetrack.consent.min.js to follow your banner by itself.',
    page: (page) => inMemory(page) && !signalRespected(page) && !bothStoresBlocked(page),
  },
  {
    code: 'automatic-mode-off',
    severity: 'warning',
    message:
      'Automatic mode is off: payment links added or changed after the page loaded are not decorated, and a click does not refresh a link’s session (links decorated before the session changed keep the earlier one).',
    fix: 'Remove data-auto="false" from the SDK’s script tag, or call init() once in your app (not only decorateStripeLinks()).',
    page: (page) => page.automaticMode === false,
    // The elements it applies to: those that carry an earlier session, which no click refreshes here.
    element: (element, page) => element.payment && earlierSession(element, page),
  },
  {
    code: 'no-payment-elements',
    severity: 'warning',
    message: 'No Stripe Payment Link, Pricing Table or Buy Button on this page: there is nothing to attribute here.',
    fix: 'Check the page that shows your payment links. Links on a Stripe custom domain count only once it is listed in data-payment-link-hosts (paymentLinkHosts).',
    page: (page) => page.elements.length === 0,
  },
  {
    code: 'not-https',
    severity: 'error',
    message:
      'Payment links written with http://: the SDK never puts IDs on plain-HTTP links, so Stripe gets none from them.',
    fix: 'Write them with https:// (https://buy.stripe.com/…, as Stripe gives them).',
    element: (element) => element.nearMiss === 'http',
  },
  {
    code: 'not-a-payment-link',
    severity: 'warning',
    message:
      'Links to Stripe Checkout (checkout.stripe.com) are sessions your server created: a URL parameter cannot attribute them.',
    fix: 'When your server creates the Checkout Session, pass getCheckoutMetadata() from the page as its metadata (and subscription_data.metadata).',
    element: (element) => element.nearMiss === 'checkout',
  },
  {
    code: 'in-shadow-root',
    severity: 'warning',
    message:
      'Payment elements inside a web component’s shadow root: automatic mode does not search there, so links get the IDs only at the moment they are clicked.',
    fix: 'Call decorateStripeLinks(component.shadowRoot) once the component has rendered.',
    element: (element, page) => element.payment && element.inShadowRoot && !carriesIds(element, page),
  },
  {
    code: 'not-decorated',
    severity: 'error',
    message: 'Payment elements without the visitor’s IDs: a payment made through them arrives unattributed.',
    fix: 'Let the SDK run automatic mode (no data-auto="false", or init() in your app), or call decorateStripeLinks() after rendering them.',
    element: (element, page) =>
      element.payment &&
      !element.inShadowRoot &&
      !carriesIds(element, page) &&
      !staleIds(element, page) &&
      !earlierSession(element, page),
  },
  {
    code: 'stale-ids',
    severity: 'error',
    message:
      'Payment links carry another visitor’s IDs (HTML copied from a browser where the SDK ran, or a link built with decorateUrl() before reset()), and nothing replaces them here: the payment would be attributed to someone else’s visit.',
    fix: 'Remove client_reference_id and engagetrack_session_id copied into your HTML (the SDK adds the right ones), and let automatic mode run (it replaces such IDs), or build the link again with decorateUrl() after reset().',
    element: (element, page) => element.payment && !element.inShadowRoot && staleIds(element, page),
  },
  {
    code: 'invalid-reference',
    severity: 'error',
    message:
      'A client_reference_id Stripe would drop (only letters, digits, - and _, at most 200 characters): the payment arrives without it.',
    fix: 'Use letters, digits, - and _ in your own reference (order-42, not “order #42” or an email address), or remove it so the SDK puts the visitor ID there.',
    element: keepsOwnReference(false),
  },
  {
    code: 'merchant-reference',
    severity: 'warning',
    message:
      'Payment elements keep your own client_reference_id (the SDK never overwrites it by default), so no visitor ID reaches Stripe from them.',
    fix: 'If you do not need that reference to fulfil the order (or it is not yours: a visitor ID copied with HTML from a browser where the SDK ran), remove it or set data-overwrite-reference="true"; if you do, create a Checkout Session on your server with getCheckoutMetadata() as its metadata.',
    element: keepsOwnReference(true),
  },
  {
    code: 'click-missing-ids',
    severity: 'error',
    message:
      'A click on a payment link left for a URL without this page’s IDs: a script handled the click with another URL.',
    fix: 'Navigate to the link’s href as it is at the click (the SDK refreshes it then), or pass the URL you open through decorateUrl().',
    element: (element, page) =>
      element.clickUrl !== undefined &&
      (queryParam(element.clickUrl, SESSION) !== page.sessionId ||
        queryParam(element.clickUrl, REFERENCE) !== (element.sdkReference ?? page.reference)),
  },
  {
    code: 'component-before-sdk',
    severity: 'warning',
    message:
      'A Pricing Table or Buy Button comes before the SDK’s script tag: Stripe’s script can read its client-reference-id before the SDK has set it.',
    fix: 'Move the SDK’s <script> into <head> (defer is fine), before the components.',
    element: (element) => element.beforeSdk === true,
  },
];
