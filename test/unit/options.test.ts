import { describe, expect, it, vi } from 'vitest';
import { freshPage, HOME, hrefOf, landOn, param } from './decorate-helpers.js';
import { cookies, ID, type loadSdk, page, STORE_KEY, snippetDecorate } from './helpers.js';

type Sdk = Awaited<ReturnType<typeof loadSdk>>;

let sdk: Sdk;
const fresh = freshPage((loaded) => {
  sdk = loaded;
});

/** init() with any value: it must neither throw nor return anything but a stop function. */
function start(options?: unknown): () => void {
  let stop: () => void = () => {};
  expect(() => {
    stop = fresh.start(options as Parameters<Sdk['init']>[0]);
  }).not.toThrow();
  expect(typeof stop).toBe('function');
  return stop;
}

const T0 = new Date('2030-03-01T09:00:00Z').getTime();
const minutes = (n: number) => n * 60_000;

describe('an invalid sessionTimeout falls back to 30 minutes', () => {
  it.each([
    ['-5', -5],
    ['0', 0],
    ["'abc'", 'abc'],
    ['NaN', Number.NaN],
    ['null', null],
    ['an object', {}],
  ])('sessionTimeout %s: the session survives 29 idle minutes and ends after 31', (_, value) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    start({ sessionTimeout: value });
    const session = sdk.getSessionId();
    expect(session).toMatch(ID);
    vi.setSystemTime(T0 + minutes(29));
    expect(sdk.getSessionId()).toBe(session);
    vi.setSystemTime(T0 + minutes(29 + 31));
    expect(sdk.getSessionId()).not.toBe(session);
  });

  it('uses a valid sessionTimeout: 60 keeps the session over 45 idle minutes', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    start({ sessionTimeout: 60 });
    const session = sdk.getSessionId();
    vi.setSystemTime(T0 + minutes(45));
    expect(sdk.getSessionId()).toBe(session);
    vi.setSystemTime(T0 + minutes(45 + 61));
    expect(sdk.getSessionId()).not.toBe(session);
  });

  it('uses a valid sessionTimeout: 5 ends the session after 6 idle minutes', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    start({ sessionTimeout: 5 });
    const session = sdk.getSessionId();
    vi.setSystemTime(T0 + minutes(6));
    expect(sdk.getSessionId()).not.toBe(session);
  });
});

describe('invalid paymentLinkHosts entries are ignored, valid ones still work', () => {
  const links = () =>
    page(`
      <a id="stripe" href="https://buy.stripe.com/x">stripe</a>
      <a id="valid" href="https://shop-pay.example.com/x">valid</a>
      <a id="spaced" href="https://pay.other.com/x">spaced</a>
      <a id="broken" href="https://pay.example.com/x">broken entry</a>
      <a id="number" href="https://42/x">number</a>`);

  it('skips a quote-breaking entry, empty strings and non-strings without throwing', () => {
    links();
    start({
      paymentLinkHosts: [
        'pay.example.com"]',
        '',
        42,
        null,
        {},
        'shop-pay.example.com',
        '  Pay.Other.COM  ',
        'a"],*,a[x="',
      ],
    });
    const { visitor, session } = { visitor: sdk.getVisitorId(), session: sdk.getSessionId() };
    expect(hrefOf('#stripe')).toBe(snippetDecorate('https://buy.stripe.com/x', visitor, session));
    expect(hrefOf('#valid')).toBe(snippetDecorate('https://shop-pay.example.com/x', visitor, session));
    expect(hrefOf('#spaced')).toBe(snippetDecorate('https://pay.other.com/x', visitor, session));
    expect(hrefOf('#broken')).toBe('https://pay.example.com/x');
    expect(hrefOf('#number')).toBe('https://42/x');
    // A later pass works too: the selector built from the hosts is valid.
    expect(sdk.decorateStripeLinks()).toBe(3);
  });

  it.each([
    ['a number', 42],
    ['null', null],
    ['an object', { host: 'pay.example.com' }],
    ['a list of nothing valid', ['', '"', '*']],
  ])('paymentLinkHosts as %s still decorates buy.stripe.com', (_, value) => {
    links();
    start({ paymentLinkHosts: value });
    expect(param(hrefOf('#stripe')!, 'client_reference_id')).toBe(sdk.getVisitorId());
    expect(hrefOf('#broken')).toBe('https://pay.example.com/x');
    expect(sdk.decorateStripeLinks()).toBe(1);
  });
});

describe('init() with something other than an options object uses the defaults', () => {
  it.each([
    ['a string', 'nonsense'],
    ['null', null],
    ['a number', 42],
    ['an array', ['debug']],
    ['a function', () => ({ debug: true })],
  ])('init(%s) starts automatic mode with the defaults', (_, value) => {
    const log = vi.spyOn(console, 'log');
    page(`
      <a id="stripe" href="https://buy.stripe.com/x">stripe</a>
      <a id="merchant" href="https://buy.stripe.com/x?client_reference_id=order-1">merchant</a>`);
    start(value);
    expect(hrefOf('#stripe')).toBe(snippetDecorate('https://buy.stripe.com/x', sdk.getVisitorId(), sdk.getSessionId()));
    expect(param(hrefOf('#merchant')!, 'client_reference_id')).toBe('order-1');
    expect(cookies()[STORE_KEY]).toContain(sdk.getVisitorId());
    expect(log).not.toHaveBeenCalled();
  });

  it('init() with no argument works', () => {
    page('<a id="stripe" href="https://buy.stripe.com/x">stripe</a>');
    start();
    expect(param(hrefOf('#stripe')!, 'client_reference_id')).toBe(sdk.getVisitorId());
  });

  it('ignores unknown option names', () => {
    page('<a id="stripe" href="https://buy.stripe.com/x">stripe</a>');
    start({ colour: 'blue', paymentLinkHost: 'pay.example.com', _hosts: ['evil.example'] });
    expect(param(hrefOf('#stripe')!, 'client_reference_id')).toBe(sdk.getVisitorId());
    expect(sdk.decorateUrl('https://evil.example/x')).toBe('https://evil.example/x');
  });
});

describe('an unknown referenceFormat gives the visitor ID', () => {
  it.each(['session', 'VISITOR+SESSION', 'visitor_session', '', 42, null])('referenceFormat %j', (value) => {
    page('<a id="l" href="https://buy.stripe.com/x">x</a><stripe-buy-button id="b"></stripe-buy-button>');
    start({ referenceFormat: value });
    expect(param(hrefOf('#l')!, 'client_reference_id')).toBe(sdk.getVisitorId());
    expect(document.getElementById('b')!.getAttribute('client-reference-id')).toBe(sdk.getVisitorId());
  });
});

describe('a boolean option given as a string counts as absent (the default applies)', () => {
  it("overwriteReference: 'false' keeps the merchant's client_reference_id", () => {
    page(`
      <a id="merchant" href="https://buy.stripe.com/x?client_reference_id=order-1">merchant</a>
      <stripe-buy-button id="b" client-reference-id="crm-42"></stripe-buy-button>`);
    start({ overwriteReference: 'false' });
    expect(param(hrefOf('#merchant')!, 'client_reference_id')).toBe('order-1');
    expect(document.getElementById('b')!.getAttribute('client-reference-id')).toBe('crm-42');
  });

  it("forwardUtm: 'false' forwards no UTM", () => {
    landOn('/?utm_source=newsletter');
    start({ forwardUtm: 'false' });
    landOn(HOME);
    const out = sdk.decorateUrl('https://buy.stripe.com/x');
    expect(out).toBe(snippetDecorate('https://buy.stripe.com/x', sdk.getVisitorId(), sdk.getSessionId()));
  });

  it("debug: 'false' logs nothing", () => {
    const log = vi.spyOn(console, 'log');
    page('<a href="https://buy.stripe.com/x">x</a><a href="http://buy.stripe.com/x">x</a>');
    start({ debug: 'false' });
    expect(log).not.toHaveBeenCalled();
  });
});

describe('an invalid cookieDomain never breaks the page', () => {
  it.each([42, {}, '', 'not a domain', 'evil.example'])('cookieDomain %j keeps a host-only cookie', (value) => {
    page('<a id="l" href="https://buy.stripe.com/x">x</a>');
    start({ cookieDomain: value });
    const visitor = sdk.getVisitorId();
    expect(cookies()[STORE_KEY]).toContain(visitor);
    expect(param(hrefOf('#l')!, 'client_reference_id')).toBe(visitor);
  });
});
