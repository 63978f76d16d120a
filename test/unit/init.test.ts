import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  freshPage,
  hrefOf,
  param,
  settleAll,
  spyStorageReads,
  stubReadyState,
  watchAttributes,
} from './decorate-helpers.js';
import { clearStores, cookies, loadSdk, page, STORE_KEY, settle, snippetDecorate } from './helpers.js';

type Sdk = Awaited<ReturnType<typeof loadSdk>>;

let sdk: Sdk;
/** Every automatic mode a test starts is stopped when it ends. */
const { start, stopAll } = freshPage((loaded) => {
  sdk = loaded;
});
let restoreReadyState: (() => void) | undefined;
/** Stops automatic mode if the page floods with mutations, so a decoration loop fails instead of hanging. */
let floodGuard: ReturnType<typeof watchAttributes> | undefined;
beforeEach(() => {
  floodGuard = watchAttributes(document, 5000, stopAll);
});

afterEach(() => {
  // A decoration loop floods the page: the test that started it fails here.
  const flooded = floodGuard?.flooded();
  floodGuard?.stop();
  expect(flooded, 'automatic mode rewrote the page more than 5,000 times: a decoration loop').toBe(false);
  stopAll();
  restoreReadyState?.();
  restoreReadyState = undefined;
});

const ids = () => ({ visitor: sdk.getVisitorId(), session: sdk.getSessionId() });

/** What the docs snippet makes of `href` with the current IDs. */
const decorated = (href: string) => {
  const { visitor, session } = ids();
  return snippetDecorate(href, visitor, session);
};

function link(id: string, href = `https://buy.stripe.com/${id}`): HTMLAnchorElement {
  const a = document.createElement('a');
  a.id = id;
  a.href = href;
  a.textContent = 'Buy';
  return a;
}

/** Dispatches `event` on `target` and returns the href the link had when the page's own click handler ran. */
function hrefSeenByPage(target: Element, event: Event, anchor: Element = target): string | null {
  let seen: string | null = null;
  const listener = (e: Event) => {
    seen = anchor.getAttribute('href');
    // jsdom cannot follow links; the page stays where it is.
    e.preventDefault();
  };
  document.addEventListener(event.type, listener);
  target.dispatchEvent(event);
  document.removeEventListener(event.type, listener);
  return seen;
}

const click = () => new MouseEvent('click', { bubbles: true, cancelable: true, composed: true, button: 0 });

describe('init() decorates the payment links already on the page', () => {
  it('decorates links, areas and components at once when the DOM is ready', () => {
    page(`
      <a id="a" href="https://buy.stripe.com/a?locale=fr">a</a>
      <map name="m"><area id="area" href="https://buy.stripe.com/area"></map>
      <stripe-pricing-table id="t"></stripe-pricing-table>
      <a id="decoy" href="https://buy.stripe.com.evil.example/x">decoy</a>`);
    start();
    expect(hrefOf('#a')).toBe(decorated('https://buy.stripe.com/a?locale=fr'));
    expect(hrefOf('#area')).toBe(decorated('https://buy.stripe.com/area'));
    expect(document.getElementById('t')!.getAttribute('client-reference-id')).toBe(ids().visitor);
    expect(hrefOf('#decoy')).toBe('https://buy.stripe.com.evil.example/x');
  });

  it('returns a stop function', () => {
    expect(typeof start()).toBe('function');
  });
});

describe('links added after init() are decorated', () => {
  it('decorates a link added with appendChild', async () => {
    start();
    document.body.appendChild(link('late'));
    await settle();
    expect(hrefOf('#late')).toBe(decorated('https://buy.stripe.com/late'));
  });

  it('decorates links added with innerHTML, and leaves the decoys alone', async () => {
    page('<div id="app"></div>');
    start();
    document.getElementById('app')!.innerHTML = `
      <a id="x" href="https://buy.stripe.com/x">x</a>
      <a id="decoy" href="http://buy.stripe.com/x">decoy</a>
      <stripe-buy-button id="b"></stripe-buy-button>`;
    await settle();
    expect(hrefOf('#x')).toBe(decorated('https://buy.stripe.com/x'));
    expect(hrefOf('#decoy')).toBe('http://buy.stripe.com/x');
    expect(document.getElementById('b')!.getAttribute('client-reference-id')).toBe(ids().visitor);
  });

  it('decorates every link of a whole subtree inserted at once', async () => {
    start();
    const section = document.createElement('section');
    section.innerHTML = `
      <div><ul>
        <li><a id="deep1" href="https://buy.stripe.com/deep1">1</a></li>
        <li><a id="deep2" href="https://buy.stripe.com/deep2#f">2</a></li>
      </ul></div>
      <stripe-pricing-table id="deep-table"></stripe-pricing-table>`;
    document.body.appendChild(section);
    await settle();
    expect(hrefOf('#deep1')).toBe(decorated('https://buy.stripe.com/deep1'));
    expect(hrefOf('#deep2')).toBe(decorated('https://buy.stripe.com/deep2#f'));
    expect(document.getElementById('deep-table')!.getAttribute('client-reference-id')).toBe(ids().visitor);
  });

  it('decorates a Buy Button whose client-reference-id the page removes later', async () => {
    page('<stripe-buy-button id="b"></stripe-buy-button>');
    start();
    document.getElementById('b')!.removeAttribute('client-reference-id');
    await settle();
    expect(document.getElementById('b')!.getAttribute('client-reference-id')).toBe(ids().visitor);
  });

  it('keeps a client-reference-id the merchant sets on a Buy Button later', async () => {
    page('<stripe-buy-button id="b"></stripe-buy-button>');
    start();
    document.getElementById('b')!.setAttribute('client-reference-id', 'crm-42');
    await settle();
    expect(document.getElementById('b')!.getAttribute('client-reference-id')).toBe('crm-42');
  });

  it('reads no storage when the added content has no payment link', async () => {
    start();
    const reads = spyStorageReads();
    document.body.insertAdjacentHTML(
      'beforeend',
      '<p><a href="/about">About</a><a href="https://stripe.com">x</a></p>',
    );
    await settle();
    expect(reads.total()).toBe(0);
  });
});

describe('an href a framework rewrites later is decorated again', () => {
  it('decorates the new href', async () => {
    page('<a id="plan" href="https://buy.stripe.com/monthly">Plan</a>');
    start();
    document.getElementById('plan')!.setAttribute('href', 'https://buy.stripe.com/yearly?locale=fr');
    await settle();
    expect(hrefOf('#plan')).toBe(decorated('https://buy.stripe.com/yearly?locale=fr'));
  });

  it('decorates again when a re-render puts the original href back', async () => {
    page('<a id="plan" href="https://buy.stripe.com/monthly">Plan</a>');
    start();
    (document.getElementById('plan') as HTMLAnchorElement).href = 'https://buy.stripe.com/monthly';
    await settle();
    expect(hrefOf('#plan')).toBe(decorated('https://buy.stripe.com/monthly'));
  });

  it('turns an ordinary link into a payment link when its href becomes one, and back', async () => {
    page('<a id="cta" href="/pricing">Pricing</a>');
    start();
    document.getElementById('cta')!.setAttribute('href', 'https://buy.stripe.com/cta');
    await settle();
    expect(hrefOf('#cta')).toBe(decorated('https://buy.stripe.com/cta'));
    document.getElementById('cta')!.setAttribute('href', '/pricing');
    await settle();
    expect(hrefOf('#cta')).toBe('/pricing');
  });
});

describe('decoration never loops on its own changes', () => {
  it('settles: after the first decoration no more attribute changes happen', async () => {
    page(
      Array.from({ length: 20 }, (_, i) => `<a href="https://buy.stripe.com/l${i}">${i}</a>`).join('') +
        '<stripe-pricing-table></stripe-pricing-table><stripe-buy-button client-reference-id="m"></stripe-buy-button>',
    );
    // A loop would starve the event loop: past 500 records, stop automatic mode so the test fails.
    const watcher = watchAttributes(document, 500, stopAll);
    start();
    document.body.insertAdjacentHTML('beforeend', '<a href="https://buy.stripe.com/new">new</a>');
    await settleAll(5);
    const afterSettling = watcher.records().length;
    // 21 hrefs + 1 component written once, plus the insertion itself.
    expect(afterSettling).toBeLessThanOrEqual(30);
    await settleAll(10);
    expect(watcher.records().length).toBe(afterSettling);
    watcher.stop();
  });

  it('rewrites a changed link once, not over and over', async () => {
    page('<a id="plan" href="https://buy.stripe.com/monthly">Plan</a>');
    start();
    const watcher = watchAttributes(document, 500, stopAll);
    document.getElementById('plan')!.setAttribute('href', 'https://buy.stripe.com/yearly');
    await settleAll(10);
    const hrefChanges = watcher.records().filter((record) => record.attributeName === 'href');
    // The framework's write and ours.
    expect(hrefChanges.length).toBe(2);
    watcher.stop();
  });
});

describe('a link carries the current IDs at the moment it is clicked', () => {
  it('decorates a link inserted and clicked in the same task', () => {
    start();
    const a = link('instant');
    document.body.appendChild(a);
    const seen = hrefSeenByPage(a, click());
    expect(seen).toBe(decorated('https://buy.stripe.com/instant'));
  });

  it('carries the new session ID after 45 idle minutes', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T10:00:00Z'));
    page('<a id="buy" href="https://buy.stripe.com/buy">Buy</a>');
    start();
    const oldSession = param(hrefOf('#buy')!, 'engagetrack_session_id');
    expect(oldSession).toBe(sdk.getSessionId());

    vi.setSystemTime(new Date('2030-01-01T10:45:00Z'));
    const seen = hrefSeenByPage(document.getElementById('buy')!, click());
    const newSession = sdk.getSessionId();
    expect(newSession).not.toBe(oldSession);
    expect(param(seen!, 'engagetrack_session_id')).toBe(newSession);
    expect(seen).toBe(decorated('https://buy.stripe.com/buy'));
  });

  it('keeps the same session for a click within the timeout', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T10:00:00Z'));
    page('<a id="buy" href="https://buy.stripe.com/buy">Buy</a>');
    start();
    const session = sdk.getSessionId();
    vi.setSystemTime(new Date('2030-01-01T10:20:00Z'));
    const seen = hrefSeenByPage(document.getElementById('buy')!, click());
    expect(param(seen!, 'engagetrack_session_id')).toBe(session);
  });

  it.each([
    ['a middle click (auxclick)', () => new MouseEvent('auxclick', { bubbles: true, button: 1 })],
    ['a mousedown', () => new MouseEvent('mousedown', { bubbles: true, button: 0 })],
    ['the Enter key', () => new KeyboardEvent('keydown', { bubbles: true, key: 'Enter' })],
  ])('refreshes the link on %s', (_, event) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T10:00:00Z'));
    page('<a id="buy" href="https://buy.stripe.com/buy">Buy</a>');
    start();
    const oldSession = sdk.getSessionId();
    vi.setSystemTime(new Date('2030-01-01T10:45:00Z'));
    const seen = hrefSeenByPage(document.getElementById('buy')!, event());
    expect(param(seen!, 'engagetrack_session_id')).not.toBe(oldSession);
    expect(seen).toBe(decorated('https://buy.stripe.com/buy'));
  });

  it('decorates an href a framework changed just before the click, in the same task', () => {
    page('<a id="plan" href="https://buy.stripe.com/monthly">Plan</a>');
    start();
    const a = document.getElementById('plan')!;
    a.setAttribute('href', 'https://buy.stripe.com/yearly');
    expect(hrefSeenByPage(a, click())).toBe(decorated('https://buy.stripe.com/yearly'));
  });

  it("with 'visitor+session', a link built with decorateUrl() carries the new session in client_reference_id", () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T10:00:00Z'));
    start({ referenceFormat: 'visitor+session' });
    const a = link('built', sdk.decorateUrl('https://buy.stripe.com/built'));
    document.body.appendChild(a);
    const oldSession = sdk.getSessionId();
    vi.setSystemTime(new Date('2030-01-01T10:45:00Z'));
    const seen = hrefSeenByPage(a, click());
    const { visitor, session } = ids();
    expect(session).not.toBe(oldSession);
    expect(param(seen!, 'engagetrack_session_id')).toBe(session);
    expect(param(seen!, 'client_reference_id')).toBe(`${visitor}_${session}`);
  });

  it('refreshes the link when the visitor clicks a span inside it', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T10:00:00Z'));
    page('<a id="buy" href="https://buy.stripe.com/buy"><span id="label"><b id="bold">Buy</b> now</span></a>');
    start();
    const oldSession = sdk.getSessionId();
    vi.setSystemTime(new Date('2030-01-01T11:00:00Z'));
    const seen = hrefSeenByPage(document.getElementById('bold')!, click(), document.getElementById('buy')!);
    expect(param(seen!, 'engagetrack_session_id')).not.toBe(oldSession);
    expect(seen).toBe(decorated('https://buy.stripe.com/buy'));
  });

  it('refreshes an image-map area on click', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T10:00:00Z'));
    page('<map name="plans"><area id="area" shape="rect" coords="0,0,9,9" href="https://buy.stripe.com/area"></map>');
    start();
    const oldSession = sdk.getSessionId();
    vi.setSystemTime(new Date('2030-01-01T11:00:00Z'));
    const seen = hrefSeenByPage(document.getElementById('area')!, click());
    expect(param(seen!, 'engagetrack_session_id')).not.toBe(oldSession);
    expect(seen).toBe(decorated('https://buy.stripe.com/area'));
  });

  it('refreshes a link inside an open shadow root', () => {
    page('<div id="host"></div>');
    const shadow = document.getElementById('host')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<a id="s" href="https://buy.stripe.com/shadow"><span>Buy</span></a>';
    start();
    const a = shadow.getElementById('s')!;
    const seen = hrefSeenByPage(a.querySelector('span')!, click(), a);
    expect(seen).toBe(decorated('https://buy.stripe.com/shadow'));
  });

  it('leaves a clicked decoy alone', () => {
    start();
    const a = link('decoy', 'https://buy.stripe.com.evil.example/x');
    document.body.appendChild(a);
    expect(hrefSeenByPage(a, click())).toBe('https://buy.stripe.com.evil.example/x');
  });
});

describe('stop() ends automatic mode', () => {
  it('leaves links added after stop() undecorated', async () => {
    const stop = start();
    stop();
    document.body.appendChild(link('after'));
    await settle();
    expect(hrefOf('#after')).toBe('https://buy.stripe.com/after');
  });

  it('leaves an href changed after stop() as the page wrote it', async () => {
    page('<a id="plan" href="https://buy.stripe.com/monthly">Plan</a>');
    const stop = start();
    stop();
    document.getElementById('plan')!.setAttribute('href', 'https://buy.stripe.com/yearly');
    await settle();
    expect(hrefOf('#plan')).toBe('https://buy.stripe.com/yearly');
  });

  it('no longer refreshes links on click', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T10:00:00Z'));
    page('<a id="buy" href="https://buy.stripe.com/buy">Buy</a>');
    const stop = start();
    const before = hrefOf('#buy');
    stop();
    vi.setSystemTime(new Date('2030-01-01T11:00:00Z'));
    expect(hrefSeenByPage(document.getElementById('buy')!, click())).toBe(before);
    const fresh = link('fresh');
    document.body.appendChild(fresh);
    expect(hrefSeenByPage(fresh, click())).toBe('https://buy.stripe.com/fresh');
  });

  it('can be called twice', () => {
    const stop = start();
    stop();
    expect(() => stop()).not.toThrow();
  });
});

describe('init() is idempotent', () => {
  it('returns the same stop() the second time and ignores the second options', async () => {
    const first = start();
    const second = start({ paymentLinkHosts: ['pay.example.com'], overwriteReference: true });
    expect(second).toBe(first);
    page(`
      <a id="custom" href="https://pay.example.com/x">x</a>
      <a id="merchant" href="https://buy.stripe.com/x?client_reference_id=order-1">y</a>`);
    await settle();
    expect(hrefOf('#custom')).toBe('https://pay.example.com/x');
    expect(param(hrefOf('#merchant')!, 'client_reference_id')).toBe('order-1');
  });

  it('decorates a link once per change even after init() is called twice', async () => {
    start();
    start();
    const watcher = watchAttributes();
    document.body.appendChild(link('once'));
    await settleAll(5);
    const hrefWrites = watcher.records().filter((record) => record.attributeName === 'href');
    expect(hrefWrites.length).toBe(1);
    watcher.stop();
  });

  it('can start again after stop(), with the new options', async () => {
    start()();
    const again = start({ paymentLinkHosts: ['pay.example.com'] });
    expect(typeof again).toBe('function');
    page('<a id="custom" href="https://pay.example.com/x">x</a>');
    await settle();
    expect(hrefOf('#custom')).toBe(decorated('https://pay.example.com/x'));
  });

  it('keeps running when an old stop() from before a restart is called again', async () => {
    const old = start();
    old();
    const current = start();
    old();
    // Automatic mode of the second init() still runs, and init() still knows it.
    expect(start()).toBe(current);
    document.body.appendChild(link('still'));
    await settle();
    expect(hrefOf('#still')).toBe(decorated('https://buy.stripe.com/still'));
  });
});

describe('init() while the page is still loading decorates elements as the parser inserts them', () => {
  it('decorates what arrives after init() at once, and what was parsed before at DOMContentLoaded', async () => {
    page('<a id="early" href="https://buy.stripe.com/early">x</a>');
    restoreReadyState = stubReadyState('loading');
    start();
    expect(hrefOf('#early')).toBe('https://buy.stripe.com/early');
    // The parser inserts elements after the script: each is decorated as it arrives, before
    // DOMContentLoaded (and before an async Stripe script could upgrade a pricing table).
    document.body.insertAdjacentHTML(
      'beforeend',
      '<a id="parsed" href="https://buy.stripe.com/parsed">y</a><stripe-pricing-table id="table"></stripe-pricing-table>',
    );
    await settle();
    expect(hrefOf('#parsed')).toBe(decorated('https://buy.stripe.com/parsed'));
    expect(document.getElementById('table')!.getAttribute('client-reference-id')).toBe(ids().visitor);
    expect(hrefOf('#early')).toBe('https://buy.stripe.com/early');
    restoreReadyState();
    restoreReadyState = undefined;
    document.dispatchEvent(new Event('DOMContentLoaded'));
    expect(hrefOf('#early')).toBe(decorated('https://buy.stripe.com/early'));
    expect(hrefOf('#parsed')).toBe(decorated('https://buy.stripe.com/parsed'));
    // And automatic mode runs from then on.
    document.body.appendChild(link('later'));
    await settle();
    expect(hrefOf('#later')).toBe(decorated('https://buy.stripe.com/later'));
  });

  it('does nothing at DOMContentLoaded when stop() came first', () => {
    page('<a id="early" href="https://buy.stripe.com/early">x</a>');
    restoreReadyState = stubReadyState('loading');
    start()();
    restoreReadyState();
    restoreReadyState = undefined;
    document.dispatchEvent(new Event('DOMContentLoaded'));
    expect(hrefOf('#early')).toBe('https://buy.stripe.com/early');
  });
});

describe('importing the SDK changes nothing until init() is called', () => {
  it('stores nothing, decorates nothing and listens to nothing on import', async () => {
    page('<a id="a" href="https://buy.stripe.com/a">a</a><stripe-buy-button id="b"></stripe-buy-button>');
    clearStores();
    const listen = vi.spyOn(window, 'addEventListener');
    const listenDoc = vi.spyOn(document, 'addEventListener');
    sdk = await loadSdk();
    await settle();
    expect(cookies()[STORE_KEY]).toBeUndefined();
    expect(document.cookie).toBe('');
    expect(localStorage.length).toBe(0);
    expect(hrefOf('#a')).toBe('https://buy.stripe.com/a');
    expect(document.getElementById('b')!.hasAttribute('client-reference-id')).toBe(false);
    expect(listen).not.toHaveBeenCalled();
    expect(listenDoc).not.toHaveBeenCalled();

    start();
    expect(hrefOf('#a')).toBe(decorated('https://buy.stripe.com/a'));
    expect(cookies()[STORE_KEY]).toContain(ids().visitor);
  });

  it('does not decorate links added to the page before init()', async () => {
    page('');
    document.body.appendChild(link('a'));
    await settle();
    expect(hrefOf('#a')).toBe('https://buy.stripe.com/a');
  });
});

describe('automatic mode looks only at what changed', () => {
  const manyLinks = (count: number) =>
    page(Array.from({ length: count }, (_, i) => `<a href="https://buy.stripe.com/l${i}">${i}</a>`).join(''));

  it('an unrelated node added and removed costs no query over the page and no storage read', async () => {
    manyLinks(200);
    start();
    await settle();
    const pageQueries = vi.spyOn(Document.prototype, 'querySelectorAll');
    const bodyQueries = vi.spyOn(HTMLBodyElement.prototype, 'querySelectorAll');
    const reads = spyStorageReads();
    for (let i = 0; i < 50; i++) {
      const tooltip = document.createElement('div');
      tooltip.innerHTML = '<span>Tip</span>';
      document.body.append(tooltip);
      await settle();
      tooltip.remove();
      await settle();
    }
    expect(pageQueries).not.toHaveBeenCalled();
    expect(bodyQueries).not.toHaveBeenCalled();
    expect(reads.total()).toBe(0);
  });

  it('a text change, a class change or a removed link reads no storage', async () => {
    manyLinks(20);
    start();
    await settle();
    const reads = spyStorageReads();
    document.body.firstElementChild!.textContent = 'Buy now';
    document.body.className = 'dark';
    document.body.lastElementChild!.remove();
    await settle();
    expect(reads.total()).toBe(0);
  });

  it('a payment link inside an added subtree is decorated; the rest of the page is not looked at again', async () => {
    manyLinks(20);
    start();
    await settle();
    const card = document.createElement('section');
    card.innerHTML = '<div><p><a id="deep" href="https://buy.stripe.com/deep">Buy</a></p></div>';
    const setAttribute = vi.spyOn(Element.prototype, 'setAttribute');
    document.body.append(card);
    await settle();
    expect(hrefOf('#deep')).toBe(decorated('https://buy.stripe.com/deep'));
    expect(setAttribute).toHaveBeenCalledTimes(1);
  });
});
