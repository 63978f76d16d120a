import type { BrowserContext, Page, Request } from 'playwright-core';
import type { ElementFacts, PageFacts } from '../verify/types.js';

/** How long a click may take to start a navigation before the link's own href is taken instead. */
const NAVIGATION_WAIT = 2_000;
/** How long Playwright may wait for a link to be clickable (visible, stable, not covered). */
const CLICK_TIMEOUT = 5_000;

/** The page's global where the recorder below keeps each click's link. */
interface Recorded {
  __engagetrackVerifyClicks?: string[];
}

/** A payment link a buyer can click (components are Stripe's iframes: nothing to click here). */
const clickable = (element: ElementFacts) => element.payment && (element.kind === 'link' || element.kind === 'area');

/**
 * A navigation of a tab's top frame (a click on a link; a `target="_blank"` link's new tab too). The
 * first navigation of a tab a script opens (`window.open()`) comes before Playwright knows its frame
 * (`frame()` throws then): a new tab's top frame too.
 */
function isTopNavigation(request: Request): boolean {
  if (!request.isNavigationRequest()) return false;
  try {
    return !request.frame().parentFrame();
  } catch {
    return true;
  }
}

/**
 * Whether a buyer can click `element`: a link with a box on the page; an image map's `<area>` (which
 * has no box of its own) when an image that uses its map has one.
 */
function canClick(element: Element): boolean {
  const visible = (target: Element | null | undefined) =>
    !!target && target.getClientRects().length > 0 && getComputedStyle(target).visibility !== 'hidden';
  if (element.localName !== 'area') return visible(element);
  const map = element.closest('map');
  return (
    !!map?.name &&
    [...document.querySelectorAll('img[usemap]')].some(
      (image) => image.getAttribute('usemap') === `#${map.name}` && visible(image),
    )
  );
}

/**
 * Clicks each payment link a buyer can click (see {@link canClick}) with a real mouse click (an
 * `<area>`: a dispatched click) and records the URL that would have left, in its `clickUrl`: every
 * top-frame navigation is answered with 204 No Content, so the browser stays on the page and nothing
 * reaches Stripe (a new tab, also one a script opened, is closed). The URL is the
 * payment-host navigation the click started; when a script of the page handled the click without one
 * (a single-page app, a page that shows its own checkout), it is the link's `href` as it was when the
 * click's dispatch ended. Returns how many links were clicked.
 */
export async function clickPaymentLinks(context: BrowserContext, page: Page, facts: PageFacts): Promise<number> {
  const paymentHosts = new Set(facts.elements.filter(clickable).map((element) => new URL(element.value).host));
  const isPayment = (url: string) => url.startsWith('https:') && paymentHosts.has(new URL(url).host);
  const asked: string[] = [];
  await context.route('**/*', (route) => {
    const request = route.request();
    const top = isTopNavigation(request);
    if (top) asked.push(request.url());
    // (A tab closed meanwhile: nothing left to answer.)
    return (top || isPayment(request.url()) ? route.fulfill({ status: 204 }) : route.fallback()).catch(() => {});
  });
  // Last on window in the bubbling phase: after the page's own handlers and the SDK's refresh.
  await page.evaluate(() => {
    const page = window as Window & Recorded;
    const clicks: string[] = [];
    page.__engagetrackVerifyClicks = clicks;
    addEventListener('click', (event) => {
      const link = event
        .composedPath()
        .find((target): target is Element => target instanceof Element && target.matches('a[href],area[href]'));
      clicks.push(link ? new URL(link.getAttribute('href') as string, document.baseURI).href : '');
    });
  });
  let clicked = 0;
  for (const [i, element] of facts.elements.entries()) {
    if (!clickable(element)) continue;
    const handle = (await page.evaluateHandle((index) => window.engagetrackVerify?.elements[index], i)).asElement();
    if (!handle || !(await handle.evaluate(canClick))) continue;
    const before = await page.evaluate(() => (window as Window & Recorded).__engagetrackVerifyClicks?.length ?? 0);
    asked.length = 0;
    try {
      // An <area> has no box to aim the mouse at: a click event dispatched on it (which the page's
      // handlers, the SDK and the browser's navigation all take as a click).
      if (element.kind === 'area') await handle.dispatchEvent('click');
      else await handle.click({ timeout: CLICK_TIMEOUT });
    } catch {
      continue; // Covered by something else, or gone: not clicked.
    }
    clicked++;
    const deadline = Date.now() + NAVIGATION_WAIT;
    while (!asked.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    const recorded = await page.evaluate(
      (index) => (window as Window & Recorded).__engagetrackVerifyClicks?.[index],
      before,
    );
    const clickUrl = asked.find(isPayment) ?? recorded;
    if (clickUrl) element.clickUrl = clickUrl;
    for (const tab of context.pages()) if (tab !== page) await tab.close();
  }
  return clicked;
}
