// examples/react, in every engine: a React 19 app rendered on the server and hydrated in the browser
// under <StrictMode> with React's development build, with <EngageTrack consent="required" /> and
// payment links rendered by React. What a React developer must see: links decorated after hydration
// and no hydration message, links of a later client-side view decorated, one automatic mode after
// StrictMode's mount/clean-up/mount, the app's setConsent() acting on the component's SDK, and a
// click that leaves for Stripe with the IDs. A probe the network fence puts before any page script
// (the session's initScript) records console.error/warn and automatic mode's observers.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect } from 'vitest';
import { ID, nextStripeRequest, params, STORE_KEY, waitUntil } from './helpers.js';
import { type ServerProcess, startServerProcess } from './processes.js';
import { hrefOnceDecorated, pageMessages, probeScript } from './react-probe.js';
import { describeInBrowsers, it } from './setup.js';

const SERVER = fileURLToPath(new URL('../../examples/react/server.mjs', import.meta.url));
const SCRIPT_BUNDLE = new URL('../../dist/engagetrack.min.js', import.meta.url);

// One app server for every engine.
let app: ServerProcess | undefined;
beforeAll(async () => {
  app = await startServerProcess(process.execPath, [SERVER], {
    env: { PORT: '0' },
    address: /http:\/\/localhost:\d+\//,
  });
});
afterAll(async () => {
  await app?.stop();
});

describeInBrowsers('examples/react (server-rendered, hydrated, StrictMode)', (t) => {
  /** A session on the example, with the probe (and `sdk`, the script-tag bundle, if given) before any page script. */
  const openApp = async (sdk: string | null = null) => {
    const session = await t.open({ initScript: probeScript(sdk) });
    await session.goto(app!.address);
    return session;
  };

  it('server-rendered links are decorated after hydration; no hydration message; StrictMode ran the effect twice, one automatic mode runs', async () => {
    // What the server sends: React's links as they are, undecorated.
    const html = await (await fetch(app!.address)).text();
    expect(html).toContain('<a id="coffee" href="https://buy.stripe.com/test_react_coffee">');
    expect(html).toContain('<a id="gift" href="https://buy.stripe.com/test_react_gift?prefilled_promo_code=WELCOME">');

    const session = await openApp();
    const coffee = params((await waitUntil(session, hrefOnceDecorated, 'coffee'))!);
    expect(coffee.client_reference_id).toMatch(ID);
    expect(coffee.engagetrack_session_id).toMatch(ID);
    const ids = `client_reference_id=${coffee.client_reference_id}&prefilled_email=&engagetrack_session_id=${coffee.engagetrack_session_id}`;
    expect(await session.evaluate(hrefOnceDecorated, 'coffee')).toBe(`https://buy.stripe.com/test_react_coffee?${ids}`);
    expect(await session.evaluate(hrefOnceDecorated, 'gift')).toBe(
      `https://buy.stripe.com/test_react_gift?prefilled_promo_code=WELCOME&${ids}`,
    );

    const probe = await session.evaluate(() => window.__probe);
    // StrictMode mounted, cleaned up and mounted the effect: init(), stop(), init(). One runs.
    expect({ started: probe.started, stopped: probe.stopped }).toEqual({ started: 2, stopped: 1 });
    // Each link written once: the second init() found them right.
    expect(probe.hrefWrites).toEqual({ coffee: 1, gift: 1 });
    // consent="required": nothing stored before the visitor accepts.
    expect((await session.cookies()).filter((cookie) => cookie.name === STORE_KEY)).toEqual([]);
    expect(await session.evaluate((key) => localStorage.getItem(key), STORE_KEY)).toBeNull();
    // React's development build reports hydration mismatches with console.error (the suite fails a
    // test on any) and some warnings with console.warn: none at all.
    expect(probe.messages).toEqual([]);
  });

  it("a later client-side view's links are decorated once each; the app's setConsent() stores the links' IDs; a click leaves with them", async () => {
    const session = await openApp();
    const coffee = params((await waitUntil(session, hrefOnceDecorated, 'coffee'))!);

    await session.click('#nav-pricing');
    for (const id of ['starter', 'pro', 'team']) {
      expect(params((await waitUntil(session, hrefOnceDecorated, id))!)).toEqual({
        client_reference_id: coffee.client_reference_id,
        prefilled_email: '',
        engagetrack_session_id: coffee.engagetrack_session_id,
      });
    }

    // The app imports setConsent from 'engagetrack': the same SDK the component started.
    await session.click('#accept');
    await waitUntil(session, () => document.getElementById('consent-answer') !== null);
    const stored = await waitUntil(
      session,
      (key) => document.cookie.match(new RegExp(`(?:^|; )${key}=([^;]+)`))?.[1] ?? null,
      STORE_KEY,
    );
    expect(stored!.split('.').slice(0, 2)).toEqual([coffee.client_reference_id, coffee.engagetrack_session_id]);

    const probe = await session.evaluate(() => window.__probe);
    // One automatic mode, one observer: each added link was written exactly once.
    expect(probe.started - probe.stopped).toBe(1);
    expect(probe.hrefWrites).toEqual({ coffee: 1, gift: 1, starter: 1, pro: 1, team: 1 });

    await session.click('#pro');
    expect(params(await nextStripeRequest(session))).toEqual({
      client_reference_id: coffee.client_reference_id,
      prefilled_email: '',
      engagetrack_session_id: coffee.engagetrack_session_id,
    });
    // React said nothing the whole time, the click included: back on the app (the tab left for
    // Stripe), what the probe kept in sessionStorage up to the moment the page left.
    await waitUntil(session, () => location.hostname === 'buy.stripe.com');
    await session.evaluate(() => history.back());
    await waitUntil(session, () => location.hostname !== 'buy.stripe.com' && document.readyState === 'complete');
    expect(await session.evaluate(pageMessages)).toEqual([]);
  });

  it('the probe does see a mismatch: with the script-tag bundle run before hydration (defer in the head), React reports one', async () => {
    // Why the README says to load the script tag after hydration in such apps, and proof that the
    // tests above would see a mismatch.
    t.allowPageErrors();
    const session = await openApp(await readFile(SCRIPT_BUNDLE, 'utf8'));
    const messages = await waitUntil(session, () => {
      const found = window.__probe.messages.filter((message) => /hydrat/i.test(message));
      return found.length ? found : null;
    });
    expect(messages!.join('\n')).toMatch(/didn't match|mismatch/i);
    expect(messages!.join('\n')).toContain('href');
    expect(await session.errors()).not.toEqual([]);
  });
});
