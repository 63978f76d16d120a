// Decoration in a real browser (SPEC "Decoration", issue 3): what the page's payment elements
// carry after the script tag ran, what it never touches, and elements a framework adds or rewrites later.
import { describe, expect } from 'vitest';
import { decoratedHref, elements, hrefOf, ID, params, sdkIds, settle, snippetResult, waitUntil } from './helpers.js';
import { parityUrls } from './parity-urls.js';
import { describeInBrowsers, it, itOnce } from './setup.js';

describeInBrowsers('decoration', (t) => {
  describe('on load', () => {
    it('decorates a plain Payment Link byte-for-byte like the docs snippet', async () => {
      const session = await t.open();
      await session.goto(t.server.page());
      const [visitor, sessionId] = await sdkIds(session);
      for (const id of ['plain', 'query', 'upper-case', 'nested', 'area']) {
        const [link] = await elements(session, `#${id}`);
        expect(link.value, `#${id}`).toBe(await snippetResult(session, link.original!, visitor, sessionId));
      }
      expect(params((await hrefOf(session, '#plain'))!)).toEqual({
        client_reference_id: visitor,
        prefilled_email: '',
        engagetrack_session_id: sessionId,
      });
    });

    it('decorates 400 generated Payment Link URLs byte-for-byte like the docs snippet run in the same page', async () => {
      const session = await t.open();
      await session.goto(t.server.page({ body: 'empty' }));
      const urls = parityUrls(400);
      // The links appear after load, as a framework renders them: automatic mode decorates them.
      await session.evaluate((hrefs) => {
        const view = document.createElement('section');
        view.id = 'parity';
        for (const href of hrefs) {
          const link = document.createElement('a');
          link.setAttribute('href', href);
          view.append(link);
        }
        document.body.append(view);
      }, urls);
      await waitUntil(session, () =>
        Array.from(document.querySelectorAll('#parity a'), (link) => link.getAttribute('href')).every((href) =>
          href?.includes('engagetrack_session_id='),
        ),
      );
      // The docs snippet, verbatim but for the root of its query: copies of the same links that are not
      // in the document (so the SDK never sees them).
      const results = await session.evaluate((hrefs) => {
        const copies = document.createElement('div');
        for (const href of hrefs) {
          const link = document.createElement('a');
          link.setAttribute('href', href);
          copies.append(link);
        }
        const visitorId = window.engagetrack?.getVisitorId() || '';
        const sessionId = window.engagetrack?.getSessionId() || '';
        copies.querySelectorAll('a[href*="buy.stripe.com"]').forEach((link) => {
          const url = new URL((link as HTMLAnchorElement).href);
          url.searchParams.set('client_reference_id', visitorId);
          url.searchParams.set('prefilled_email', url.searchParams.get('prefilled_email') || '');
          // Store session ID in the URL for EngageTrack to read
          url.searchParams.set('engagetrack_session_id', sessionId);
          (link as HTMLAnchorElement).href = url.toString();
        });
        const snippet = Array.from(copies.children, (link) => link.getAttribute('href'));
        const sdk = Array.from(document.querySelectorAll('#parity a'), (link) => link.getAttribute('href'));
        const byHand = hrefs.map((href) => window.engagetrack!.decorateUrl(href));
        return hrefs.flatMap((href, i) =>
          snippet[i] === sdk[i] && snippet[i] === byHand[i]
            ? []
            : [{ href, snippet: snippet[i], automatic: sdk[i], decorateUrl: byHand[i] }],
        );
      }, urls);
      expect(results).toEqual([]);
    });

    it('keeps the other parameters in order, an existing prefilled_email and the fragment', async () => {
      const session = await t.open();
      await session.goto(t.server.page());
      const [visitor, sessionId] = await sdkIds(session);
      const url = new URL((await hrefOf(session, '#query'))!);
      expect([...url.searchParams]).toEqual([
        ['locale', 'fr'],
        ['prefilled_email', 'ann@shop.test'],
        ['prefilled_promo_code', 'SPRING'],
        ['client_reference_id', visitor],
        ['engagetrack_session_id', sessionId],
      ]);
      expect(url.hash).toBe('#terms');
      expect(url.pathname).toBe('/test_query');
    });

    itOnce(t.engine, "keeps the merchant's own client_reference_id and still adds the session", async () => {
      const session = await t.open();
      await session.goto(t.server.page());
      const [, sessionId] = await sdkIds(session);
      expect(params((await hrefOf(session, '#merchant-reference'))!)).toEqual({
        client_reference_id: 'order-42',
        prefilled_email: '',
        engagetrack_session_id: sessionId,
      });
    });

    itOnce(
      t.engine,
      "gives <stripe-pricing-table> and <stripe-buy-button> the visitor as client-reference-id, keeping the merchant's",
      async () => {
        const session = await t.open();
        await session.goto(t.server.page());
        const [visitor] = await sdkIds(session);
        const components = await elements(session, 'stripe-pricing-table, stripe-buy-button');
        expect(components.map(({ id, value }) => [id, value])).toEqual([
          ['pricing-table', visitor],
          ['buy-button', visitor],
          ['buy-button-merchant', 'user_42'],
        ]);
      },
    );

    itOnce(t.engine, 'decorates every payment element, and decorateStripeLinks() counts them', async () => {
      const session = await t.open();
      await session.goto(t.server.page());
      const [visitor] = await sdkIds(session);
      const payment = await elements(session, '.pay');
      expect(payment).toHaveLength(11);
      for (const element of payment) {
        if (element.tag.startsWith('stripe-')) continue;
        expect(new URL(element.value!).searchParams.get('client_reference_id'), element.id).toBe(
          element.id === 'merchant-reference' ? 'order-42' : visitor,
        );
      }
      expect(await session.evaluate(() => window.engagetrack!.decorateStripeLinks())).toBe(payment.length);
    });

    it('leaves every decoy href exactly as written, while the real links on the page are decorated', async () => {
      const session = await t.open();
      await session.goto(t.server.page());
      const decoys = await elements(session, '.decoy');
      expect(decoys.length).toBeGreaterThanOrEqual(15);
      // Each decoy is a real near miss: the docs snippet's own selector would have rewritten it.
      const snippetWouldTouch = await session.evaluate(() =>
        Array.from(document.querySelectorAll('.decoy'), (element) =>
          element.matches('a[href*="buy.stripe.com"], area[href*="buy.stripe.com"]'),
        ),
      );
      expect(snippetWouldTouch.filter((touched) => !touched)).toHaveLength(0);
      for (const decoy of decoys) expect(decoy.value).toBe(decoy.original);
      expect(await hrefOf(session, '#custom')).toBe('https://pay.shop.test/test_custom');
      // Still untouched after explicit passes and a click-time refresh of every one of them.
      await session.evaluate(() => {
        window.engagetrack!.decorateStripeLinks();
        for (const decoy of document.querySelectorAll('.decoy')) {
          decoy.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
        }
        window.engagetrack!.decorateStripeLinks(document.getElementById('decoys')!);
      });
      for (const decoy of await elements(session, '.decoy')) expect(decoy.value).toBe(decoy.original);
      const [visitor] = await sdkIds(session);
      expect(new URL((await hrefOf(session, '#plain'))!).searchParams.get('client_reference_id')).toBe(visitor);
    });

    itOnce(
      t.engine,
      'adds each parameter once and does not rewrite a correct href, however often decoration runs',
      async () => {
        const session = await t.open();
        await session.goto(t.server.page());
        const first = await elements(session, '.pay');
        const rewrites = await session.evaluate(() => {
          let count = 0;
          new MutationObserver((records) => {
            count += records.length;
          }).observe(document, { subtree: true, attributes: true });
          for (let i = 0; i < 3; i++) window.engagetrack!.decorateStripeLinks();
          return new Promise<number>((resolve) => setTimeout(() => resolve(count), 0));
        });
        expect(rewrites).toBe(0);
        expect(await elements(session, '.pay')).toEqual(first);
        for (const link of first) if (!link.tag.startsWith('stripe-')) params(link.value!);
      },
    );
  });

  describe('after load (single-page apps, frameworks that re-render)', () => {
    it('decorates links, areas and components added after load', async () => {
      const session = await t.open();
      await session.goto(t.server.page());
      const [visitor, sessionId] = await sdkIds(session);
      await session.evaluate(() => {
        const view = document.createElement('section');
        view.innerHTML = `
          <a id="late" href="https://buy.stripe.com/test_late">Late</a>
          <div><p><a id="late-deep" href="https://buy.stripe.com/test_deep?x=1"><span>Deep</span></a></p></div>
          <map name="late-map"><area id="late-area" href="https://buy.stripe.com/test_late_area" alt=""></map>
          <stripe-buy-button id="late-button" buy-button-id="b" publishable-key="pk_test_x"></stripe-buy-button>
          <a id="late-decoy" href="https://buy.stripe.com.evil.example/late">Decoy</a>`;
        document.body.append(view);
        const single = document.createElement('a');
        single.id = 'late-single';
        single.href = 'https://buy.stripe.com/test_single';
        document.getElementById('payment')!.prepend(single);
      });
      for (const id of ['late', 'late-deep', 'late-area', 'late-single']) {
        const href = await decoratedHref(session, `#${id}`);
        expect(params(href), id).toMatchObject({ client_reference_id: visitor, engagetrack_session_id: sessionId });
      }
      expect(new URL((await hrefOf(session, '#late-deep'))!).searchParams.get('x')).toBe('1');
      expect(
        await session.evaluate(() => document.getElementById('late-button')!.getAttribute('client-reference-id')),
      ).toBe(visitor);
      expect(await hrefOf(session, '#late-decoy')).toBe('https://buy.stripe.com.evil.example/late');
    });

    it('decorates an href rewritten after load, and leaves one rewritten to a decoy alone', async () => {
      const session = await t.open();
      await session.goto(t.server.page());
      const [visitor, sessionId] = await sdkIds(session);
      await session.evaluate(() => {
        document.getElementById('plain')!.setAttribute('href', 'https://buy.stripe.com/test_rewritten?plan=pro');
        (document.getElementById('nested') as HTMLAnchorElement).href = 'https://buy.stripe.com/test_rewritten2';
        document.getElementById('area')!.setAttribute('href', 'https://evil.example/?u=buy.stripe.com');
        document.getElementById('custom')!.setAttribute('href', 'https://buy.stripe.com/test_was_custom');
      });
      expect(await decoratedHref(session, '#plain', 'test_rewritten')).toBe(
        `https://buy.stripe.com/test_rewritten?plan=pro&client_reference_id=${visitor}&prefilled_email=&engagetrack_session_id=${sessionId}`,
      );
      expect(params(await decoratedHref(session, '#nested', 'test_rewritten2'))).toMatchObject({
        client_reference_id: visitor,
      });
      expect(params(await decoratedHref(session, '#custom', 'test_was_custom'))).toMatchObject({
        client_reference_id: visitor,
      });
      expect(await hrefOf(session, '#area')).toBe('https://evil.example/?u=buy.stripe.com');
    });

    itOnce(t.engine, 'decorates a view a framework re-renders with innerHTML', async () => {
      const session = await t.open();
      await session.goto(t.server.page());
      const [visitor] = await sdkIds(session);
      for (let render = 1; render <= 3; render++) {
        await session.evaluate((n) => {
          document.getElementById('payment')!.innerHTML =
            `<a id="rendered" href="https://buy.stripe.com/test_render_${n}">Buy (render ${n})</a>`;
        }, render);
        const href = await decoratedHref(session, '#rendered', `test_render_${render}`);
        expect(new URL(href).pathname).toBe(`/test_render_${render}`);
        expect(params(href).client_reference_id).toBe(visitor);
      }
    });

    itOnce(
      t.engine,
      'a custom payment link host given with data-payment-link-hosts is decorated; no other host is',
      async () => {
        const session = await t.open();
        await session.goto(t.server.page({ data: { 'payment-link-hosts': 'pay.shop.test, Checkout.Shop.Test' } }));
        const [visitor] = await sdkIds(session);
        expect(params((await hrefOf(session, '#custom'))!).client_reference_id).toBe(visitor);
        await session.evaluate(() => {
          document.body.insertAdjacentHTML(
            'beforeend',
            '<a id="custom2" href="https://CHECKOUT.shop.test/x">x</a><a id="custom-decoy" href="https://pay.shop.test.evil.example/x">y</a>',
          );
        });
        expect(params(await decoratedHref(session, '#custom2')).client_reference_id).toBe(visitor);
        expect(await hrefOf(session, '#custom-decoy')).toBe('https://pay.shop.test.evil.example/x');
        for (const decoy of await elements(session, '.decoy')) expect(decoy.value).toBe(decoy.original);
      },
    );

    it('decorates a payment link drawn in inline SVG (<svg><a href>)', async () => {
      const session = await t.open();
      await session.goto(t.server.page());
      const [visitor, sessionId] = await sdkIds(session);
      await session.evaluate(() => {
        document.body.insertAdjacentHTML(
          'beforeend',
          '<svg width="120" height="40"><a id="svg-link" href="https://buy.stripe.com/test_svg"><rect width="120" height="40"/></a></svg>',
        );
      });
      expect(params(await decoratedHref(session, '#svg-link'))).toEqual({
        client_reference_id: visitor,
        prefilled_email: '',
        engagetrack_session_id: sessionId,
      });
    });

    itOnce(t.engine, 'stop() ends automatic mode: later links are not decorated', async () => {
      const session = await t.open();
      await session.goto(t.server.page());
      await session.evaluate(() => {
        window.engagetrack!.init()();
        document.body.insertAdjacentHTML(
          'beforeend',
          '<a id="after-stop" href="https://buy.stripe.com/test_after">x</a>',
        );
      });
      await settle(session);
      expect(await hrefOf(session, '#after-stop')).toBe('https://buy.stripe.com/test_after');
      const [visitor] = await sdkIds(session);
      expect(visitor).toMatch(ID);
    });
  });
});
