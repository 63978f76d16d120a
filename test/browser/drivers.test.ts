// The driver contract (drivers/types.ts), checked on every engine: the rest of the suite trusts
// errors(), offsiteRequests(), stripeRequests(), cookies() and evaluate() to see what a page did, so
// each of them is shown here to catch what it must catch (a harness that cannot fail is no harness).
import { expect } from 'vitest';
import type { Cookie } from './drivers/index.js';
import { waitUntil } from './helpers.js';
import { describeInBrowsers, it } from './setup.js';

/** Polls until `read()` returns `count` entries or more. */
async function atLeast(read: () => Promise<string[]>, count: number, timeout = 10_000): Promise<string[]> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const seen = await read();
    if (seen.length >= count || Date.now() > deadline) return seen;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describeInBrowsers('the driver contract', (t) => {
  it('errors(): the console.error, unhandled rejection and uncaught error of a page, and the error of a tab it opens', async () => {
    t.allowPageErrors();
    const session = await t.open();
    await session.goto(t.server.page({ load: 'none', body: 'faulty' }));
    await session.click('#faulty-tab');
    const errors = (await atLeast(() => session.errors(), 4)).join('\n');
    expect(errors).toContain('fixture: console.error');
    expect(errors).toContain('fixture: unhandled rejection');
    expect(errors).toContain('fixture: uncaught error');
    expect(errors).toContain('fixture: uncaught error in a new tab');
  });

  it('offsiteRequests() and stripeRequests(): every other host is refused and listed once, http://buy.stripe.com included', async () => {
    t.allowOffsite();
    /**
     * What a new session's page asked for when it left for `url`, read once that navigation is over: the
     * tab shows the page that answered it (the fence's refusal, or the Stripe stand-in). A browser
     * retries a failed navigation before it shows anything, and neither page asks for an icon, so
     * nothing more can come after.
     */
    const leave = async (url: string, answeredBy: string) => {
      const session = await t.open();
      await session.goto(t.server.page({ load: 'none', body: 'empty' }));
      await session.evaluate((href) => {
        location.href = href;
      }, url);
      await waitUntil(session, (title) => document.readyState === 'complete' && document.title === title, answeredBy);
      return { offsite: await session.offsiteRequests(), stripe: await session.stripeRequests() };
    };
    const REFUSED = 'Refused by the test fence';
    // http://buy.stripe.com is not a Payment Link: refused and listed. Chromium never sends it: stripe.com
    // is on its HSTS preload list, so it asks https://buy.stripe.com instead, as it would for a buyer.
    expect(
      await leave('http://buy.stripe.com/test_plain_http?x=1', t.engine === 'chromium' ? 'Stripe (stand-in)' : REFUSED),
    ).toEqual(
      t.engine === 'chromium'
        ? { offsite: [], stripe: ['https://buy.stripe.com/test_plain_http?x=1'] }
        : { offsite: ['http://buy.stripe.com/test_plain_http?x=1'], stripe: [] },
    );
    expect(await leave('https://example.com/elsewhere?q=1#top', REFUSED)).toEqual({
      offsite: ['https://example.com/elsewhere?q=1'],
      stripe: [],
    });
    // The Payment Link host itself is answered by the stand-in, and the navigation listed.
    expect(await leave('https://buy.stripe.com/test_direct?client_reference_id=abc', 'Stripe (stand-in)')).toEqual({
      offsite: [],
      stripe: ['https://buy.stripe.com/test_direct?client_reference_id=abc'],
    });
  });

  it("offsiteRequests(): a subframe's and a worker's requests are their own profile's, with another profile open", async () => {
    t.allowOffsite();
    const bystander = await t.open();
    await bystander.goto(t.server.page({ load: 'none', body: 'empty' }));
    const session = await t.open();
    await session.goto(t.server.page({ load: 'none', body: 'empty' }));
    await session.evaluate(async () => {
      // A subframe: its load event comes once its navigation is over, refused or not.
      await new Promise((resolve) => {
        const frame = document.createElement('iframe');
        frame.addEventListener('load', resolve);
        frame.src = 'https://frame.example/in-a-subframe';
        document.body.append(frame);
      });
      // A worker: it answers once its request is over (no-cors: a refusal is no CORS error).
      const source =
        "fetch('https://worker.example/in-a-worker', { mode: 'no-cors' }).catch(() => 0).then(() => postMessage(1));";
      const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
      await new Promise((resolve) => worker.addEventListener('message', resolve));
      worker.terminate();
    });
    expect((await session.offsiteRequests()).sort()).toEqual([
      'https://frame.example/in-a-subframe',
      'https://worker.example/in-a-worker',
    ]);
    expect(await bystander.offsiteRequests()).toEqual([]);
  });

  it('cookies(): every cookie of the profile whatever page is open, normalized; clearCookies() deletes them all', async () => {
    const session = await t.open({ https: true });
    const blank = { load: 'none', body: 'empty' } as const;
    await session.goto(t.server.page(blank, { host: 'www.shop.test' }));
    await session.evaluate(() => {
      document.cookie = 'host_only=1; path=/; samesite=strict';
      document.cookie = 'on_parent=2; domain=shop.test; path=/; max-age=3600; samesite=lax';
    });
    await session.goto(t.server.page(blank, { host: 'app.shop.test', https: true }));
    await session.evaluate(() => {
      document.cookie = 'secure_only=3; path=/; secure; samesite=none';
    });
    // Another host, over plain http: none of the three is this page's own, one is Secure.
    await session.goto(t.server.page(blank, { host: 'eu.app.shop.test' }));
    const now = Date.now() / 1000;
    const byName = (cookies: Cookie[]) => [...cookies].sort((a, b) => a.name.localeCompare(b.name));
    const cookies = byName(await session.cookies());
    expect(cookies.map(({ expires: _, ...cookie }) => cookie)).toEqual([
      {
        name: 'host_only',
        value: '1',
        domain: 'www.shop.test',
        hostOnly: true,
        path: '/',
        sameSite: 'Strict',
        secure: false,
        httpOnly: false,
      },
      {
        name: 'on_parent',
        value: '2',
        domain: 'shop.test',
        hostOnly: false,
        path: '/',
        sameSite: 'Lax',
        secure: false,
        httpOnly: false,
      },
      {
        name: 'secure_only',
        value: '3',
        domain: 'app.shop.test',
        hostOnly: true,
        path: '/',
        sameSite: 'None',
        secure: true,
        httpOnly: false,
      },
    ]);
    expect(cookies[0].expires).toBe(-1);
    expect(Math.abs(cookies[1].expires - (now + 3600))).toBeLessThan(120);
    expect(cookies[2].expires).toBe(-1);
    await session.clearCookies();
    expect(await session.cookies()).toEqual([]);
  });

  it('evaluate(): JSON in and out, undefined, awaited promises, expressions, and the error of a throwing function', async () => {
    const session = await t.open();
    await session.goto(t.server.page({ load: 'none', body: 'empty' }));
    expect(
      await session.evaluate(async (arg) => ({ sum: arg.a + arg.b, list: [arg.text, null, true] }), {
        a: 1,
        b: 2,
        text: 'é"\n',
      }),
    ).toEqual({ sum: 3, list: ['é"\n', null, true] });
    expect(await session.evaluate(() => undefined)).toBeUndefined();
    expect(await session.evaluate('document.title.length > 0 && 6 * 7')).toBe(42);
    await expect(
      session.evaluate(() => {
        throw new Error('thrown in the page');
      }),
    ).rejects.toThrow(/thrown in the page/);
  });
});
