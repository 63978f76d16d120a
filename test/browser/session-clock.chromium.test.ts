// CHROMIUM ONLY: the same session timing as session.test.ts, driven by Playwright's page.clock (a
// Playwright-only feature that fakes Date and timers in the page) instead of the suite's injected
// harness clock, as a cross-check of the harness. Other engines run session.test.ts only.
import { expect } from 'vitest';
import type { ChromiumSession } from './drivers/chromium.js';
import { ID, MINUTE, nextStripeRequest, params, sdkIds } from './helpers.js';
import { describeInBrowsers, it } from './setup.js';

describeInBrowsers(
  'sessions (Playwright page.clock, Chromium only)',
  (t) => {
    /** A Chromium session with Playwright's clock installed before the page loads. */
    const openWithClock = async () => {
      const session = (await t.open()) as ChromiumSession;
      await session.page.clock.install();
      await session.goto(t.server.page());
      return session;
    };

    it('keeps the session after 29 idle minutes and starts a new one after 31', async () => {
      const session = await openWithClock();
      const [visitor, first] = await sdkIds(session);
      await session.page.clock.fastForward(29 * MINUTE);
      expect(await sdkIds(session)).toEqual([visitor, first]);
      await session.page.clock.fastForward(31 * MINUTE);
      const [sameVisitor, second] = await sdkIds(session);
      expect(sameVisitor).toBe(visitor);
      expect(second).toMatch(ID);
      expect(second).not.toBe(first);
    });

    it('a click after 45 idle minutes leaves with the new session', async () => {
      const session = await openWithClock();
      const [visitor, first] = await sdkIds(session);
      await session.page.clock.fastForward(45 * MINUTE);
      await session.click('#plain');
      const left = params(await nextStripeRequest(session));
      expect(left.client_reference_id).toBe(visitor);
      expect(left.engagetrack_session_id).toMatch(ID);
      expect(left.engagetrack_session_id).not.toBe(first);
    });
  },
  ['chromium'],
  "Playwright's page.clock (a Playwright-only API); session.test.ts and clicks.test.ts run the same timing with the harness clock on every engine",
);
