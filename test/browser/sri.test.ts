// Subresource Integrity (SPEC "Budgets", issue 21): README's snippet of the default bundle, its
// integrity and crossorigin included, loading from a CDN on another origin that sends
// Access-Control-Allow-Origin: the bundle runs; with one byte changed on the CDN, the browser refuses it
// and the SDK does not run. Enforcing integrity is the engine's job, so this runs in all three.
import { describe, expect } from 'vitest';
import { type CdnServer, pageErrors, readmeSnippet, standInForTests, TAMPERED } from './cdn.js';
import { decoratedHref, hrefOf, ID, params, waitUntil } from './helpers.js';
import { describeInBrowsers, it } from './setup.js';

/**
 * What each engine reports on the page when it refuses a script for its integrity (the suite's error
 * channels: Chromium's console, Firefox's error log entries; WebKit logs it to its inspector only,
 * which WebDriver does not expose, and a script element's error event does not reach the window).
 */
const REFUSAL: Record<string, RegExp[]> = {
  chromium: [
    /^console\.error: Failed to find a valid digest in the 'integrity' attribute for resource 'http:\/\/cdn\.shop\.test:\d+\/tampered\/engagetrack@[^/]+\/dist\/engagetrack\.min\.js' with computed SHA-384 integrity '[A-Za-z0-9+/=]+'\. The resource has been blocked\.$/,
  ],
  firefox: [
    /^error: None of the “sha384” hashes in the integrity attribute match the content of the subresource at “http:\/\/cdn\.shop\.test:\d+\/tampered\/engagetrack@[^/]+\/dist\/engagetrack\.min\.js”\. The computed hash is “[A-Za-z0-9+/=]+”\.$/,
  ],
  webkit: [],
};

/** A merchant page with README's default snippet from the stand-in CDN (at `base`), that records the script's error event. */
function page(cdn: CdnServer, base: string): string {
  return cdn.page(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A shop that pins its scripts</title>
<script>addEventListener('error', (event) => { if (event.target.localName === 'script') window.__refused = event.target.src; }, true);</script>
${readmeSnippet('engagetrack.min.js', base)}
</head><body>{{links}}</body></html>`);
}

describeInBrowsers('Subresource Integrity', (t) => {
  const stand = standInForTests();

  describe("README's snippet of the default bundle, from a CDN on another origin", () => {
    it('runs when the file is the one built: installed, decorating', async () => {
      const cdn = stand();
      const session = await t.open();
      await session.goto(page(cdn, cdn.origin));
      const visitor = params(await decoratedHref(session, '#plain')).client_reference_id;
      expect(visitor).toMatch(ID);
      expect(await session.evaluate(() => window.engagetrack?.getVisitorId())).toBe(visitor);
      // The browser did check it: the element carries README's integrity and asked with CORS.
      expect(
        await session.evaluate(() => {
          const script = document.querySelector<HTMLScriptElement>('script[integrity]');
          return { integrity: /^sha384-/.test(script?.integrity ?? ''), crossOrigin: script?.crossOrigin };
        }),
      ).toEqual({ integrity: true, crossOrigin: 'anonymous' });
    });

    it('is refused when one byte of the file changed: the SDK does not run, the page goes on', async () => {
      const cdn = stand();
      t.allowPageErrors();
      const session = await t.open();
      await session.goto(page(cdn, `${cdn.origin}/tampered`));
      const refused = await waitUntil(session, () => (window as unknown as { __refused?: string }).__refused);
      expect(refused).toMatch(/\/tampered\/engagetrack@[^/]+\/dist\/engagetrack\.min\.js$/);
      expect(await session.evaluate(() => typeof window.engagetrack)).toBe('undefined');
      expect(await hrefOf(session, '#plain')).toBe('https://buy.stripe.com/aBC123dEfGhI');
      const errors = REFUSAL[t.engine].length ? await pageErrors(session) : await session.errors();
      expect(errors).toEqual(REFUSAL[t.engine].map((message) => expect.stringMatching(message)));
      // The changed file itself is a working script: loaded without integrity, it runs (with the changed byte).
      await session.evaluate((src) => {
        const script = document.createElement('script');
        script.src = src;
        document.head.append(script);
      }, refused);
      const changed = await waitUntil(
        session,
        (parameter) => {
          const href = document.querySelector('#plain')?.getAttribute('href');
          return href?.includes(parameter) ? href : '';
        },
        `${TAMPERED.to}=`,
      );
      expect(params(changed)[TAMPERED.to]).toMatch(ID);
    });
  });
});
