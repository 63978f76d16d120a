/** Where the page's SDK keeps this visitor, strongest first; `'none'` without an SDK. */
export type VerifyStorage = 'server-cookie' | 'cookie' | 'localStorage' | 'memory' | 'none';

/** What kind of payment element a report lists. */
export type VerifyElementKind = 'link' | 'area' | 'pricing-table' | 'buy-button';

/** One Stripe element of the page, as {@link VerifyReport} lists it. */
export interface VerifyElement {
  /** `<a>` (`link`), `<area>`, `<stripe-pricing-table>` or `<stripe-buy-button>`. */
  kind: VerifyElementKind;
  /** The link's resolved `href`, or the component's `client-reference-id` (`''` when it has none). */
  value: string;
  /** Whether it carries the page's IDs and no problem applies to it. */
  ok: boolean;
  /** The first problem (in the report's order) that applies to it. */
  code?: string;
  /** The URL a click on it left for (the command line only: `engagetrack verify`). */
  clickUrl?: string;
}

/** How much a problem costs the merchant. */
export type VerifySeverity = 'error' | 'warning' | 'info';

/** One problem of the page, with what to do about it. */
export interface VerifyProblem {
  /** Stable code (SPEC "Verify"): `not-decorated`, `stale-ids`, … */
  code: string;
  /** `error`: payments go unattributed (the report is not `ok`); `warning`: at risk; `info`: as designed. */
  severity: VerifySeverity;
  /** What is wrong, in a merchant's words. */
  message: string;
  /** What to do. */
  fix: string;
  /** The README entry that explains it. */
  docs: string;
  /** How many elements it applies to; 1 for a problem of the page as a whole. */
  count: number;
}

/** The answer of `verify()`: JSON-serializable (`JSON.stringify(report)` loses nothing). */
export interface VerifyReport {
  /** The page's URL. */
  url: string;
  /** No problem of severity `error`: payments from this page are attributed. */
  ok: boolean;
  /** What the page's SDK reports (`''` without an SDK). */
  visitorId: string;
  /** What the page's SDK reports (`''` without an SDK). */
  sessionId: string;
  /** The strongest store holding this visitor. */
  storage: VerifyStorage;
  /** The page's Stripe elements, in document order (those inside open shadow roots last). */
  elements: VerifyElement[];
  /** The problems found, in the order to fix them. */
  problems: VerifyProblem[];
}

/**
 * What the page says about one element, gathered before any rule looks at it (see `gatherFacts`).
 * `undefined` in a field means "could not tell".
 */
export interface ElementFacts {
  kind: VerifyElementKind;
  value: string;
  /** A payment element the page's SDK decorates (a payment link on one of its hosts, or a component). */
  payment: boolean;
  /** A near miss the SDK leaves alone: `http://` on a payment host, or a Stripe Checkout URL. */
  nearMiss?: 'http' | 'checkout';
  /** Inside a shadow root (automatic mode does not search there). */
  inShadowRoot: boolean;
  /** Components: before the SDK's `<script>` in the document (`undefined`: no SDK tag found). */
  beforeSdk?: boolean;
  /** Its `client_reference_id` (links) or `client-reference-id` (components); `null` when absent. */
  reference: string | null;
  /** Links: its `engagetrack_session_id`; `null` when absent. */
  session: string | null;
  /**
   * Links: the `client_reference_id` the SDK leaves on it: `decorateUrl()` of its original href (the
   * href without the parameters the page's SDK wrote, see `originalHref`), so a merchant's reference the
   * SDK kept stays the merchant's, whatever its shape.
   */
  sdkReference?: string;
  /** The URL a click on it left for (filled in by the command line). */
  clickUrl?: string;
}

/** What the page says, gathered before any rule looks at it. `undefined` means "could not tell". */
export interface PageFacts {
  /**
   * Format of these facts, for a command line reading them from a page's bundle (2: `sdkReference` of
   * the original href, `respectsPrivacySignals`).
   */
  v: 2;
  url: string;
  /** Where the SDK was found: the page registry, `window.engagetrack`, or nowhere. */
  sdk: 'registry' | 'global' | 'none';
  visitorId: string;
  sessionId: string;
  /** The `client_reference_id` the SDK puts on a payment link now (`visitor` or `visitor_session`). */
  reference: string;
  storage: VerifyStorage;
  /** `document.cookie` throws or cookies are disabled. */
  cookiesBlocked: boolean;
  /** `localStorage` throws or is missing. */
  localStorageBlocked: boolean;
  /** The browser sends Global Privacy Control or Do Not Track. */
  privacySignal: boolean;
  /**
   * Whether the page's SDK respects those signals, as its script tag says
   * (`data-respect-privacy-signals="true"`); `undefined`: no script tag of the SDK (an npm app), could not tell.
   */
  respectsPrivacySignals?: boolean;
  /** Whether automatic mode decorated a payment link added now (`undefined`: could not tell). */
  automaticMode?: boolean;
  elements: ElementFacts[];
}

/**
 * What the verify bundle (`engagetrack.verify.min.js`) publishes on `window.engagetrackVerify`, for
 * scripts that need its answer: the command line, tests, a monitoring script.
 *
 * @example
 * const report = await window.engagetrackVerify?.report;
 */
export interface VerifyGlobal {
  /** The report the bundle made when it loaded (what the panel and the console show). */
  report: Promise<VerifyReport>;
  /** The facts it was made from (the command line adds its clicks to them). */
  facts: Promise<PageFacts>;
  /** The page's elements, index for index with `report.elements` (filled in when `facts` resolves). */
  elements: Element[];
}

declare global {
  interface Window {
    /** Published by `engagetrack.verify.min.js` (see {@link VerifyGlobal}). */
    engagetrackVerify?: VerifyGlobal;
  }
}
