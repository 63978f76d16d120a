// Consent that follows the page's consent banner (issue 20, SPEC "Consent banners"), on the built
// consent bundle (dist/engagetrack.consent.min.js): a real IAB TCF v2.2 CMP made of IAB Tech Lab's
// packages (@iabtcf/cmpapi serves __tcfapi, @iabtcf/core encodes the TC strings, @iabtcf/stub is the
// stub; bundled by examples/consent/build.mjs), Google Consent Mode through the exact gtag command
// shape (`function gtag(){dataLayer.push(arguments)}`), and stand-ins where no official part can run
// here: Google's tag (gtag.js is served only by Google: fixtures/consent/google-tag-standin.js keeps
// its observed consent state and replaces dataLayer.push as it does) and the WP Consent API (a
// WordPress plugin: fixtures/consent/wp-consent-api.js follows its documentation).
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { bundleCmp, iabStub } from '../../examples/consent/build.mjs';
import type { Session } from './drivers/index.js';
import { hrefOf, ID, params, STORE_KEY, sdkIds, stores, waitUntil } from './helpers.js';
import { type ServerProcess, startServerProcess } from './processes.js';
import { describeInBrowsers, it, itOnce } from './setup.js';

/** What the consent fixture pages add to `window` (as seen from an `evaluate()`). */
declare global {
  interface Window {
    tcfCmp: {
      showBanner(): void;
      load(stored: string): void;
      choose(purposes: number[]): string;
      gdprDoesNotApply(): void;
      tcString(purposes: number[]): string;
    };
    gtag(...args: unknown[]): void;
    dataLayer: unknown[];
    loadScript(src: string): Promise<void>;
    wp_set_consent(category: string, value: 'allow' | 'deny'): void;
    __standinLoaded?: boolean;
    google_tag_data: { ics: { getConsentState(type: string): number } };
  }
}

const BUILT = fileURLToPath(new URL('fixtures/consent/built/', import.meta.url));
const EXAMPLE_SERVER = fileURLToPath(new URL('../../examples/consent/server.mjs', import.meta.url));

beforeAll(async () => {
  await mkdir(BUILT, { recursive: true });
  await writeFile(`${BUILT}tcf-cmp.js`, await bundleCmp());
  await writeFile(`${BUILT}iab-stub.js`, await iabStub());
});

/** The visitor the payment link carries. */
async function visitorOnLink(session: Session): Promise<string> {
  return params((await hrefOf(session, '#buy'))!).client_reference_id;
}

/** No cookie or localStorage entry of the SDK, and (pages with the storage watch) no access at all. */
async function expectNothingStored(session: Session, watched = true): Promise<void> {
  // First, before anything of the test reads storage through the watched getters.
  if (watched) expect(await session.evaluate(() => window.__harness.access)).toEqual([]);
  const { cookie, local } = await stores(session);
  expect(cookie).toBeUndefined();
  expect(local).toBeNull();
}

/** Waits until the SDK's record is in localStorage and the cookie, and returns its visitor. */
async function storedVisitor(session: Session): Promise<string> {
  const record = await waitUntil(session, (key) => localStorage.getItem(key) ?? '', STORE_KEY);
  const { cookie } = await stores(session);
  expect(cookie?.value).toBe(record);
  return record.split('.')[0];
}

/** Waits until the SDK's cookie and localStorage entry are gone. */
async function deleted(session: Session): Promise<void> {
  await waitUntil(session, (key) => !localStorage.getItem(key) && !document.cookie.includes(`${key}=`), STORE_KEY);
  const { cookie, local } = await stores(session);
  expect(cookie).toBeUndefined();
  expect(local).toBeNull();
}

/**
 * Records, from now on, each `setConsent()` call the consent bundle makes on the page's SDK (through
 * the page registry; the page's own calls go through `window.engagetrack` and are not recorded), in
 * `window.__consentCalls`: so a test can tell that a signal was followed and answered nothing.
 */
function recordCalls(session: Session): Promise<void> {
  return session.evaluate(() => {
    const registry = (window as unknown as Record<symbol, { setConsent(granted: boolean): void }>)[
      Symbol.for('engagetrack')
    ];
    const setConsent = registry.setConsent;
    const calls: boolean[] = [];
    (window as unknown as { __consentCalls: boolean[] }).__consentCalls = calls;
    registry.setConsent = (granted) => {
      calls.push(granted);
      setConsent(granted);
    };
  });
}

/** The calls recorded by {@link recordCalls}, once there are `count` of them. */
async function calls(session: Session, count: number): Promise<boolean[]> {
  return (await waitUntil(
    session,
    (wanted) => {
      const recorded = (window as unknown as { __consentCalls: boolean[] }).__consentCalls;
      return recorded.length >= wanted ? recorded : undefined;
    },
    count,
  ))!;
}

describeInBrowsers('consent banners (the consent bundle)', (t) => {
  const open = async (fixture: string) => {
    const session = await t.open();
    await session.goto(t.server.url(`/fixtures/consent/${fixture}.html`));
    return session;
  };

  describe('a page without a banner', () => {
    it('stores nothing, reads no storage, and decorates the links with in-memory IDs', async () => {
      const session = await open('no-banner');
      await expectNothingStored(session);
      const [visitor] = await sdkIds(session);
      expect(visitor).toMatch(ID);
      expect(await visitorOnLink(session)).toBe(visitor);
    });
  });

  describe('the npm module: followConsent() from engagetrack/consent', () => {
    it('at the app’s start: a getter called before init() stores nothing; the grant stores the visitor it read', async () => {
      const session = await open('npm');
      const rendered = await waitUntil(
        session,
        () => (window as unknown as { app?: { rendered: string } }).app?.rendered,
      );
      expect(rendered).toMatch(ID);
      await expectNothingStored(session);
      expect(await visitorOnLink(session)).toBe(rendered);
      await session.evaluate(() => window.gtag('consent', 'update', { analytics_storage: 'granted' }));
      expect(await storedVisitor(session)).toBe(rendered);
    });
  });

  describe('IAB TCF v2.2: a CMP made of @iabtcf/cmpapi', () => {
    it('stores nothing while the banner is open; consent to purpose 1 stores the visitor on the links; a TC string without it deletes it', async () => {
      const session = await open('tcf-before');
      await session.evaluate(() => window.tcfCmp.showBanner());
      await expectNothingStored(session);
      const before = await visitorOnLink(session);
      await session.evaluate(() => void window.tcfCmp.choose([1, 7, 8]));
      expect(await storedVisitor(session)).toBe(before);
      expect(await visitorOnLink(session)).toBe(before);
      // The visitor changes their mind: purposes 7 and 8 only.
      await session.evaluate(() => void window.tcfCmp.choose([7, 8]));
      await deleted(session);
      expect(await visitorOnLink(session)).toBe(before);
    });

    it('a CMP that loads after the SDK: a returning visitor’s stored grant (tcloaded) stores', async () => {
      const session = await open('tcf-after');
      await expectNothingStored(session);
      const before = await visitorOnLink(session);
      await session.evaluate(() => window.tcfCmp.load(window.tcfCmp.tcString([1])));
      expect(await storedVisitor(session)).toBe(before);
    });

    it('the IAB stub before the SDK, the CMP loaded later: the listener the stub queued gets the answer', async () => {
      const session = await open('tcf-stub');
      await expectNothingStored(session);
      await session.evaluate(() => window.loadScript('/fixtures/consent/built/tcf-cmp.js'));
      const before = await visitorOnLink(session);
      await session.evaluate(() => void window.tcfCmp.choose([1]));
      expect(await storedVisitor(session)).toBe(before);
    });

    it('a CMP added by a tag manager after the page loaded is found', async () => {
      const session = await open('tcf-late');
      await expectNothingStored(session);
      await session.evaluate(() => window.loadScript('/fixtures/consent/built/tcf-cmp.js'));
      // Our listener may come after this choice: the CMP answers a new listener with its state.
      const before = await visitorOnLink(session);
      await session.evaluate(() => void window.tcfCmp.choose([1]));
      expect(await storedVisitor(session)).toBe(before);
    });

    itOnce(t.engine, 'GDPR that does not apply (gdprApplies: false) grants', async () => {
      const session = await open('tcf-before');
      await expectNothingStored(session);
      await session.evaluate(() => window.tcfCmp.gdprDoesNotApply());
      await storedVisitor(session);
    });
  });

  describe('Google Consent Mode v2: gtag consent commands', () => {
    it('a default denial stores nothing; an update granted stores the visitor on the links; an update denied deletes it', async () => {
      const session = await open('gcm');
      // The default was in the dataLayer when the bundle first looked, while its script ran.
      await expectNothingStored(session);
      const before = await visitorOnLink(session);
      await session.evaluate(() => window.gtag('consent', 'update', { analytics_storage: 'granted' }));
      expect(await storedVisitor(session)).toBe(before);
      await session.evaluate(() => window.gtag('consent', 'update', { analytics_storage: 'denied' }));
      await deleted(session);
    });

    itOnce(t.engine, 'a default that names only a region does nothing (the visitor’s region is unknown)', async () => {
      const session = await open('gcm-region');
      await expectNothingStored(session);
      await recordCalls(session);
      // Neither a grant nor a denial: it does not even withhold the TCF grant.
      await session.evaluate(() => void window.tcfCmp.choose([1]));
      expect(await calls(session, 1)).toEqual([true]);
      await storedVisitor(session);
    });

    it('an update pushed after Google’s tag replaced dataLayer.push is seen; push returns what it returned', async () => {
      const session = await open('gcm');
      // Before Google's tag, the dataLayer is an array: push returns the new length.
      const length = await session.evaluate(() => window.dataLayer.length);
      expect(await session.evaluate(() => window.dataLayer.push({ event: 'before_tag' }))).toBe(length + 1);
      await session.evaluate(() => window.loadScript('/fixtures/consent/google-tag-standin.js'));
      expect(await session.evaluate(() => window.__standinLoaded)).toBe(true);
      expect(await session.evaluate(() => window.dataLayer.push({ event: 'after_tag' }))).toBe(true);
      await expectNothingStored(session);
      const before = await visitorOnLink(session);
      await session.evaluate(() => window.gtag('consent', 'update', { analytics_storage: 'granted' }));
      expect(await storedVisitor(session)).toBe(before);
      // Google's state followed the command too (its dataLayer.push applied it after ours ran).
      expect(await session.evaluate(() => window.google_tag_data.ics.getConsentState('analytics_storage'))).toBe(1);
    });

    itOnce(
      t.engine,
      'a dataLayer the page creates after the SDK is followed from the next look (the banner’s script loaded)',
      async () => {
        const session = await open('gcm-late');
        await waitUntil(session, () => (window as unknown as { __bannerLoaded?: boolean }).__bannerLoaded === true);
        await expectNothingStored(session);
        await session.evaluate(() => window.gtag('consent', 'update', { analytics_storage: 'granted' }));
        await storedVisitor(session);
      },
    );

    itOnce(
      t.engine,
      'a dataLayer set up by inline code after the SDK, with nothing loading after it, is followed once the window has loaded',
      async () => {
        const session = await open('gcm-inline');
        await waitUntil(session, () => document.readyState === 'complete');
        expect(await storedVisitor(session)).toBe(await visitorOnLink(session));
      },
    );
  });

  describe('both signals on one page', () => {
    it('a TCF grant with a Consent Mode denial stores nothing; the Consent Mode update then stores', async () => {
      const session = await open('tcf-gcm');
      await recordCalls(session);
      await session.evaluate(() => void window.tcfCmp.choose([1]));
      // @iabtcf/cmpapi calls its listeners within update(), and the bundle reads each push as it
      // happens: the grant was followed and told nothing.
      await session.evaluate(() => void window.tcfCmp.choose([1, 7]));
      await session.evaluate(() => window.gtag('consent', 'update', { ad_storage: 'granted' }));
      expect(await session.evaluate(() => (window as unknown as { __consentCalls: boolean[] }).__consentCalls)).toEqual(
        [],
      );
      await expectNothingStored(session);
      const before = await visitorOnLink(session);
      await session.evaluate(() => window.gtag('consent', 'update', { analytics_storage: 'granted' }));
      expect(await storedVisitor(session)).toBe(before);
    });
  });

  describe('WordPress Consent API', () => {
    it('wp_set_consent("statistics", "allow") stores; "deny" deletes', async () => {
      const session = await open('wp');
      // The WP Consent API reads its own cookie (wp_consent_statistics): only the SDK's stores are checked.
      await expectNothingStored(session, false);
      const before = await visitorOnLink(session);
      await session.evaluate(() => window.wp_set_consent('statistics', 'allow'));
      expect(await storedVisitor(session)).toBe(before);
      await session.evaluate(() => window.wp_set_consent('statistics', 'deny'));
      await deleted(session);
    });
  });

  describe('data-* options', () => {
    itOnce(
      t.engine,
      'data-consent-signals="google", data-google-consent-types (all must be granted), data-data-layer',
      async () => {
        const session = await open('options');
        await recordCalls(session);
        // TCF is not followed here: its grant tells nothing. The dataLayer is `shopLayer`, and the
        // bundle reads each push as it happens: one of the two types granted tells nothing either.
        await session.evaluate(() => void window.tcfCmp.choose([1]));
        const storedAfterOne = await session.evaluate(() => {
          window.gtag('consent', 'update', { analytics_storage: 'granted' });
          return (window as unknown as { __consentCalls: boolean[] }).__consentCalls.length;
        });
        expect(storedAfterOne).toBe(0);
        await session.evaluate(() => window.gtag('consent', 'update', { ad_storage: 'granted' }));
        expect(await calls(session, 1)).toEqual([true]);
        await storedVisitor(session);
      },
    );
  });

  describe('the page’s own setConsent()', () => {
    itOnce(t.engine, 'stands until a signal’s answer changes', async () => {
      const session = await open('tcf-before');
      await recordCalls(session);
      await session.evaluate(() => void window.tcfCmp.choose([1]));
      expect(await calls(session, 1)).toEqual([true]);
      await storedVisitor(session);
      await session.evaluate(() => window.engagetrack!.setConsent(false));
      await deleted(session);
      // The same answer again (the visitor saves the same choice): nothing told, the page's call
      // stands; then a denial and a grant: both told, in order, and the grant stores again.
      await session.evaluate(() => void window.tcfCmp.choose([1]));
      await session.evaluate(() => void window.tcfCmp.choose([]));
      expect(await calls(session, 2)).toEqual([true, false]);
      await session.evaluate(() => void window.tcfCmp.choose([1]));
      expect(await calls(session, 3)).toEqual([true, false, true]);
      await storedVisitor(session);
    });
  });
});

describeInBrowsers('examples/consent (npm run example:consent)', (t) => {
  let example: ServerProcess | undefined;
  beforeAll(async () => {
    if (t.engine !== 'chromium') return;
    example = await startServerProcess(process.execPath, [EXAMPLE_SERVER], {
      env: { PORT: '0' },
      address: /http:\/\/localhost:\d+\//,
    });
  });
  afterAll(() => example?.stop());

  // The page's banner code runs the same in every engine; the storage effects of the consent bundle
  // run in all three in the tests above.
  itOnce(
    t.engine,
    'accept both banners: stored; change your mind (Consent Mode: deny): deleted; the denial is remembered',
    async () => {
      const session = await t.open();
      await session.goto(example!.address);
      const before = await waitUntil(session, () =>
        new URL((document.getElementById('buy') as HTMLAnchorElement).href).searchParams.get('client_reference_id'),
      );
      await session.click('#tcf-accept');
      await waitUntil(session, () => document.getElementById('tcf-banner')!.hidden);
      expect((await stores(session)).cookie).toBeUndefined(); // Consent Mode still denies by default
      await session.click('#gcm-accept');
      expect(await storedVisitor(session)).toBe(before);
      await waitUntil(session, () => document.getElementById('stored')!.textContent!.startsWith('cookie'));
      await session.click('#gcm-settings');
      await session.click('#gcm-deny');
      await deleted(session);
      // Next page load: both CMPs send the remembered choices; the denial wins, nothing is stored.
      await session.reload();
      await waitUntil(session, () => document.readyState === 'complete');
      await session.click('#tcf-settings');
      await session.click('#tcf-accept');
      expect((await stores(session)).cookie).toBeUndefined();
    },
  );
});
