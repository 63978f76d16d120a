// Module loaders (SPEC "Package", issue 21): the UMD build through the real RequireJS (npm
// `requirejs`), with README's own RequireJS snippet; the default script tag on a RequireJS page, as on
// a Magento 2 store; and the UMD build loaded by a plain script tag, which must never take
// `window.engagetrack` from EngageTrack's tracker or another copy of the SDK. Script loading differs
// between engines, so these run in all three; the rules for what holds `window.engagetrack` are the
// same logic everywhere and run once.
import { describe, expect } from 'vitest';
import { packageVersion } from '../../scripts/sri.mjs';
import { type CdnServer, pageErrors, readmeCode, readmeSnippet, standInForTests } from './cdn.js';
import type { Session } from './drivers/index.js';
import { decoratedHref, hrefOf, ID, params, stores, waitUntil } from './helpers.js';
import { describeInBrowsers, it, itOnce } from './setup.js';

/** RequireJS, as a test page sees it. */
interface AmdPage {
  require(ids: string[], callback: (...modules: never[]) => void, errback?: (error: Error) => void): void;
  __cart?: { total: string };
}

/** A page of a shop that runs RequireJS: its loader and config first, then `head`, the links, then its own modules. */
function requireJsPage(cdn: CdnServer, head: string): string {
  return cdn.page(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>A shop on RequireJS</title>
<script src="/requirejs/require.js"></script>
<script>requirejs.config({ baseUrl: '/amd' });</script>
${head}
</head>
<body>
{{links}}
<script>require(['cart'], function (cart) { window.__cart = cart; });</script>
</body>
</html>`);
}

/** A page without a loader: `head` in its head, then the links. */
function plainPage(cdn: CdnServer, head: string): string {
  return cdn.page(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A shop</title>
${head}
</head><body>{{links}}</body></html>`);
}

/** The visitor on the page's plain payment link, once decorated. */
async function linkVisitor(session: Session): Promise<string> {
  return params(await decoratedHref(session, '#plain')).client_reference_id;
}

/** What `require(['engagetrack'])` gives on the page: its visitor, and whether the page has a global. */
function requiredSdk(session: Session): Promise<{ visitor: string; global: string }> {
  return session.evaluate(
    () =>
      new Promise<{ visitor: string; global: string }>((resolve) =>
        (window as unknown as AmdPage).require(['engagetrack'], (sdk: { getVisitorId(): string }) =>
          resolve({ visitor: sdk.getVisitorId(), global: typeof window.engagetrack }),
        ),
      ),
  );
}

/** The shop's own modules loaded (cart needs currency). */
async function shopModulesLoaded(session: Session): Promise<void> {
  expect(await waitUntil(session, () => (window as unknown as AmdPage).__cart)).toEqual({ total: '42.00 EUR' });
}

describeInBrowsers('module loaders', (t) => {
  const stand = standInForTests();

  describe('the UMD build through RequireJS', () => {
    it("README's RequireJS snippet (paths, integrity through onNodeCreated): require(['engagetrack']) gives the SDK, whose getVisitorId() is the visitor on the page's links", async () => {
      const cdn = stand();
      const session = await t.open();
      const snippet = readmeCode("require(['engagetrack']", cdn.origin);
      await session.goto(requireJsPage(cdn, `<script>${snippet}</script>`));
      const visitor = await linkVisitor(session);
      expect(visitor).toMatch(ID);
      // An AMD module: no global.
      expect(await requiredSdk(session)).toEqual({ visitor, global: 'undefined' });
      // RequireJS loaded it from the CDN with README's integrity, so the browser checked its bytes.
      const loaded = await session.evaluate(() => {
        const script = document.querySelector<HTMLScriptElement>('script[data-requiremodule="engagetrack"]');
        return { src: script?.src, integrity: script?.integrity, crossOrigin: script?.crossOrigin };
      });
      expect(loaded).toEqual({
        src: expect.stringMatching(/^http:\/\/cdn\.shop\.test:\d+\/engagetrack@[^/]+\/dist\/engagetrack\.umd\.js$/),
        integrity: expect.stringMatching(/^sha384-/),
        crossOrigin: 'anonymous',
      });
      await shopModulesLoaded(session);
    });

    it("next to the default script tag: one SDK, the module's getVisitorId() is the tag's visitor", async () => {
      const cdn = stand();
      const session = await t.open();
      await session.goto(
        requireJsPage(
          cdn,
          `<script>requirejs.config({ paths: { et: '${cdn.origin}/npm/engagetrack@${packageVersion()}/dist/engagetrack.umd' } });</script>
${readmeSnippet('engagetrack.min.js', cdn.origin)}`,
        ),
      );
      const visitor = await linkVisitor(session);
      const fromModule = await session.evaluate(
        () =>
          new Promise<string>((resolve) =>
            (window as unknown as AmdPage).require(['et'], (sdk: { getVisitorId(): string }) =>
              resolve(sdk.getVisitorId()),
            ),
          ),
      );
      expect(fromModule).toBe(visitor);
      expect((await stores(session)).cookies).toHaveLength(1);
      await shopModulesLoaded(session);
    });
  });

  describe('the default script tag on a RequireJS page (Magento 2)', () => {
    it("loaded by a plain <script> after RequireJS: installs window.engagetrack, decorates, and the shop's own modules load with no RequireJS error", async () => {
      const cdn = stand();
      const session = await t.open();
      await session.goto(requireJsPage(cdn, readmeSnippet('engagetrack.min.js', cdn.origin)));
      const visitor = await linkVisitor(session);
      expect(await session.evaluate(() => window.engagetrack?.getVisitorId())).toBe(visitor);
      await shopModulesLoaded(session);
      // it() fails the test on any page error: RequireJS reports its errors by throwing.
    });

    it('the UMD build loaded the same way is the error the default avoids: RequireJS reports Mismatched anonymous define()', async () => {
      const cdn = stand();
      t.allowPageErrors();
      const session = await t.open();
      await session.goto(requireJsPage(cdn, readmeSnippet('engagetrack.umd.js', cdn.origin)));
      // RequireJS throws it from the next require() it processes (its own config's, or the shop's, as
      // timing decides); whichever it is stops there, so a page's modules can fail to load.
      expect(await pageErrors(session)).toEqual([expect.stringContaining('Mismatched anonymous define() module')]);
    });
  });

  describe('the UMD build loaded by a plain script tag (no loader)', () => {
    it('installs the page’s SDK as window.engagetrack and starts nothing until init()', async () => {
      const cdn = stand();
      const session = await t.open();
      await session.goto(plainPage(cdn, readmeSnippet('engagetrack.umd.js', cdn.origin)));
      expect(await session.evaluate(() => typeof window.engagetrack?.init)).toBe('function');
      // Nothing decorated, nothing stored: the page has parsed (the links are there) and the SDK waits.
      expect(await hrefOf(session, '#plain')).toBe('https://buy.stripe.com/aBC123dEfGhI');
      expect(await stores(session)).toMatchObject({ cookies: [], local: null });
      await session.evaluate(() => {
        window.engagetrack!.init();
      });
      expect(await linkVisitor(session)).toBe(await session.evaluate(() => window.engagetrack!.getVisitorId()));
    });

    itOnce(
      t.engine,
      "EngageTrack's tracker on window.engagetrack stays; init() puts its IDs on the links",
      async () => {
        const cdn = stand();
        const session = await t.open();
        await session.goto(
          plainPage(
            cdn,
            `<script>window.engagetrack = window.__tracker = { getVisitorId: () => 'et-visitor-8f2c41d0', getSessionId: () => 'et-session-1b7e', track() {} };</script>
${readmeSnippet('engagetrack.umd.js', cdn.origin)}`,
          ),
        );
        expect(
          await session.evaluate(() => window.engagetrack === (window as unknown as { __tracker: unknown }).__tracker),
        ).toBe(true);
        // The SDK is reachable under the registry's key, as with the script tag.
        await session.evaluate(() => {
          (window as unknown as Record<symbol, { init(): void }>)[Symbol.for('engagetrack')].init();
        });
        expect(params(await decoratedHref(session, '#plain'))).toEqual({
          client_reference_id: 'et-visitor-8f2c41d0',
          prefilled_email: '',
          engagetrack_session_id: 'et-session-1b7e',
        });
      },
    );

    itOnce(t.engine, 'the script tag’s SDK already on window.engagetrack stays', async () => {
      const cdn = stand();
      const session = await t.open();
      await session.goto(
        plainPage(
          cdn,
          // Without README's defer: the tag runs first.
          `${readmeSnippet('engagetrack.min.js', cdn.origin).replace(' defer', '')}
<script>window.__before = window.engagetrack;</script>
${readmeSnippet('engagetrack.umd.js', cdn.origin)}`,
        ),
      );
      const visitor = await linkVisitor(session);
      expect(
        await session.evaluate(() => window.engagetrack === (window as unknown as { __before: unknown }).__before),
      ).toBe(true);
      expect(await session.evaluate(() => window.engagetrack!.getVisitorId())).toBe(visitor);
    });

    itOnce(t.engine, 'a script tag after it joins it, and does not take it for EngageTrack’s tracker', async () => {
      const cdn = stand();
      const session = await t.open();
      await session.goto(
        plainPage(
          cdn,
          `${readmeSnippet('engagetrack.umd.js', cdn.origin)}
<script>window.__before = window.engagetrack;</script>
${readmeSnippet('engagetrack.min.js', cdn.origin)}`,
        ),
      );
      const visitor = await linkVisitor(session);
      expect(
        await session.evaluate(() => ({
          same: window.engagetrack === (window as unknown as { __before: unknown }).__before,
          // The UMD copy is the page's SDK: the tag joined it (a tracker would have left the registry to the tag).
          registered:
            (window as unknown as Record<symbol, { api: unknown }>)[Symbol.for('engagetrack')].api ===
            window.engagetrack,
          visitor: window.engagetrack!.getVisitorId(),
        })),
      ).toEqual({ same: true, registered: true, visitor });
      expect((await stores(session)).cookies).toHaveLength(1);
    });
  });
});
