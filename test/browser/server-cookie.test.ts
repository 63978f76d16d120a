// The server-set visitor cookie (SPEC "Server-set visitor cookie", issue #15) with the shop of
// examples/server-cookie/server.mjs, which calls identityCookie() on every HTML page: the visitor
// keeps one ID through the loss of every script-written store (what Safari does after 7 days), the SDK
// never shortens or rewrites the server's cookie, and reset() and consent behave.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { Cookie, Session } from './drivers/index.js';
import { hrefOf, ID, nextStripeRequest, params, STORE_KEY, sdkIds, waitUntil } from './helpers.js';
import { type ServerProcess, startServerProcess } from './processes.js';
import { describeInBrowsers, it } from './setup.js';

const SHOP_SERVER = fileURLToPath(new URL('../../examples/server-cookie/server.mjs', import.meta.url));
const SERVER_KEY = 'engagetrack_vid';
/** The cookie's lifetime: 400 days, in seconds. */
const FOUR_HUNDRED_DAYS_S = 400 * 24 * 3600;

/** Starts the example shop on a free port (PORT=0); resolves with it and its port. */
async function startShop(env: Record<string, string> = {}): Promise<{ server: ServerProcess; port: number }> {
  const server = await startServerProcess(process.execPath, [SHOP_SERVER], {
    env: { ...env, PORT: '0' },
    address: /http:\/\/localhost:\d+\//,
  });
  return { server, port: Number(new URL(server.address).port) };
}

// One shop that needs no consent and one that requires it, shared by every engine.
let shop: { server: ServerProcess; port: number } | undefined;
let consentShop: { server: ServerProcess; port: number } | undefined;
beforeAll(async () => {
  [shop, consentShop] = await Promise.all([startShop(), startShop({ CONSENT: 'required' })]);
});
afterAll(async () => {
  await Promise.all([shop?.server.stop(), consentShop?.server.stop()]);
});

/** A page of a shop, opened on a real domain so cookies see one. */
const shopUrl = (path: string, which = shop) => `http://www.shop.test:${which!.port}${path}`;

/** The visitor ID the server rendered into the page (`none` when it set no cookie). */
const serverVisitor = (session: Session) =>
  session.evaluate(() => document.getElementById('server-visitor')!.textContent!);

/** Waits until the link `selector` carries `visitor` as its client_reference_id; returns its href. */
async function linkFor(session: Session, selector: string, visitor: string): Promise<string> {
  await waitUntil(
    session,
    ([css, id]) =>
      new URL((document.querySelector(css) as HTMLAnchorElement).href).searchParams.get('client_reference_id') === id,
    [selector, visitor] as const,
  );
  return (await hrefOf(session, selector))!;
}

/**
 * Polls the browser's cookie jar (through the driver, not document.cookie) until `accept` holds for
 * it; returns the jar. Writes and deletions from the page reach the jar on the browser's own time.
 */
async function jarUntil(session: Session, accept: (cookies: Cookie[]) => boolean, what: string): Promise<Cookie[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const cookies = await session.cookies();
    if (accept(cookies)) return cookies;
    if (Date.now() > deadline) throw new Error(`the cookie jar never showed ${what}: ${JSON.stringify(cookies)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const named = (cookies: Cookie[], name: string) => cookies.filter((cookie) => cookie.name === name);

/** Expects the jar to hold exactly one engagetrack_vid: the server's, host-only, readable, ~400 days. */
function expectServerCookie(cookies: Cookie[], visitor: string) {
  const vid = named(cookies, SERVER_KEY);
  expect(vid).toHaveLength(1);
  expect(vid[0]).toMatchObject({
    value: visitor,
    domain: 'www.shop.test',
    hostOnly: true,
    path: '/',
    sameSite: 'Lax',
    secure: false,
    httpOnly: false,
  });
  const now = Date.now() / 1000;
  // About 400 days away: renewed by the last page response, never shortened (the SDK's own cookie
  // lives 365 days).
  expect(vid[0].expires).toBeGreaterThan(now + FOUR_HUNDRED_DAYS_S - 300);
  expect(vid[0].expires).toBeLessThan(now + FOUR_HUNDRED_DAYS_S + 300);
}

describeInBrowsers('server-set visitor cookie (examples/server-cookie)', (t) => {
  describe('a shop whose server calls identityCookie() on its pages', () => {
    it('the first visit: links carry the visitor ID the server chose, which the SDK reports', async () => {
      const session = await t.open();
      await session.goto(shopUrl('/'));
      const visitor = await serverVisitor(session);
      expect(visitor).toMatch(ID);
      const monthly = params(await linkFor(session, '#monthly', visitor));
      const [sdkVisitor, sdkSession] = await sdkIds(session);
      expect(sdkVisitor).toBe(visitor);
      expect(monthly).toEqual({
        client_reference_id: visitor,
        prefilled_email: '',
        engagetrack_session_id: sdkSession,
      });
      expect(params(await linkFor(session, '#gift', visitor))).toMatchObject({ prefilled_promo_code: 'WELCOME' });
      // The SDK's own record holds the same visitor; the server's cookie is as it was sent.
      const cookies = await jarUntil(session, (jar) => named(jar, STORE_KEY).length > 0, STORE_KEY);
      expect(named(cookies, STORE_KEY)[0].value.split('.')[0]).toBe(visitor);
      expectServerCookie(cookies, visitor);
    });

    it("after the SDK's cookie and localStorage are deleted (as Safari does), the next page has the same visitor", async () => {
      const session = await t.open();
      await session.goto(shopUrl('/'));
      const visitor = await serverVisitor(session);
      await linkFor(session, '#monthly', visitor);
      // What Safari does to script-written storage after 7 days: the SDK's record is gone, everywhere.
      await session.evaluate((key) => {
        for (const domain of ['', ';domain=shop.test', ';domain=www.shop.test']) {
          document.cookie = `${key}=;path=/;max-age=0${domain}`;
        }
        localStorage.removeItem(key);
      }, STORE_KEY);
      await jarUntil(
        session,
        (jar) => named(jar, STORE_KEY).length === 0 && named(jar, SERVER_KEY).length === 1,
        `no ${STORE_KEY}, one ${SERVER_KEY}`,
      );
      expect(await session.evaluate((key) => localStorage.getItem(key), STORE_KEY)).toBeNull();

      await session.goto(shopUrl('/pricing'));
      expect(await serverVisitor(session)).toBe(visitor);
      expect(params(await linkFor(session, '#annual', visitor)).client_reference_id).toBe(visitor);
      expect((await sdkIds(session))[0]).toBe(visitor);
      // The sale is attributed to the visitor of the first visit.
      await session.click('#sampler');
      expect(params(await nextStripeRequest(session)).client_reference_id).toBe(visitor);
      // The SDK wrote its record back, with the server's visitor.
      const cookies = await jarUntil(session, (jar) => named(jar, STORE_KEY).length > 0, STORE_KEY);
      expect(named(cookies, STORE_KEY)[0].value.split('.')[0]).toBe(visitor);
      expectServerCookie(cookies, visitor);
    });

    it('after several page loads and SDK calls the cookie still has the server value and ~400 days: the SDK never writes it', async () => {
      const session = await t.open();
      await session.goto(shopUrl('/'));
      const visitor = await serverVisitor(session);
      for (const path of ['/pricing', '/', '/pricing?utm_source=newsletter', '/']) {
        await session.goto(shopUrl(path));
        expect(await serverVisitor(session)).toBe(visitor);
        // Calls into the SDK: getters (session activity, which renews the SDK's record), a decoration
        // pass, decorateUrl, setConsent(true) (persists the IDs again).
        const seen = await session.evaluate(() => {
          const sdk = window.engagetrack!;
          const ids = [sdk.getVisitorId(), sdk.getSessionId(), sdk.getCheckoutMetadata().engagetrack_visitor_id];
          sdk.decorateStripeLinks();
          sdk.setConsent(true);
          ids.push(new URL(sdk.decorateUrl('https://buy.stripe.com/test_x')).searchParams.get('client_reference_id')!);
          return ids;
        });
        expect([seen[0], seen[2], seen[3]]).toEqual([visitor, visitor, visitor]);
      }
      await session.reload();
      expect(await serverVisitor(session)).toBe(visitor);
      await linkFor(session, '#monthly', visitor);
      const cookies = await jarUntil(session, (jar) => named(jar, STORE_KEY).length > 0, STORE_KEY);
      expectServerCookie(cookies, visitor);
    });

    it("reset() gives a new visitor that the next server response keeps (adopted from the SDK's record)", async () => {
      const session = await t.open();
      await session.goto(shopUrl('/'));
      const visitor = await serverVisitor(session);
      await linkFor(session, '#monthly', visitor);
      const fresh = await session.evaluate(() => {
        window.engagetrack!.reset();
        return window.engagetrack!.getVisitorId();
      });
      expect(fresh).toMatch(ID);
      expect(fresh).not.toBe(visitor);
      await linkFor(session, '#monthly', fresh);
      // reset() deleted the server's cookie (the old visitor) and stored the new one in its record.
      await jarUntil(
        session,
        (jar) =>
          named(jar, SERVER_KEY).length === 0 &&
          named(jar, STORE_KEY).some((cookie) => cookie.value.startsWith(`${fresh}.`)),
        `no ${SERVER_KEY} and a record of the new visitor`,
      );

      await session.goto(shopUrl('/pricing'));
      expect(await serverVisitor(session)).toBe(fresh);
      expect(params(await linkFor(session, '#annual', fresh)).client_reference_id).toBe(fresh);
      expect((await sdkIds(session))[0]).toBe(fresh);
      expectServerCookie(await session.cookies(), fresh);
    });
  });

  describe('a shop that requires consent (CONSENT=required)', () => {
    it('sets the cookie only while consent stands: none before, the SDK visitor after, none after withdrawal', async () => {
      const session = await t.open();
      await session.goto(shopUrl('/', consentShop));
      // Before consent: no cookie from the server, nothing stored by the SDK, links decorated from memory.
      expect(await serverVisitor(session)).toBe('none');
      const [inMemory] = await sdkIds(session);
      await linkFor(session, '#monthly', inMemory);
      expect(named(await session.cookies(), SERVER_KEY)).toEqual([]);
      expect(named(await session.cookies(), STORE_KEY)).toEqual([]);

      // Consent: the SDK stores its visitor; the next response sets the server cookie for it.
      await session.click('#accept');
      await jarUntil(
        session,
        (jar) => named(jar, 'shop_consent')[0]?.value === 'granted' && named(jar, STORE_KEY).length > 0,
        'consent granted and the SDK record',
      );
      await session.goto(shopUrl('/pricing', consentShop));
      expect(await serverVisitor(session)).toBe(inMemory);
      expect(params(await linkFor(session, '#annual', inMemory)).client_reference_id).toBe(inMemory);
      expectServerCookie(await session.cookies(), inMemory);

      // Withdrawal: the SDK deletes both cookies, and the next response does not bring them back.
      await session.click('#decline');
      await jarUntil(
        session,
        (jar) =>
          named(jar, 'shop_consent')[0]?.value === 'denied' &&
          named(jar, SERVER_KEY).length === 0 &&
          named(jar, STORE_KEY).length === 0,
        'consent denied and no EngageTrack cookie',
      );
      await session.goto(shopUrl('/', consentShop));
      expect(await serverVisitor(session)).toBe('none');
      await waitUntil(session, () => document.getElementById('consent-state')!.textContent === 'Analytics: denied');
      const cookies = await session.cookies();
      expect(named(cookies, SERVER_KEY)).toEqual([]);
      expect(named(cookies, STORE_KEY)).toEqual([]);
    });
  });
});
