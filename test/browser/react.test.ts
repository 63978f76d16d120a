// CHROMIUM ONLY: examples/react, a React 19 app rendered on the server and hydrated in the browser
// under <StrictMode> with React's development build, with <EngageTrack consent="required" /> and
// payment links rendered by React. What a React developer must see: links decorated after hydration
// and no hydration message, links of a later client-side view decorated, one automatic mode after
// StrictMode's mount/clean-up/mount, the app's setConsent() acting on the component's SDK, and a
// click that leaves for Stripe with the IDs. A probe installed before any page script (Playwright's
// addInitScript) records console.error/warn and automatic mode's observers.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect } from 'vitest';
import type { ChromiumSession } from './drivers/chromium.js';
import { ID, nextStripeRequest, params, STORE_KEY, waitUntil } from './helpers.js';
import { type ServerProcess, startServerProcess } from './processes.js';
import { describeInBrowsers, it } from './setup.js';

const SERVER = fileURLToPath(new URL('../../examples/react/server.mjs', import.meta.url));
const SCRIPT_BUNDLE = new URL('../../dist/engagetrack.min.js', import.meta.url);

/** What the probe records in the page. */
interface Probe {
  /** console.error and console.warn calls, `error: …` / `warn: …`. */
  messages: string[];
  /** MutationObservers that started observing the document (automatic mode starting). */
  started: number;
  /** Of those, how many were disconnected (automatic mode stopping). */
  stopped: number;
  /** How often each element's href (by id) was changed once in the document. */
  hrefWrites: Record<string, number>;
}

declare global {
  interface Window {
    __probe: Probe;
  }
}

/**
 * Installed before any script of the page. Wraps console.error/warn (React's development build
 * reports hydration mismatches there), counts the MutationObservers that observe the whole document
 * and their disconnects (automatic mode: one per init(), ended by stop()), and records every change
 * of an href in the document (React sets a new link's href before inserting it, so what changes an
 * href in the document is the SDK). With `sdk`, also runs the script-tag bundle when parsing ends,
 * just before deferred and module scripts: the first pass of `<script src=… defer>` in the head.
 */
function installProbe(sdk: string | null): void {
  const probe: Probe = { messages: [], started: 0, stopped: 0, hrefWrites: {} };
  window.__probe = probe;
  for (const level of ['error', 'warn'] as const) {
    const original = console[level];
    console[level] = function (this: Console, ...args: unknown[]) {
      probe.messages.push(`${level}: ${args.map(String).join(' ')}`);
      return original.apply(this, args);
    };
  }
  const { observe, disconnect } = MutationObserver.prototype;
  const watching = new WeakSet<MutationObserver>();
  MutationObserver.prototype.observe = function (this: MutationObserver, target, options) {
    if (target === document && !watching.has(this)) {
      watching.add(this);
      probe.started++;
    }
    return observe.call(this, target, options);
  };
  MutationObserver.prototype.disconnect = function (this: MutationObserver) {
    if (watching.has(this)) {
      watching.delete(this);
      probe.stopped++;
    }
    return disconnect.call(this);
  };
  const writes = new MutationObserver((records) => {
    for (const { target } of records) {
      const id = (target as Element).id;
      probe.hrefWrites[id] = (probe.hrefWrites[id] ?? 0) + 1;
    }
  });
  // The original observe(): the probe's own observer is not automatic mode.
  observe.call(writes, document, { subtree: true, attributeFilter: ['href'] });
  if (sdk) {
    document.addEventListener('readystatechange', () => {
      if (document.readyState !== 'interactive') return;
      // An inline classic script runs as it is inserted.
      const script = document.createElement('script');
      script.textContent = sdk;
      document.head.append(script);
      // The bundle decorated the page at once; its automatic mode is stopped right after. The app's
      // <EngageTrack consent="required" /> runs its own copy of the core (until copies join one SDK per
      // page), with in-memory IDs that differ from the script tag's stored ones: two automatic modes
      // would rewrite each other's links without end.
      window.engagetrack?.init()();
    });
  }
}

/** The href of `#id` once automatic mode decorated it (it carries client_reference_id). */
function decoratedHref(id: string): string | null {
  const href = document.getElementById(id)?.getAttribute('href');
  return href?.includes('client_reference_id=') ? href : null;
}

describeInBrowsers(
  'examples/react (server-rendered, hydrated, StrictMode; Chromium only)',
  (t) => {
    let app: ServerProcess | undefined;
    beforeAll(async () => {
      app = await startServerProcess(process.execPath, [SERVER], {
        env: { PORT: '0' },
        address: /http:\/\/localhost:\d+\//,
        timeout: 20_000,
      });
    });
    afterAll(async () => {
      await app?.stop();
    });

    /** A session on the example, with the probe (and `sdk`, the script-tag bundle, if given) before any page script. */
    const openApp = async (sdk: string | null = null) => {
      const session = (await t.open()) as ChromiumSession;
      await session.page.addInitScript(installProbe, sdk);
      await session.goto(app!.address);
      return session;
    };

    it('server-rendered links are decorated after hydration; no hydration message; StrictMode ran the effect twice, one automatic mode runs', async () => {
      // What the server sends: React's links as they are, undecorated.
      const html = await (await fetch(app!.address)).text();
      expect(html).toContain('<a id="coffee" href="https://buy.stripe.com/test_react_coffee">');
      expect(html).toContain(
        '<a id="gift" href="https://buy.stripe.com/test_react_gift?prefilled_promo_code=WELCOME">',
      );

      const session = await openApp();
      const coffee = params((await waitUntil(session, decoratedHref, 'coffee'))!);
      expect(coffee.client_reference_id).toMatch(ID);
      expect(coffee.engagetrack_session_id).toMatch(ID);
      const ids = `client_reference_id=${coffee.client_reference_id}&prefilled_email=&engagetrack_session_id=${coffee.engagetrack_session_id}`;
      expect(await session.evaluate(decoratedHref, 'coffee')).toBe(`https://buy.stripe.com/test_react_coffee?${ids}`);
      expect(await session.evaluate(decoratedHref, 'gift')).toBe(
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
      const coffee = params((await waitUntil(session, decoratedHref, 'coffee'))!);

      await session.click('#nav-pricing');
      for (const id of ['starter', 'pro', 'team']) {
        expect(params((await waitUntil(session, decoratedHref, id))!)).toEqual({
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
      expect(probe.messages).toEqual([]);
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
  },
  ['chromium'],
  "React's hydration and effects are the same JavaScript in every engine, and decoration runs on every engine in the other files; the probe uses Playwright's addInitScript",
);
