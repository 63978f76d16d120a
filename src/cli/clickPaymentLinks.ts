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

/** A navigation of a tab's top frame (a click on a link; a `target="_blank"` link's new tab too). */
function isTopNavigation(request: Request): boolean {
  try {
    return request.isNavigationRequest() && !request.frame().parentFrame();
  } catch {
    return false;
  }
}

/**
 * Clicks each visible payment link of the page with a real mouse click and records the URL that
 * would have left, in its `clickUrl`: every top-frame navigation is answered with 204 No Content, so
 * the browser stays on the page and nothing reaches Stripe (a new tab is closed). The URL is the
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
    return top || isPayment(request.url()) ? route.fulfill({ status: 204 }) : route.fallback();
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
    if (!handle || !(await handle.isVisible())) continue;
    const before = await page.evaluate(() => (window as Window & Recorded).__engagetrackVerifyClicks?.length ?? 0);
    asked.length = 0;
    try {
      await handle.click({ timeout: CLICK_TIMEOUT });
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
