/** The hidden probe: a payment link on Stripe's own host, which every copy of the SDK decorates. */
export const PROBE_URL = 'https://buy.stripe.com/engagetrack-verify-probe';

/**
 * Whether the page's automatic mode decorates a payment link added now: adds a hidden probe link
 * (never visible, focusable or announced), waits for its `href` to change, at most `wait` ms, and
 * removes it whatever happens. Automatic mode decorates added nodes in its MutationObserver, which runs
 * before any timer, so `wait` only bounds the case where nothing comes. `undefined`: could not tell
 * (no document body, no MutationObserver).
 */
export function probeAutomaticMode(wait = 500): Promise<boolean | undefined> {
  return new Promise((resolve) => {
    const probe = document.createElement('a');
    let observer: MutationObserver | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (decorated: boolean | undefined) => {
      observer?.disconnect();
      clearTimeout(timer);
      probe.remove();
      resolve(decorated);
    };
    try {
      probe.setAttribute('href', PROBE_URL);
      probe.hidden = true;
      probe.tabIndex = -1;
      probe.setAttribute('inert', '');
      probe.setAttribute('aria-hidden', 'true');
      // CSSOM, not a style attribute: allowed under a Content-Security-Policy without 'unsafe-inline'.
      probe.style.setProperty('display', 'none', 'important');
      observer = new MutationObserver(() => finish(probe.getAttribute('href') !== PROBE_URL));
      observer.observe(probe, { attributeFilter: ['href'] });
      timer = setTimeout(() => finish(false), wait);
      (document.body || document.documentElement).append(probe);
    } catch {
      finish(undefined);
    }
  });
}
