// What leaves the page when a buyer follows a payment link (SPEC "Automatic mode", issue 3): the
// request to https://buy.stripe.com is intercepted by the driver and answered by a stand-in page, so
// the test sees exactly the URL Stripe would have received, and nothing reaches Stripe.
import { describe, expect } from 'vitest';
import type { Session } from './drivers/index.js';
import { hrefOf, ID, MINUTE, nextStripeRequest, params, sdkIds, snippetResult, storedCookie } from './helpers.js';
import { describeInBrowsers, it } from './setup.js';

/** How a buyer activates a link. */
const activations: Record<string, (session: Session, selector: string) => Promise<void>> = {
  'left click': (session, selector) => session.click(selector),
  'middle click': (session, selector) => session.click(selector, { button: 'middle' }),
  'keyboard Enter': (session, selector) => session.press(selector, 'Enter'),
};

describeInBrowsers('following a payment link', (t) => {
  for (const [how, activate] of Object.entries(activations)) {
    it(`${how}: leaves for buy.stripe.com with client_reference_id = visitor and the current session`, async () => {
      const session = await t.open();
      await session.goto(t.server.page());
      const [visitor, sessionId] = await sdkIds(session);
      const expected = await snippetResult(session, 'https://buy.stripe.com/aBC123dEfGhI', visitor, sessionId);
      await activate(session, '#plain');
      const left = await nextStripeRequest(session);
      expect(left).toBe(expected);
      expect(params(left)).toEqual({
        client_reference_id: visitor,
        prefilled_email: '',
        engagetrack_session_id: sessionId,
      });
      // One request for one click: the next one the browser sends is the next click's (the page is
      // opened again, so nothing of the first can still be on its way), and there is nothing between.
      await session.goto(t.server.page());
      await activate(session, '#query');
      expect(new URL(await nextStripeRequest(session, 2)).pathname).toBe('/test_query');
      expect((await session.stripeRequests()).map((url) => new URL(url).pathname)).toEqual([
        '/aBC123dEfGhI',
        '/test_query',
      ]);
    });
  }

  it('a click on the text inside a link, and a link with target=_blank, leave with the IDs', async () => {
    const session = await t.open();
    await session.goto(t.server.page());
    const [visitor, sessionId] = await sdkIds(session);
    await session.click('#new-tab');
    expect(params(await nextStripeRequest(session, 1))).toMatchObject({
      client_reference_id: visitor,
      engagetrack_session_id: sessionId,
    });
    await session.click('#nested-label b');
    const left = await nextStripeRequest(session, 2);
    expect(new URL(left).pathname).toBe('/test_nested');
    expect(params(left)).toMatchObject({ client_reference_id: visitor, engagetrack_session_id: sessionId });
  });

  it('a link inserted and clicked in the same task leaves with the IDs', async () => {
    const session = await t.open();
    await session.goto(t.server.page());
    const [visitor, sessionId] = await sdkIds(session);
    // The page's own button inserts the link and clicks it in one task (its click handler), so no
    // MutationObserver callback can run in between. The buyer's click goes through the driver: no
    // script of the test is pending in the page when it navigates (WebKit's WebDriver can then wait
    // for a script result that never comes).
    await session.evaluate(() => {
      const button = document.createElement('button');
      button.id = 'insert-and-pay';
      button.textContent = 'Pay now';
      button.addEventListener('click', () => {
        const link = document.createElement('a');
        link.href = 'https://buy.stripe.com/test_same_task?plan=pro';
        link.textContent = 'Pay';
        document.body.append(link);
        link.click();
      });
      document.body.prepend(button);
    });
    await session.click('#insert-and-pay');
    expect(params(await nextStripeRequest(session))).toEqual({
      plan: 'pro',
      client_reference_id: visitor,
      prefilled_email: '',
      engagetrack_session_id: sessionId,
    });
  });

  it("a payment link inside a web component's open shadow root leaves with the IDs", async () => {
    const session = await t.open();
    await session.goto(t.server.page());
    const [visitor, sessionId] = await sdkIds(session);
    await session.evaluate(() => {
      const host = document.createElement('shop-checkout-button');
      host.attachShadow({ mode: 'open' }).innerHTML =
        '<a href="https://buy.stripe.com/test_shadow"><span>Pay (shadow DOM)</span></a>';
      document.body.prepend(host);
    });
    // The buyer clicks the component: the click lands on the <span> inside its shadow root.
    await session.click('shop-checkout-button');
    expect(params(await nextStripeRequest(session))).toEqual({
      client_reference_id: visitor,
      prefilled_email: '',
      engagetrack_session_id: sessionId,
    });
  });

  it('a click on a decoy sends no ID to the other host', async () => {
    t.allowOffsite();
    const session = await t.open();
    await session.goto(t.server.page());
    await session.click('#decoy-suffix');
    const deadline = Date.now() + 10_000;
    while ((await session.offsiteRequests()).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(await session.offsiteRequests()).toEqual(['https://buy.stripe.com.evil.example/x']);
    expect(await session.stripeRequests()).toEqual([]);
  });

  describe('after 45 idle minutes (harness clock, every engine)', () => {
    for (const [how, activate] of Object.entries(activations)) {
      it(`${how}: the link leaves with the new session, not the one it was decorated with`, async () => {
        const session = await t.open();
        await session.goto(t.server.page({ harness: ['clock'] }));
        const [visitor, oldSession] = await sdkIds(session);
        expect(params((await hrefOf(session, '#plain'))!).engagetrack_session_id).toBe(oldSession);
        await session.evaluate((ms) => window.__advance(ms), 45 * MINUTE);
        await activate(session, '#plain');
        const left = params(await nextStripeRequest(session));
        expect(left.client_reference_id).toBe(visitor);
        expect(left.engagetrack_session_id).toMatch(ID);
        expect(left.engagetrack_session_id).not.toBe(oldSession);
        // It is the session the browser now holds: the click wrote it (read from the jar, as the tab has
        // left for Stripe; waited for, as the write reaches the jar after the click).
        const cookie = await storedCookie(session, (value) =>
          value.startsWith(`${visitor}.${left.engagetrack_session_id}.`),
        );
        expect(cookie.value.split('.').slice(0, 2)).toEqual([visitor, left.engagetrack_session_id]);
      });
    }
  });
});
