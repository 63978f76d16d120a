// Attribution that survives Stripe (issue 7): data-reference-format="visitor+session" and
// data-forward-utm="true" on a page reached from a campaign URL. The reference and the UTMs must be
// valid for Stripe and match the visit, and the server entry must read the visit back.
import { expect } from 'vitest';
import { elements, hrefOf, MINUTE, nextStripeRequest, params, STRIPE_REFERENCE, sdkIds } from './helpers.js';
import { describeInBrowsers, it, itOnce } from './setup.js';

/** `engagetrack/server`, as built. */
const SERVER_ENTRY = new URL('../../dist/server.mjs', import.meta.url).href;

/** Stripe's rule for the utm_* of a Payment Link: letters, digits, `-`, `_`, at most 150. */
const STRIPE_UTM = /^[A-Za-z0-9_-]{1,150}$/;

const CAMPAIGN = {
  utm_source: 'news letter',
  utm_medium: 'e-mail',
  utm_campaign: 'Spring Sale 2026! (20% off)',
  utm_content: 'hero_button',
  utm_term: `shoes ${'x'.repeat(200)}`,
};

/** The campaign as Stripe will accept it: each run of other characters → `-`, at most 150. */
const EXPECTED_UTM = {
  utm_source: 'news-letter',
  utm_medium: 'e-mail',
  utm_campaign: 'Spring-Sale-2026-20-off-',
  utm_content: 'hero_button',
  utm_term: `shoes-${'x'.repeat(144)}`,
};

const ATTRIBUTION = { 'reference-format': 'visitor+session', 'forward-utm': 'true' };

describeInBrowsers('attribution that survives Stripe', (t) => {
  it('a landing page from a campaign: reference <visitor>_<session> and the landing UTMs, all Stripe-valid', async () => {
    const session = await t.open();
    await session.goto(t.server.page({ data: ATTRIBUTION, query: CAMPAIGN }));
    const [visitor, sessionId] = await sdkIds(session);
    const link = params((await hrefOf(session, '#plain'))!);
    expect(link).toEqual({
      client_reference_id: `${visitor}_${sessionId}`,
      prefilled_email: '',
      engagetrack_session_id: sessionId,
      ...EXPECTED_UTM,
    });
    expect(link.client_reference_id).toMatch(STRIPE_REFERENCE);
    for (const key of Object.keys(CAMPAIGN)) expect(link[key], key).toMatch(STRIPE_UTM);
    // The web components carry the same reference; the merchant's own is kept.
    const components = await elements(session, 'stripe-pricing-table, stripe-buy-button');
    expect(components.map((component) => component.value)).toEqual([
      `${visitor}_${sessionId}`,
      `${visitor}_${sessionId}`,
      'user_42',
    ]);
    // A UTM the merchant put on the link is kept; the others are added.
    expect(params((await hrefOf(session, '#with-utm'))!)).toMatchObject({
      ...EXPECTED_UTM,
      utm_source: 'partner',
    });
  });

  it('the webhook side reads the visit back from the reference the buyer left with', async () => {
    const session = await t.open();
    await session.goto(t.server.page({ data: ATTRIBUTION, query: CAMPAIGN }));
    const [visitor, sessionId] = await sdkIds(session);
    await session.click('#plain');
    const left = params(await nextStripeRequest(session));
    // The built entry a webhook handler imports (typed from its source: dist/ may not exist at type-check time).
    const server: typeof import('../../src/server/index.js') = await import(/* @vite-ignore */ SERVER_ENTRY);
    expect(server.parseClientReferenceId(left.client_reference_id)).toEqual({
      visitorId: visitor,
      sessionId,
      source: 'client_reference_id',
    });
    // What Stripe puts on the Checkout Session of a Payment Link: the reference, no metadata.
    expect(
      server.attributionFromCheckoutSession({ client_reference_id: left.client_reference_id, metadata: {} }),
    ).toEqual({ visitorId: visitor, sessionId, source: 'client_reference_id' });
  });

  it('the landing UTMs stay with the session on the next pages; a new session takes its own landing UTMs', async () => {
    const session = await t.open();
    await session.goto(t.server.page({ data: ATTRIBUTION, query: CAMPAIGN, harness: ['clock'] }));
    const [visitor, first] = await sdkIds(session);
    // Next page of the same visit, no UTMs in its URL.
    await session.goto(t.server.page({ data: ATTRIBUTION, harness: ['clock'], path: '/page/pricing' }));
    expect(params((await hrefOf(session, '#plain'))!)).toMatchObject({
      client_reference_id: `${visitor}_${first}`,
      ...EXPECTED_UTM,
    });
    // Back an hour later from another campaign: a new session with the new landing UTMs.
    await session.evaluate((ms) => window.__advance(ms), 60 * MINUTE);
    await session.goto(
      t.server.page({
        data: ATTRIBUTION,
        harness: ['clock'],
        query: { utm_source: 'ads', utm_campaign: 'retarget' },
      }),
    );
    const [sameVisitor, second] = await sdkIds(session);
    expect(sameVisitor).toBe(visitor);
    expect(second).not.toBe(first);
    const link = params((await hrefOf(session, '#plain'))!);
    expect(link).toEqual({
      client_reference_id: `${visitor}_${second}`,
      prefilled_email: '',
      engagetrack_session_id: second,
      utm_source: 'ads',
      utm_campaign: 'retarget',
    });
  });

  itOnce(t.engine, 'without the options: the docs format (visitor only) and no UTMs', async () => {
    const session = await t.open();
    await session.goto(t.server.page({ query: CAMPAIGN }));
    const [visitor, sessionId] = await sdkIds(session);
    expect(params((await hrefOf(session, '#plain'))!)).toEqual({
      client_reference_id: visitor,
      prefilled_email: '',
      engagetrack_session_id: sessionId,
    });
  });
});
