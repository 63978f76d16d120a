// The examples a merchant copies (examples/) and the demo (`npm run demo`), driven like a buyer would:
// each must decorate its payment links and leave for Stripe with the IDs, so they cannot rot.
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startDemo } from './demo.js';
import { decoratedHref, hrefOf, ID, nextStripeRequest, params, sdkIds, waitUntil } from './helpers.js';
import type { ServerProcess } from './processes.js';
import { describeInBrowsers, it } from './setup.js';

describeInBrowsers('examples and demo', (t) => {
  describe('examples/script-tag', () => {
    it('decorates the Payment Links and the Buy Button; a click leaves with the IDs', async () => {
      const session = await t.open();
      await session.goto(t.server.url('/examples/script-tag/'));
      const [visitor, sessionId] = await sdkIds(session);
      expect(visitor).toMatch(ID);
      expect(params((await hrefOf(session, '#gift'))!)).toEqual({
        prefilled_promo_code: 'WELCOME',
        client_reference_id: visitor,
        prefilled_email: '',
        engagetrack_session_id: sessionId,
      });
      expect(
        await session.evaluate(() => document.getElementById('buy-button')!.getAttribute('client-reference-id')),
      ).toBe(visitor);
      expect(await hrefOf(session, '#not-stripe')).toBe('https://example.com/?ref=buy.stripe.com');
      await session.click('#monthly');
      expect(await nextStripeRequest(session)).toBe(
        `https://buy.stripe.com/test_monthly?client_reference_id=${visitor}&prefilled_email=&engagetrack_session_id=${sessionId}`,
      );
    });
  });

  describe('examples/spa', () => {
    it('init() once; every view rendered on client-side navigation has decorated links', async () => {
      const session = await t.open();
      await session.goto(t.server.url('/examples/spa/'));
      // Mark this document: a full page load would lose the mark.
      await session.evaluate(() => {
        (window as unknown as { pageMark: number }).pageMark = 42;
      });
      // The app imports the module: no global is installed.
      expect(await session.evaluate(() => 'engagetrack' in window)).toBe(false);
      // The app renders its first view when its module has run: wait for it, rendered and decorated.
      const trial = params(await decoratedHref(session, '#trial'));
      expect(trial.client_reference_id).toMatch(ID);
      await session.click('nav a[data-view="pricing"]');
      const pro = params(await decoratedHref(session, '#pro'));
      expect(await session.evaluate(() => (window as unknown as { pageMark?: number }).pageMark)).toBe(42);
      expect(new URL(await session.url()).search).toBe('?view=pricing');
      expect(pro).toEqual({
        prefilled_promo_code: 'LAUNCH',
        client_reference_id: trial.client_reference_id,
        prefilled_email: '',
        engagetrack_session_id: trial.engagetrack_session_id,
      });
      // The account view shows the IDs the links carry.
      await session.click('nav a[data-view="account"]');
      expect(await waitUntil(session, () => document.getElementById('visitor')?.textContent)).toBe(
        trial.client_reference_id,
      );
      await session.evaluate(() => history.back());
      // popstate comes when the browser gets to it (later under load): wait for the pricing view, decorated.
      await decoratedHref(session, '#starter');
      await session.click('#starter');
      expect(params(await nextStripeRequest(session))).toEqual({
        client_reference_id: trial.client_reference_id,
        prefilled_email: '',
        engagetrack_session_id: trial.engagetrack_session_id,
      });
    });
  });

  describe('examples/decorate-url', () => {
    it('nothing is changed on load; the button builds and follows a decorated Payment Link', async () => {
      const session = await t.open();
      await session.goto(t.server.url('/examples/decorate-url/'));
      expect(await session.cookies()).toEqual([]);
      await session.click('#preview');
      const shown = await waitUntil(
        session,
        () =>
          document.getElementById('url')!.textContent?.startsWith('https:') &&
          document.getElementById('url')!.textContent,
      );
      const [visitor, sessionId] = await sdkIds(session);
      expect(shown).toBe(
        `https://buy.stripe.com/test_basic?client_reference_id=${visitor}&prefilled_email=&engagetrack_session_id=${sessionId}`,
      );
      await session.evaluate(() => {
        (document.getElementById('email') as HTMLInputElement).value = 'ann@example.com';
        (document.querySelector('input[value$="test_plus"]') as HTMLInputElement).checked = true;
      });
      await session.click('#pay');
      expect(await nextStripeRequest(session)).toBe(
        `https://buy.stripe.com/test_plus?prefilled_email=ann%40example.com&client_reference_id=${visitor}&engagetrack_session_id=${sessionId}`,
      );
    });
  });

  describe('npm run demo (examples/demo/server.mjs)', () => {
    let demo: ServerProcess | undefined;
    beforeAll(async () => {
      demo = await startDemo();
    });
    afterAll(async () => {
      await demo?.stop();
    });

    it('shows the IDs and every payment element decorated, live, with a link added after load', async () => {
      const session = await t.open();
      await session.goto(demo!.address);
      const [visitor, sessionId] = await sdkIds(session);
      const shown = async () =>
        session.evaluate(() => ({
          visitor: document.getElementById('visitor-id')!.textContent,
          session: document.getElementById('session-id')!.textContent,
          rows: Object.fromEntries(
            Array.from(document.querySelectorAll<HTMLElement>('#decorated tr'), (row) => [
              row.dataset.for!,
              row.querySelector('code')!.textContent!,
            ]),
          ),
        }));
      expect(await shown()).toMatchObject({ visitor, session: sessionId });
      // The link the page adds one second after load, decorated and listed (the page lists on its
      // own MutationObserver, after the SDK's).
      const listed = (id: string) =>
        waitUntil(
          session,
          (row) =>
            document
              .querySelector(`#decorated tr[data-for="${row}"] code`)
              ?.textContent?.includes('engagetrack_session_id='),
          id,
        );
      await listed('added-1');
      const { rows } = await shown();
      const ids = `client_reference_id=${visitor}&prefilled_email=&engagetrack_session_id=${sessionId}`;
      expect(rows).toEqual({
        coffee: `https://buy.stripe.com/test_demo_coffee?${ids}`,
        gift: `https://buy.stripe.com/test_demo_gift?prefilled_email=ann%40example.com&prefilled_promo_code=WELCOME&client_reference_id=${visitor}&engagetrack_session_id=${sessionId}`,
        order: `https://buy.stripe.com/test_demo_order?client_reference_id=order-1042&prefilled_email=&engagetrack_session_id=${sessionId}`,
        'pricing-table': `client-reference-id="${visitor}"`,
        'buy-button': `client-reference-id="${visitor}"`,
        'not-stripe': 'https://example.com/?next=buy.stripe.com',
        'added-1': `https://buy.stripe.com/test_demo_added_1?${ids}`,
      });
      // The button adds another; reset() changes every listed ID.
      await session.click('#add-link');
      await listed('added-2');
      expect((await shown()).rows['added-2']).toBe(`https://buy.stripe.com/test_demo_added_2?${ids}`);
      await session.click('#reset');
      await waitUntil(session, (before) => document.getElementById('visitor-id')!.textContent !== before, visitor);
      const after = await shown();
      expect(after.visitor).toMatch(ID);
      expect(after.visitor).not.toBe(visitor);
      expect(after.rows.coffee).toContain(`client_reference_id=${after.visitor}&`);
      expect(after.rows['buy-button']).toBe(`client-reference-id="${after.visitor}"`);
    });

    it('a click on a payment link opens the local stand-in, which shows what Stripe would receive; Stripe is never contacted', async () => {
      const session = await t.open();
      await session.goto(`${demo!.address}?utm_source=newsletter&utm_medium=email&utm_campaign=spring-demo#new-visit`);
      const [visitor, sessionId] = await sdkIds(session);
      await session.click('#gift');
      await waitUntil(
        session,
        () =>
          // The stand-in parsed (an element not there yet is no answer) and its script done.
          location.pathname === '/examples/demo/checkout.html' &&
          document.readyState === 'complete' &&
          (document.getElementById('attribution')?.textContent ?? '…') !== '…',
      );
      const page = await session.evaluate(() => ({
        label: document.querySelector('.stand-in h1')!.textContent,
        link: document.getElementById('payment-link')!.textContent,
        params: Object.fromEntries(
          Array.from(document.querySelectorAll<HTMLElement>('#params tr'), (row) => [
            row.dataset.param!,
            row.querySelector('.value')!.textContent!,
          ]),
        ),
        attribution: JSON.parse(document.getElementById('attribution')!.textContent!),
      }));
      expect(page).toEqual({
        label: 'Stand-in for Stripe Checkout',
        link: 'https://buy.stripe.com/test_demo_gift',
        params: {
          prefilled_email: 'ann@example.com',
          prefilled_promo_code: 'WELCOME',
          client_reference_id: visitor,
          engagetrack_session_id: sessionId,
          utm_source: 'newsletter',
          utm_medium: 'email',
          utm_campaign: 'spring-demo',
        },
        attribution: { visitorId: visitor, sessionId: null, source: 'client_reference_id' },
      });
      expect(await session.stripeRequests()).toEqual([]);
    });
  });
});
