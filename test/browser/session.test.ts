// Sessions over time (SPEC "Session ID"), with the harness clock that every engine runs: the page's
// Date.now() is moved on by window.__advance(ms), and the offset survives a reload.
import { expect } from 'vitest';
import { hrefOf, ID, MINUTE, params, sdkIds, stores } from './helpers.js';
import { describeInBrowsers, it } from './setup.js';

describeInBrowsers('sessions (harness clock)', (t) => {
  const clockPage = () => t.server.page({ harness: ['clock'] });

  it('keeps the session after 29 idle minutes', async () => {
    const session = await t.open();
    await session.goto(clockPage());
    const before = await sdkIds(session);
    await session.evaluate((ms) => window.__advance(ms), 29 * MINUTE);
    expect(await sdkIds(session)).toEqual(before);
  });

  it('starts a new session after 31 idle minutes, for the same visitor, and stores it', async () => {
    const session = await t.open();
    await session.goto(clockPage());
    const [visitor, first] = await sdkIds(session);
    await session.evaluate((ms) => window.__advance(ms), 31 * MINUTE);
    const [sameVisitor, second] = await sdkIds(session);
    expect(sameVisitor).toBe(visitor);
    expect(second).toMatch(ID);
    expect(second).not.toBe(first);
    const { cookie, local } = await stores(session);
    expect(cookie?.value.split('.').slice(0, 2)).toEqual([visitor, second]);
    expect(local?.split('.').slice(0, 2)).toEqual([visitor, second]);
  });

  it('activity keeps a session alive: 25 minutes, a call, 25 minutes more', async () => {
    const session = await t.open();
    await session.goto(clockPage());
    const before = await sdkIds(session);
    await session.evaluate((ms) => window.__advance(ms), 25 * MINUTE);
    expect(await sdkIds(session)).toEqual(before);
    await session.evaluate((ms) => window.__advance(ms), 25 * MINUTE);
    expect(await sdkIds(session)).toEqual(before);
  });

  it('a page load after 29 idle minutes keeps the session; after 31 it starts a new one', async () => {
    const session = await t.open();
    await session.goto(clockPage());
    const [visitor, first] = await sdkIds(session);
    await session.evaluate((ms) => window.__advance(ms), 29 * MINUTE);
    await session.reload();
    // Read the links, not the API: the page load alone must have decided.
    expect(params((await hrefOf(session, '#plain'))!)).toMatchObject({
      client_reference_id: visitor,
      engagetrack_session_id: first,
    });
    await session.evaluate((ms) => window.__advance(ms), 31 * MINUTE);
    await session.reload();
    const link = params((await hrefOf(session, '#plain'))!);
    expect(link.client_reference_id).toBe(visitor);
    expect(link.engagetrack_session_id).toMatch(ID);
    expect(link.engagetrack_session_id).not.toBe(first);
  });

  it('ends a session 24 hours after it began, however active', async () => {
    const session = await t.open();
    await session.goto(clockPage());
    const seen = await session.evaluate((ms) => {
      const sessions: string[] = [];
      // Activity every 20 minutes for 25 hours.
      for (let minutes = 0; minutes <= 25 * 60; minutes += 20) {
        sessions.push(window.engagetrack!.getSessionId());
        window.__advance(ms);
      }
      return sessions;
    }, 20 * MINUTE);
    const distinct = [...new Set(seen)];
    expect(distinct).toHaveLength(2);
    // The first session lived 24 h: 72 readings 20 minutes apart (0 … 23 h 40).
    expect(seen.indexOf(distinct[1])).toBe(72);
  });

  it('data-session-timeout="45": 44 idle minutes keep the session, 46 start a new one', async () => {
    const session = await t.open();
    await session.goto(t.server.page({ harness: ['clock'], data: { 'session-timeout': '45' } }));
    const [, first] = await sdkIds(session);
    await session.evaluate((ms) => window.__advance(ms), 44 * MINUTE);
    expect((await sdkIds(session))[1]).toBe(first);
    await session.evaluate((ms) => window.__advance(ms), 46 * MINUTE);
    expect((await sdkIds(session))[1]).not.toBe(first);
  });

  it('a tab whose session expired adopts the live session another tab started', async () => {
    const session = await t.open();
    await session.goto(clockPage());
    const [visitor, first] = await sdkIds(session);
    // Another tab (same profile, same clock) started a new session 31 minutes later: simulated by
    // writing what it would have stored; this tab's memory still holds the expired one.
    const now = await session.evaluate((ms) => window.__advance(ms), 31 * MINUTE);
    const other = `${visitor}.${'c'.repeat(32)}.${now}.${now}`;
    await session.evaluate(
      ([key, value]) => {
        localStorage.setItem(key, value);
        document.cookie = `${key}=${value};path=/;domain=shop.test;max-age=600`;
      },
      ['engagetrack_id', other] as const,
    );
    const [sameVisitor, adopted] = await sdkIds(session);
    expect(sameVisitor).toBe(visitor);
    expect(adopted).not.toBe(first);
    expect(adopted).toBe('c'.repeat(32));
  });
});
