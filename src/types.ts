import type { CheckoutMetadata } from './metadata.js';

export type { CheckoutMetadata };

/**
 * Options for {@link init}. Every field is optional; a value that is not valid counts as absent and
 * the default applies (a boolean option is on only for `true`; any `consent` but `'granted'` counts as
 * `'required'`).
 *
 * On the script tag, each option is a `data-*` attribute of the `<script>` element that loads the
 * bundle: `data-cookie-domain`, `data-session-timeout`, `data-payment-link-hosts` (comma-separated),
 * `data-overwrite-reference`, `data-reference-format`, `data-forward-utm`, `data-consent`,
 * `data-respect-privacy-signals`, `data-debug`, plus `data-auto="false"` to configure without starting
 * automatic mode.
 */
export interface Options {
  /**
   * Where the cookies live. `'auto'` (default) writes them on the highest parent domain the browser
   * accepts, so `www.shop.com` and `app.shop.com` share one visitor; `'host'` keeps them host-only;
   * any other value is used as the cookie's `domain` (host-only if the browser refuses it).
   */
  cookieDomain?: 'auto' | 'host' | (string & {});
  /** Minutes without activity before a new session starts. Default `30`. */
  sessionTimeout?: number;
  /**
   * Stripe custom domains that serve your Payment Links, e.g. `['pay.example.com']`.
   * `buy.stripe.com` is always a payment link host.
   */
  paymentLinkHosts?: string[];
  /** Replace a `client_reference_id` the merchant put on a link. Default `false`: it is kept. */
  overwriteReference?: boolean;
  /**
   * What `client_reference_id` carries: `'visitor'` (default, the visitor ID) or
   * `'visitor+session'` (`<visitorId>_<sessionId>`, so the session survives Stripe).
   */
  referenceFormat?: 'visitor' | 'visitor+session';
  /** Add the session's landing `utm_*` parameters to payment links. Default `false`. */
  forwardUtm?: boolean;
  /**
   * `'granted'` (default) stores IDs at once; `'required'` reads and writes no cookie or
   * localStorage entry until {@link setConsent}`(true)`, keeping IDs in memory meanwhile. Any other
   * value counts as `'required'`, the safe reading of a typo.
   */
  consent?: 'granted' | 'required';
  /** Keep IDs in memory only when the browser sends Global Privacy Control or Do Not Track. Default `false`. */
  respectPrivacySignals?: boolean;
  /**
   * Log each decorated element and each skipped near miss to the console. Default `false`. The
   * default script-tag bundle carries no log lines (it prints one line pointing at
   * `engagetrack.debug.min.js`, the same SDK with them); the npm module has them.
   */
  debug?: boolean;
  /**
   * Where the IDs come from when another script owns the visitor, such as EngageTrack's tracker:
   * called at each decoration pass, at each click on a payment link and by the getters, it returns
   * `[visitorId, sessionId]`. When it throws, or returns something that is not a valid Stripe
   * reference (letters, digits, `-` and `_`, at most 200 characters; with `'visitor+session'`, the
   * joined reference too), the SDK's own IDs are used. The script-tag bundle finds EngageTrack's
   * tracker on `window.engagetrack` by itself.
   *
   * @example
   * init({ identity: () => [tracker.getVisitorId(), tracker.getSessionId()] });
   */
  identity?: () => readonly [visitorId: string, sessionId: string] | null | undefined;
}

/** The object the script-tag bundle installs as `window.engagetrack`. */
export interface EngageTrack {
  /** See {@link getVisitorId}. */
  getVisitorId(): string;
  /** See {@link getSessionId}. */
  getSessionId(): string;
  /** See {@link getCheckoutMetadata}. */
  getCheckoutMetadata(): CheckoutMetadata;
  /** See {@link decorateUrl}. */
  decorateUrl(url: string): string;
  /** See {@link decorateStripeLinks}. */
  decorateStripeLinks(root?: ParentNode): number;
  /** See {@link init}. */
  init(options?: Options): () => void;
  /** See {@link setConsent}. */
  setConsent(granted: boolean): void;
  /** See {@link reset}. */
  reset(): void;
}

declare global {
  interface Window {
    /**
     * The EngageTrack SDK, installed by the script-tag bundle (absent with the npm module alone), or
     * EngageTrack's tracker where it holds the name (the SDK then stays reachable as
     * `window[Symbol.for('engagetrack')]`).
     */
    engagetrack?: EngageTrack;
  }
}
