import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearStores, loadSdk, page, settle, storedRecord } from './helpers.js';
import {
  HEX32,
  HOUR,
  hrefOf,
  keep,
  MINUTE,
  paramsOf,
  record,
  restoreCookie,
  SECOND,
  setStoredCookie,
  setStoredLocal,
  someId,
  stopAll,
  useClock,
} from './identity-helpers.js';

/** The domain the SDK writes its cookie on from www.shop.test (cookieDomain 'auto'). */
const SITE = 'shop.test';

let clock: ReturnType<typeof useClock>;

beforeEach(() => {
  clearStores();
  document.body.innerHTML = '';
  clock = useClock();
});

afterEach(() => {
  stopAll();
  restoreCookie();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** What another tab of the site does when it starts or continues a session: writes both stores. */
function otherTabWrites(value: string): void {
  setStoredCookie(value, SITE);
  setStoredLocal(value);
}

describe('a visit keeps one session while the visitor is active', () => {
  it('returns the same session ID on every call of the visit', async () => {
    const sdk = await loadSdk();
    const session = sdk.getSessionId();
    expect(session).toMatch(HEX32);
    for (let i = 0; i < 5; i++) {
      clock.advance(5 * MINUTE);
      expect(sdk.getSessionId()).toBe(session);
    }
  });

  it('keeps the session across page loads within the timeout', async () => {
    const first = await loadSdk();
    const session = first.getSessionId();
    clock.advance(20 * MINUTE);
    const second = await loadSdk();
    expect(second.getSessionId()).toBe(session);
  });

  it('stores the session with its start and last-activity times', async () => {
    const start = Date.now();
    const sdk = await loadSdk();
    const visitor = sdk.getVisitorId();
    const session = sdk.getSessionId();
    expect(storedRecord('cookie')?.slice(0, 4)).toEqual([visitor, session, `${start}`, `${start}`]);
    const later = clock.advance(5 * MINUTE);
    sdk.getSessionId();
    expect(storedRecord('cookie')?.slice(0, 4)).toEqual([visitor, session, `${start}`, `${later}`]);
    expect(storedRecord('localStorage')?.slice(0, 4)).toEqual([visitor, session, `${start}`, `${later}`]);
  });
});

describe('a new session starts after 30 minutes without activity', () => {
  it('keeps the session after 29 idle minutes', async () => {
    const sdk = await loadSdk();
    const session = sdk.getSessionId();
    clock.advance(29 * MINUTE + 59 * SECOND);
    expect(sdk.getSessionId()).toBe(session);
  });

  it('starts a new session after 30 idle minutes, and stores it', async () => {
    const sdk = await loadSdk();
    const visitor = sdk.getVisitorId();
    const session = sdk.getSessionId();
    const now = clock.advance(30 * MINUTE);
    const next = sdk.getSessionId();
    expect(next).toMatch(HEX32);
    expect(next).not.toBe(session);
    expect(sdk.getVisitorId()).toBe(visitor);
    expect(storedRecord('cookie')?.slice(0, 4)).toEqual([visitor, next, `${now}`, `${now}`]);
    expect(storedRecord('localStorage')?.slice(0, 4)).toEqual([visitor, next, `${now}`, `${now}`]);
  });

  it('starts a new session when the visitor comes back after 30 minutes', async () => {
    const first = await loadSdk();
    const visitor = first.getVisitorId();
    const session = first.getSessionId();
    clock.advance(45 * MINUTE);
    const second = await loadSdk();
    expect(second.getSessionId()).not.toBe(session);
    expect(second.getVisitorId()).toBe(visitor);
  });

  it('keeps the new session once it started', async () => {
    const sdk = await loadSdk();
    sdk.getSessionId();
    clock.advance(31 * MINUTE);
    const next = sdk.getSessionId();
    clock.advance(10 * MINUTE);
    expect(sdk.getSessionId()).toBe(next);
  });
});

describe('sessionTimeout sets the minutes without activity before a new session', () => {
  it('starts a new session after 5 idle minutes with sessionTimeout: 5', async () => {
    const sdk = await loadSdk();
    keep(sdk.init({ sessionTimeout: 5 }));
    const session = sdk.getSessionId();
    clock.advance(4 * MINUTE + 59 * SECOND);
    expect(sdk.getSessionId()).toBe(session);
    clock.advance(5 * MINUTE);
    expect(sdk.getSessionId()).not.toBe(session);
  });

  it('keeps the session through 45 idle minutes with sessionTimeout: 60', async () => {
    const sdk = await loadSdk();
    keep(sdk.init({ sessionTimeout: 60 }));
    const session = sdk.getSessionId();
    clock.advance(45 * MINUTE);
    expect(sdk.getSessionId()).toBe(session);
    clock.advance(60 * MINUTE);
    expect(sdk.getSessionId()).not.toBe(session);
  });

  for (const invalid of [0, -5, Number.NaN, 'soon' as unknown as number]) {
    it(`uses the 30-minute default for an invalid sessionTimeout (${String(invalid)})`, async () => {
      const sdk = await loadSdk();
      keep(sdk.init({ sessionTimeout: invalid }));
      const session = sdk.getSessionId();
      clock.advance(29 * MINUTE);
      expect(sdk.getSessionId()).toBe(session);
      clock.advance(30 * MINUTE);
      expect(sdk.getSessionId()).not.toBe(session);
    });
  }
});

describe('activity keeps the session going', () => {
  const calls: Array<[string, (sdk: Awaited<ReturnType<typeof loadSdk>>) => unknown]> = [
    ['getVisitorId()', (sdk) => sdk.getVisitorId()],
    ['getSessionId()', (sdk) => sdk.getSessionId()],
    ['getCheckoutMetadata()', (sdk) => sdk.getCheckoutMetadata()],
    ['decorateUrl()', (sdk) => sdk.decorateUrl('https://buy.stripe.com/aBC123')],
    ['decorateStripeLinks()', (sdk) => sdk.decorateStripeLinks()],
  ];

  for (const [name, call] of calls) {
    it(`counts a call to ${name} as activity`, async () => {
      const sdk = await loadSdk();
      const session = sdk.getSessionId();
      clock.advance(20 * MINUTE);
      call(sdk);
      clock.advance(20 * MINUTE);
      // 40 minutes since the session began, 20 since the last activity.
      expect(sdk.getSessionId()).toBe(session);
    });
  }

  it('counts a page load in automatic mode as activity', async () => {
    const first = await loadSdk();
    const session = first.getSessionId();
    clock.advance(20 * MINUTE);
    const second = await loadSdk();
    keep(second.init());
    clock.advance(20 * MINUTE);
    const third = await loadSdk();
    expect(third.getSessionId()).toBe(session);
  });

  it('keeps one session through an hour of steady activity', async () => {
    const sdk = await loadSdk();
    const session = sdk.getSessionId();
    for (let minute = 0; minute < 60; minute += 20) {
      clock.advance(20 * MINUTE);
      expect(sdk.getSessionId()).toBe(session);
    }
  });

  it('puts the current session on a payment link clicked after a long idle time', async () => {
    page('<a id="buy" href="https://buy.stripe.com/aBC123">Buy</a>');
    const sdk = await loadSdk();
    keep(sdk.init());
    const session = sdk.getSessionId();
    expect(paramsOf(hrefOf('#buy')).engagetrack_session_id).toBe(session);
    clock.advance(40 * MINUTE);
    document.getElementById('buy')!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    await settle();
    const next = sdk.getSessionId();
    expect(next).not.toBe(session);
    expect(paramsOf(hrefOf('#buy')).engagetrack_session_id).toBe(next);
  });
});

describe('in automatic mode, what the visitor does on the page is activity', () => {
  const actions: Array<[string, (target: Element) => void]> = [
    ['a click', (target) => target.dispatchEvent(new MouseEvent('click', { bubbles: true }))],
    ['a press of a mouse button', (target) => target.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }))],
    ['a key press', (target) => target.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }))],
  ];

  for (const [name, act] of actions) {
    it(`${name} anywhere keeps the session, with no call into the SDK`, async () => {
      page('<main><button id="next">Next</button></main>');
      const sdk = await loadSdk();
      keep(sdk.init());
      const session = storedRecord('cookie')![1];
      clock.advance(20 * MINUTE);
      act(document.getElementById('next')!);
      clock.advance(20 * MINUTE);
      // 40 minutes since the page load, 20 since the visitor's last action.
      expect(sdk.getSessionId()).toBe(session);
    });
  }

  it('a visitor who clicks through a single-page app every 20 minutes for 80 minutes keeps one session', async () => {
    page('<nav><a id="pricing" href="#pricing">Pricing</a></nav>');
    const sdk = await loadSdk();
    keep(sdk.init());
    const session = storedRecord('cookie')![1];
    for (let minute = 0; minute < 80; minute += 20) {
      clock.advance(20 * MINUTE);
      document.getElementById('pricing')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      expect(storedRecord('cookie')![1]).toBe(session);
    }
    expect(sdk.getSessionId()).toBe(session);
  });

  it('without automatic mode a click is not the SDK’s business (control)', async () => {
    page('<button id="next">Next</button>');
    const sdk = await loadSdk();
    const session = sdk.getSessionId();
    clock.advance(20 * MINUTE);
    document.getElementById('next')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    clock.advance(20 * MINUTE);
    expect(sdk.getSessionId()).not.toBe(session);
  });

  it('writes the stores at most once a second however busy the visitor is', async () => {
    page('<button id="next">Next</button>');
    const sdk = await loadSdk();
    keep(sdk.init());
    const writes: string[] = [];
    const setItem = vi.spyOn(Storage.prototype, 'setItem').mockImplementation(function (this: Storage, _key, value) {
      writes.push(value);
    });
    for (let i = 0; i < 20; i++) {
      clock.advance(100);
      document.getElementById('next')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'x', bubbles: true }));
    }
    // Two seconds of key presses every 100 ms.
    expect(writes.length).toBeLessThanOrEqual(2);
    expect(writes.length).toBeGreaterThan(0);
    setItem.mockRestore();
  });
});

describe('a session lasts at most 24 hours', () => {
  it('starts a new session 24 hours after the session began, even with constant activity', async () => {
    const sdk = await loadSdk();
    const visitor = sdk.getVisitorId();
    const session = sdk.getSessionId();
    // A call every 10 minutes for 23 h 50 min: the same session.
    for (let i = 1; i < 144; i++) {
      clock.advance(10 * MINUTE);
      expect(sdk.getSessionId()).toBe(session);
    }
    clock.advance(10 * MINUTE);
    const next = sdk.getSessionId();
    expect(next).not.toBe(session);
    expect(next).toMatch(HEX32);
    expect(sdk.getVisitorId()).toBe(visitor);
  });

  it('does not adopt a stored session that began more than 24 hours ago', async () => {
    const now = Date.now();
    otherTabWrites(record(someId('a'), someId('b'), now - 24 * HOUR - SECOND, now - MINUTE));
    const sdk = await loadSdk();
    expect(sdk.getVisitorId()).toBe(someId('a'));
    expect(sdk.getSessionId()).not.toBe(someId('b'));
  });
});

describe('all tabs of the site share the session', () => {
  it('a tab whose session expired adopts the live session another tab started', async () => {
    const tab = await loadSdk();
    const visitor = tab.getVisitorId();
    const session = tab.getSessionId();
    const now = clock.advance(40 * MINUTE);
    // Another tab, active meanwhile, started a new session for the same visitor.
    otherTabWrites(record(visitor, someId('b'), now - 5 * MINUTE, now - MINUTE));
    expect(tab.getSessionId()).toBe(someId('b'));
    expect(tab.getVisitorId()).toBe(visitor);
    expect(session).not.toBe(someId('b'));
  });

  it('adopts it from localStorage alone when the cookie still holds the old session', async () => {
    const tab = await loadSdk();
    const visitor = tab.getVisitorId();
    const now = clock.advance(40 * MINUTE);
    setStoredLocal(record(visitor, someId('b'), now - 5 * MINUTE, now - MINUTE));
    expect(tab.getSessionId()).toBe(someId('b'));
    expect(storedRecord('cookie')?.[1]).toBe(someId('b'));
  });

  it('two open tabs: the one left idle joins the session the other one started', async () => {
    const idleTab = await loadSdk();
    const first = idleTab.getSessionId();
    clock.advance(40 * MINUTE);
    const busyTab = await loadSdk();
    const second = busyTab.getSessionId();
    expect(second).not.toBe(first);
    clock.advance(MINUTE);
    expect(idleTab.getSessionId()).toBe(second);
    expect(idleTab.getVisitorId()).toBe(busyTab.getVisitorId());
  });

  it('an active tab sees the activity of the others: the session lives while any tab is active', async () => {
    const quietTab = await loadSdk();
    const session = quietTab.getSessionId();
    const busyTab = await loadSdk();
    for (let i = 0; i < 4; i++) {
      clock.advance(20 * MINUTE);
      expect(busyTab.getSessionId()).toBe(session);
    }
    // 80 minutes since the quiet tab's last call, 0 since the busy tab's.
    expect(quietTab.getSessionId()).toBe(session);
  });
});

describe('the visitor ID does not change when the session does', () => {
  it('after an idle timeout', async () => {
    const sdk = await loadSdk();
    const visitor = sdk.getVisitorId();
    for (let i = 0; i < 3; i++) {
      const session = sdk.getSessionId();
      clock.advance(31 * MINUTE);
      expect(sdk.getSessionId()).not.toBe(session);
      expect(sdk.getVisitorId()).toBe(visitor);
      expect(storedRecord('cookie')?.[0]).toBe(visitor);
    }
  });
});

describe('a stored session with impossible times is not adopted', () => {
  const bad: Array<[string, (now: number) => string]> = [
    ['that begins in the future', (now) => record(someId('a'), someId('b'), now + HOUR, now)],
    ['with a start that is not a number', (now) => [someId('a'), someId('b'), 'soon', `${now}`].join('.')],
    ['with a last activity that is not a number', (now) => [someId('a'), someId('b'), `${now}`, 'NaN'].join('.')],
    ['with empty times', () => [someId('a'), someId('b'), '', ''].join('.')],
    ['without times', () => [someId('a'), someId('b')].join('.')],
    ['whose last activity lies in the future', (now) => record(someId('a'), someId('b'), now - HOUR, now + HOUR)],
  ];

  for (const [what, value] of bad) {
    it(`a session ${what}: the visitor is kept, a new session starts`, async () => {
      otherTabWrites(value(Date.now()));
      const sdk = await loadSdk();
      expect(sdk.getVisitorId()).toBe(someId('a'));
      const session = sdk.getSessionId();
      expect(session).toMatch(HEX32);
      expect(session).not.toBe(someId('b'));
      expect(storedRecord('cookie')?.slice(0, 2)).toEqual([someId('a'), session]);
    });
  }

  it('while a live stored session is adopted (control)', async () => {
    const now = Date.now();
    otherTabWrites(record(someId('a'), someId('b'), now - HOUR, now - MINUTE));
    const sdk = await loadSdk();
    expect(sdk.getVisitorId()).toBe(someId('a'));
    expect(sdk.getSessionId()).toBe(someId('b'));
  });
});
