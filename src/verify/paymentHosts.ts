import type { FoundSdk } from './pageSdk.js';

/**
 * A check of whether the page's SDK treats an `https:` URL as a payment link: asked, not assumed, by
 * giving its `decorateUrl()` a URL on the same host (so `paymentLinkHosts` count, whatever copy or
 * version runs), once per host for the pass (a page has thousands of links, a few hosts); without an
 * SDK, Stripe's own `buy.stripe.com`. A URL with user info never is one.
 */
export function paymentHostCheck(sdk: FoundSdk | undefined): (url: URL) => boolean {
  const answers = new Map<string, boolean>();
  return (url) => {
    if (url.username || url.password) return false;
    if (!sdk) return url.hostname === 'buy.stripe.com';
    let answer = answers.get(url.host);
    if (answer === undefined) {
      const test = `https://${url.host}/engagetrack-verify`;
      try {
        answer = sdk.api.decorateUrl(test) !== test;
      } catch {
        answer = false;
      }
      answers.set(url.host, answer);
    }
    return answer;
  };
}
