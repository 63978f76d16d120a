/** The consent signals {@link followConsent} can follow. */
export type ConsentSignal = 'google' | 'tcf' | 'wordpress';

/**
 * Options of {@link followConsent}. On the consent bundle's script tag: `data-consent-signals`,
 * `data-google-consent-types`, `data-tcf-purposes` (comma-separated) and `data-data-layer`.
 */
export interface ConsentSignalOptions {
  /** The signals to follow. Default: all three, `['google', 'tcf', 'wordpress']`. */
  signals?: ConsentSignal[];
  /**
   * Google Consent Mode types that must all be granted. Default `['analytics_storage']`.
   * `ad_storage` and the others are Google's names too.
   */
  googleConsentTypes?: string[];
  /**
   * IAB TCF v2.2 purposes that must all have consent. Default `[1]`: "Store and/or access
   * information on a device".
   */
  tcfPurposes?: number[];
  /** The name of the page's dataLayer (Google Tag Manager's `dataLayerName`). Default `'dataLayer'`. */
  dataLayer?: string;
}
