import { beforeEach, describe, expect, it } from 'vitest';
import { param, paramsOf } from './decorate-helpers.js';
import { clearStores, ID, loadSdk, snippetDecorate } from './helpers.js';

type Sdk = Awaited<ReturnType<typeof loadSdk>>;

let sdk: Sdk;
let visitor: string;
let session: string;

beforeEach(async () => {
  clearStores();
  sdk = await loadSdk();
  visitor = sdk.getVisitorId();
  session = sdk.getSessionId();
});

/** Plain Payment Links (none of our parameters on them), written every way a merchant might. */
const PLAIN_LINKS = [
  'https://buy.stripe.com/aBC123dEfGhI',
  'https://buy.stripe.com/test_00g5kD8Yf0aH1Ne6oo',
  'https://buy.stripe.com/aBC123dEfGhI?locale=fr',
  "https://buy.stripe.com/aBC123dEfGhI?a=%20b&c=d+e&x=~*'",
  'https://buy.stripe.com/aBC123dEfGhI?q=caf%C3%A9&emoji=%F0%9F%98%80&amp;=1',
  'https://buy.stripe.com/aBC123dEfGhI?flag&empty=&dup=1&dup=2',
  'https://buy.stripe.com/aBC123dEfGhI#pricing',
  'https://buy.stripe.com/aBC123dEfGhI?locale=de#frag?with=query',
  'https://BUY.STRIPE.COM/aBC123dEfGhI',
  'HTTPS://Buy.Stripe.Com/aBC123dEfGhI?Locale=FR',
  'https://buy.stripe.com/aBC123dEfGhI?',
  'https://buy.stripe.com/aBC123dEfGhI?#',
  'https://buy.stripe.com/',
  'https://buy.stripe.com',
  'https://buy.stripe.com/areas/map%20region/aBC123',
  'https://buy.stripe.com/a/b/../c/./d',
  'https://buy.stripe.com:443/x',
  'https://buy.stripe.com/aBC123dEfGhI?prefilled_promo_code=SPRING&locale=auto',
];

describe('a plain Payment Link gets exactly what the docs snippet produces', () => {
  it.each(PLAIN_LINKS)('%s', (href) => {
    expect(sdk.decorateUrl(href)).toBe(snippetDecorate(href, visitor, session));
  });

  it('carries the visitor ID as client_reference_id and the session ID as engagetrack_session_id', () => {
    const out = sdk.decorateUrl('https://buy.stripe.com/aBC123dEfGhI');
    expect(visitor).toMatch(ID);
    expect(session).toMatch(ID);
    expect(param(out, 'client_reference_id')).toBe(visitor);
    expect(param(out, 'engagetrack_session_id')).toBe(session);
    expect(param(out, 'prefilled_email')).toBe('');
    expect(out.startsWith('https://buy.stripe.com/aBC123dEfGhI?')).toBe(true);
  });
});

describe("the merchant's other parameters and fragment survive", () => {
  it('keeps the other parameters in their order with their values, then adds ours', () => {
    const out = sdk.decorateUrl("https://buy.stripe.com/x?locale=fr&a=%20b&c=d+e&x=~*'&z=1#top");
    expect(paramsOf(out)).toEqual([
      ['locale', 'fr'],
      ['a', ' b'],
      ['c', 'd e'],
      ['x', "~*'"],
      ['z', '1'],
      ['client_reference_id', visitor],
      ['prefilled_email', ''],
      ['engagetrack_session_id', session],
    ]);
  });

  it('keeps the fragment at the end', () => {
    const out = sdk.decorateUrl('https://buy.stripe.com/x?locale=fr#plan-pro');
    expect(new URL(out).hash).toBe('#plan-pro');
    expect(out.endsWith('#plan-pro')).toBe(true);
  });

  it('keeps the path', () => {
    expect(new URL(sdk.decorateUrl('https://buy.stripe.com/test_00g5kD8Yf0aH1Ne6oo')).pathname).toBe(
      '/test_00g5kD8Yf0aH1Ne6oo',
    );
  });
});

describe('decorating again changes nothing', () => {
  it.each(PLAIN_LINKS)('%s decorated twice is the same string', (href) => {
    const once = sdk.decorateUrl(href);
    expect(sdk.decorateUrl(once)).toBe(once);
    expect(sdk.decorateUrl(sdk.decorateUrl(once))).toBe(once);
  });

  it('has each of our parameters exactly once after many runs', () => {
    let href = 'https://buy.stripe.com/x?locale=fr#top';
    for (let i = 0; i < 5; i++) href = sdk.decorateUrl(href);
    const names = paramsOf(href).map(([name]) => name);
    expect(names).toEqual(['locale', 'client_reference_id', 'prefilled_email', 'engagetrack_session_id']);
  });
});

describe('a client_reference_id the merchant set is kept', () => {
  it('keeps the merchant reference and still adds the session, otherwise like the snippet', () => {
    const href = 'https://buy.stripe.com/x?client_reference_id=order-4711&locale=fr';
    const out = sdk.decorateUrl(href);
    expect(param(out, 'client_reference_id')).toBe('order-4711');
    expect(param(out, 'engagetrack_session_id')).toBe(session);
    // Same bytes as the snippet would give with the merchant's value as the "visitor".
    expect(out).toBe(snippetDecorate(href, 'order-4711', session));
  });

  it('treats an empty client_reference_id= as absent and fills in the visitor ID', () => {
    const href = 'https://buy.stripe.com/x?client_reference_id=&locale=fr';
    const out = sdk.decorateUrl(href);
    expect(param(out, 'client_reference_id')).toBe(visitor);
    expect(out).toBe(snippetDecorate(href, visitor, session));
  });

  it('replaces the merchant reference when overwriteReference is on', () => {
    sdk.init({ overwriteReference: true })();
    const href = 'https://buy.stripe.com/x?client_reference_id=order-4711&locale=fr';
    const out = sdk.decorateUrl(href);
    expect(param(out, 'client_reference_id')).toBe(visitor);
    expect(out).toBe(snippetDecorate(href, visitor, session));
  });
});

describe('a URL decorated earlier follows new IDs', () => {
  it('gives the new visitor when a URL built before reset() is decorated again', () => {
    const first = sdk.decorateUrl('https://buy.stripe.com/x?locale=fr');
    sdk.reset();
    const again = sdk.decorateUrl(first);
    const { visitor: newVisitor, session: newSession } = { visitor: sdk.getVisitorId(), session: sdk.getSessionId() };
    expect(newVisitor).not.toBe(visitor);
    expect(param(again, 'client_reference_id')).toBe(newVisitor);
    expect(param(again, 'engagetrack_session_id')).toBe(newSession);
    expect(again).toBe(snippetDecorate('https://buy.stripe.com/x?locale=fr', newVisitor, newSession));
  });

  it("fills in the IDs of a link built with the docs' manual snippet before the SDK had loaded", () => {
    // `${window.engagetrack?.getVisitorId() || ""}` gave empty values.
    const href = 'https://buy.stripe.com/aBC123dEfGhI?client_reference_id=&engagetrack_session_id=';
    const out = sdk.decorateUrl(href);
    expect(param(out, 'client_reference_id')).toBe(visitor);
    expect(param(out, 'engagetrack_session_id')).toBe(session);
    expect(out).toBe(snippetDecorate(href, visitor, session));
  });
});

describe("referenceFormat 'visitor+session' in decorateUrl()", () => {
  it('puts <visitor>_<session> in client_reference_id', () => {
    sdk.init({ referenceFormat: 'visitor+session' })();
    const href = 'https://buy.stripe.com/x';
    expect(sdk.decorateUrl(href)).toBe(snippetDecorate(href, `${visitor}_${session}`, session));
  });
});

describe('a prefilled_email already on the link is kept', () => {
  it('keeps the address and is otherwise exactly the snippet', () => {
    const href = 'https://buy.stripe.com/x?prefilled_email=jane%2Bshop%40example.com&locale=fr';
    const out = sdk.decorateUrl(href);
    expect(param(out, 'prefilled_email')).toBe('jane+shop@example.com');
    expect(out).toBe(snippetDecorate(href, visitor, session));
  });

  it('keeps an empty prefilled_email= in its place', () => {
    const href = 'https://buy.stripe.com/x?prefilled_email=&locale=fr';
    expect(sdk.decorateUrl(href)).toBe(snippetDecorate(href, visitor, session));
  });
});

describe('any URL that is not a Payment Link comes back unchanged (no ID leaks)', () => {
  const DECOYS = [
    'https://evil.example/?u=buy.stripe.com',
    'https://buy.stripe.com.evil.example/x',
    'https://buy.stripe.com@evil.example/',
    'https://user@buy.stripe.com/x',
    'https://user:pass@buy.stripe.com/x',
    'https://:pass@buy.stripe.com/x',
    'http://buy.stripe.com/x',
    'https://checkout.stripe.com/c/pay/x',
    'https://stripe.com/buy.stripe.com',
    'https://evilbuy.stripe.com/x',
    'wss://buy.stripe.com/x',
    '/buy.stripe.com',
    '//buy.stripe.com/x',
    'buy.stripe.com/x',
    "javascript:alert('buy.stripe.com')",
    'https://buy.stripe.com:99999/',
    'https://[buy.stripe.com]/',
    '',
    ' ',
  ];
  it.each(DECOYS)('%j', (href) => {
    expect(sdk.decorateUrl(href)).toBe(href);
  });
});

describe('the host is compared without its port', () => {
  it('decorates buy.stripe.com on another port: the IDs still go to that host only', () => {
    const href = 'https://buy.stripe.com:8443/x';
    expect(sdk.decorateUrl(href)).toBe(snippetDecorate(href, visitor, session));
  });

  it('never decorates another host on the same port', () => {
    expect(sdk.decorateUrl('https://evil.example:8443/buy.stripe.com')).toBe(
      'https://evil.example:8443/buy.stripe.com',
    );
  });
});

describe('a call with something other than a string never breaks the page', () => {
  it.each([undefined, null, 42, Number.NaN, {}, [], true])('%j comes back as it was', (value) => {
    expect(() => sdk.decorateUrl(value as unknown as string)).not.toThrow();
    expect(sdk.decorateUrl(value as unknown as string)).toBe(value);
  });

  it('accepts a Symbol or an object whose toString throws', () => {
    const symbol = Symbol('x');
    expect(sdk.decorateUrl(symbol as unknown as string)).toBe(symbol);
    const hostile = {
      toString() {
        throw new Error('boom');
      },
    };
    expect(sdk.decorateUrl(hostile as unknown as string)).toBe(hostile);
  });

  it('returns a URL object of another site untouched', () => {
    const url = new URL('https://evil.example/?u=buy.stripe.com');
    expect(sdk.decorateUrl(url as unknown as string)).toBe(url);
    expect(url.href).toBe('https://evil.example/?u=buy.stripe.com');
  });

  it("never modifies a Payment Link URL object it is given, and returns the snippet's string for it", () => {
    const url = new URL('https://buy.stripe.com/x?locale=fr');
    const out: unknown = sdk.decorateUrl(url as unknown as string);
    expect(url.href).toBe('https://buy.stripe.com/x?locale=fr');
    expect(out).toBe(snippetDecorate(url.href, visitor, session));
  });
});

describe('Stripe custom domains from paymentLinkHosts are Payment Links too', () => {
  it('decorates a custom domain like the snippet, whatever the case of the host in the option or the link', () => {
    sdk.init({ paymentLinkHosts: ['Pay.Example.COM'] })();
    for (const href of ['https://pay.example.com/x?locale=fr', 'https://PAY.EXAMPLE.com/x#top']) {
      expect(sdk.decorateUrl(href)).toBe(snippetDecorate(href, visitor, session));
    }
  });

  it('still decorates buy.stripe.com, and not look-alikes of the custom domain', () => {
    sdk.init({ paymentLinkHosts: ['pay.example.com'] })();
    const stripe = 'https://buy.stripe.com/x';
    expect(sdk.decorateUrl(stripe)).toBe(snippetDecorate(stripe, visitor, session));
    for (const decoy of [
      'http://pay.example.com/x',
      'https://pay.example.com.evil.example/x',
      'https://evil.example/?pay.example.com',
      'https://user@pay.example.com/x',
      'https://example.com/x',
    ]) {
      expect(sdk.decorateUrl(decoy)).toBe(decoy);
    }
  });

  it('leaves a custom domain alone when it is not configured', () => {
    expect(sdk.decorateUrl('https://pay.example.com/x')).toBe('https://pay.example.com/x');
  });
});
