import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  freshPage,
  HOME,
  hrefOf,
  landOn,
  param,
  paramsOf,
  STRIPE_REFERENCE,
  spySetAttribute,
  spyStorageReads,
  watchAttributes,
} from './decorate-helpers.js';
import { clearStores, ID, loadSdk, page, snippetDecorate } from './helpers.js';
import { useClock } from './identity-helpers.js';

type Sdk = Awaited<ReturnType<typeof loadSdk>>;

let sdk: Sdk;
freshPage((loaded) => {
  sdk = loaded;
});

/** Decoys: every one mentions buy.stripe.com, none is a Payment Link. */
const DECOYS = [
  'https://evil.example/?u=buy.stripe.com',
  'https://buy.stripe.com.evil.example/x',
  'https://buy.stripe.com@evil.example/',
  'https://user@buy.stripe.com/x',
  'http://buy.stripe.com/x',
  'https://checkout.stripe.com/c/pay/x?from=buy.stripe.com',
  '/buy.stripe.com',
  'buy.stripe.com/x',
  "javascript:alert('buy.stripe.com')",
  'https://buy.stripe.com:99999/',
];

const escapeAttr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** A shop page: 4 payment links, an image-map area, 3 Stripe components, and every decoy. */
function shopPage(): HTMLElement {
  return page(`
    <main>
      <a id="plain" href="https://buy.stripe.com/aBC123dEfGhI">Buy now</a>
      <a id="query" href="https://buy.stripe.com/x?locale=fr&amp;a=%20b&amp;c=d+e#top">Acheter</a>
      <a id="upper" href="HTTPS://BUY.STRIPE.COM/Upper">Buy</a>
      <a id="merchant" href="https://buy.stripe.com/x?client_reference_id=order-4711">Order 4711</a>
      <map name="plans"><area id="area" shape="rect" coords="0,0,10,10" href="https://buy.stripe.com/area1"></map>
      <stripe-pricing-table id="table" pricing-table-id="prctbl_1" publishable-key="pk_test_1"></stripe-pricing-table>
      <stripe-buy-button id="button" buy-button-id="buy_1" publishable-key="pk_test_1"></stripe-buy-button>
      <stripe-buy-button id="button-merchant" buy-button-id="buy_2" client-reference-id="crm-42"></stripe-buy-button>
      ${DECOYS.map((href, i) => `<a class="decoy" id="decoy${i}" href="${escapeAttr(href)}">decoy</a>`).join('\n')}
      <a id="home" href="/">Home</a>
      <a id="nohref">No href</a>
    </main>`);
}

const PAYMENT_ELEMENTS = 8;

/** The href the snippet would have produced for the element's original href. */
function expected(original: string, visitor: string, session: string): string {
  return snippetDecorate(new URL(original, location.href).href, visitor, session);
}

describe('decorateStripeLinks() reports how many payment elements it found', () => {
  it('counts payment links, areas and Stripe components, never the decoys', () => {
    shopPage();
    expect(sdk.decorateStripeLinks()).toBe(PAYMENT_ELEMENTS);
  });

  it('returns 0 on a page with only look-alike links', () => {
    page(DECOYS.map((href) => `<a href="${escapeAttr(href)}">x</a>`).join(''));
    expect(sdk.decorateStripeLinks()).toBe(0);
  });

  it('returns the same count on a repeat pass', () => {
    shopPage();
    sdk.decorateStripeLinks();
    expect(sdk.decorateStripeLinks()).toBe(PAYMENT_ELEMENTS);
  });
});

describe('payment links get the visitor and session IDs exactly as the docs snippet puts them', () => {
  it('decorates links and areas byte-for-byte like the snippet', () => {
    shopPage();
    const originals = Object.fromEntries(
      ['plain', 'query', 'upper', 'area'].map((id) => [id, document.getElementById(id)!.getAttribute('href')!]),
    );
    sdk.decorateStripeLinks();
    const visitor = sdk.getVisitorId();
    const session = sdk.getSessionId();
    for (const [id, original] of Object.entries(originals)) {
      expect(hrefOf(`#${id}`), id).toBe(expected(original, visitor, session));
    }
    expect(param(hrefOf('#area')!, 'client_reference_id')).toBe(visitor);
  });

  it('keeps a client_reference_id the merchant put on the link, and still adds the session', () => {
    shopPage();
    sdk.decorateStripeLinks();
    const href = hrefOf('#merchant')!;
    expect(param(href, 'client_reference_id')).toBe('order-4711');
    expect(param(href, 'engagetrack_session_id')).toBe(sdk.getSessionId());
  });

  it('decorates a protocol-relative link to buy.stripe.com (it resolves to https: on this page)', () => {
    page('<a id="pr" href="//buy.stripe.com/x">Buy</a>');
    expect(sdk.decorateStripeLinks()).toBe(1);
    expect(hrefOf('#pr')).toBe(snippetDecorate('https://buy.stripe.com/x', sdk.getVisitorId(), sdk.getSessionId()));
  });
});

describe('look-alike, relative and javascript: links keep their exact href', () => {
  it('leaves every decoy attribute byte-for-byte as the merchant wrote it', () => {
    shopPage();
    const calls = spySetAttribute();
    sdk.decorateStripeLinks();
    DECOYS.forEach((href, i) => {
      expect(hrefOf(`#decoy${i}`)).toBe(href);
    });
    expect(hrefOf('#home')).toBe('/');
    expect(document.getElementById('nohref')!.hasAttribute('href')).toBe(false);
    // Only the payment elements were written to.
    expect(calls.length).toBeLessThanOrEqual(PAYMENT_ELEMENTS);
  });

  it('puts no ID anywhere in the decoys', () => {
    shopPage();
    sdk.decorateStripeLinks();
    const visitor = sdk.getVisitorId();
    for (const decoy of document.querySelectorAll('.decoy')) {
      expect(decoy.getAttribute('href')).not.toContain(visitor);
      expect(decoy.getAttribute('href')).not.toContain('engagetrack_session_id');
    }
  });
});

describe('Stripe Pricing Tables and Buy Buttons get the visitor ID', () => {
  it('sets client-reference-id to the visitor ID and keeps the merchant value', () => {
    shopPage();
    sdk.decorateStripeLinks();
    const visitor = sdk.getVisitorId();
    expect(document.getElementById('table')!.getAttribute('client-reference-id')).toBe(visitor);
    expect(document.getElementById('button')!.getAttribute('client-reference-id')).toBe(visitor);
    expect(document.getElementById('button-merchant')!.getAttribute('client-reference-id')).toBe('crm-42');
  });

  it('treats an empty client-reference-id as absent', () => {
    page('<stripe-buy-button id="b" client-reference-id=""></stripe-buy-button>');
    sdk.decorateStripeLinks();
    expect(document.getElementById('b')!.getAttribute('client-reference-id')).toBe(sdk.getVisitorId());
  });

  it("replaces the merchant's values on links and components with overwriteReference", () => {
    sdk.init({ overwriteReference: true })();
    shopPage();
    expect(sdk.decorateStripeLinks()).toBe(PAYMENT_ELEMENTS);
    const visitor = sdk.getVisitorId();
    expect(document.getElementById('button-merchant')!.getAttribute('client-reference-id')).toBe(visitor);
    expect(param(hrefOf('#merchant')!, 'client_reference_id')).toBe(visitor);
  });
});

describe('the root argument limits the pass to part of the page', () => {
  beforeEach(() => {
    page(`
      <section id="one">
        <a id="in" href="https://buy.stripe.com/in">in</a>
        <stripe-buy-button id="in-button"></stripe-buy-button>
      </section>
      <section id="two">
        <a id="out" href="https://buy.stripe.com/out">out</a>
        <stripe-pricing-table id="out-table"></stripe-pricing-table>
      </section>`);
  });

  it('decorates only what is inside the root', () => {
    expect(sdk.decorateStripeLinks(document.getElementById('one')!)).toBe(2);
    expect(param(hrefOf('#in')!, 'client_reference_id')).toBe(sdk.getVisitorId());
    expect(document.getElementById('in-button')!.getAttribute('client-reference-id')).toBe(sdk.getVisitorId());
    expect(hrefOf('#out')).toBe('https://buy.stripe.com/out');
    expect(document.getElementById('out-table')!.hasAttribute('client-reference-id')).toBe(false);
  });

  it('decorates a root that is itself a payment link', () => {
    expect(sdk.decorateStripeLinks(document.getElementById('out')!)).toBe(1);
    expect(param(hrefOf('#out')!, 'client_reference_id')).toBe(sdk.getVisitorId());
    expect(hrefOf('#in')).toBe('https://buy.stripe.com/in');
  });

  it('decorates links inside a shadow root or a fragment not yet in the page', () => {
    const host = document.getElementById('two')!;
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<a id="shadow" href="https://buy.stripe.com/shadow">x</a>';
    expect(sdk.decorateStripeLinks(shadow)).toBe(1);
    expect(param(shadow.getElementById('shadow')!.getAttribute('href')!, 'client_reference_id')).toBe(
      sdk.getVisitorId(),
    );

    const template = document.createElement('template');
    template.innerHTML = '<div><a href="https://buy.stripe.com/frag">x</a></div>';
    const fragment = template.content;
    expect(sdk.decorateStripeLinks(fragment)).toBe(1);
    expect(param(fragment.querySelector('a')!.getAttribute('href')!, 'engagetrack_session_id')).toBe(
      sdk.getSessionId(),
    );
  });
});

describe('an invalid root is ignored without breaking the page', () => {
  it.each([
    ['null', null],
    ['an empty object', {}],
    ['a string', 'main'],
    ['a number', 42],
    ['a text node', 'text-node'],
  ])('%s returns 0 and changes nothing', (_, root) => {
    shopPage();
    const value = root === 'text-node' ? document.createTextNode('buy.stripe.com') : root;
    const before = document.body.innerHTML;
    let count: number | undefined;
    expect(() => {
      count = sdk.decorateStripeLinks(value as unknown as ParentNode);
    }).not.toThrow();
    expect(count).toBe(0);
    expect(document.body.innerHTML).toBe(before);
  });
});

describe('a repeat pass over an already decorated page writes nothing', () => {
  it('makes no setAttribute call and no attribute mutation the second time', async () => {
    shopPage();
    sdk.decorateStripeLinks();
    const hrefs = [...document.querySelectorAll('a,area')].map((el) => el.getAttribute('href'));
    const calls = spySetAttribute();
    const watcher = watchAttributes();
    expect(sdk.decorateStripeLinks()).toBe(PAYMENT_ELEMENTS);
    expect(sdk.decorateStripeLinks()).toBe(PAYMENT_ELEMENTS);
    await Promise.resolve();
    expect(calls).toEqual([]);
    expect(watcher.records()).toEqual([]);
    watcher.stop();
    expect([...document.querySelectorAll('a,area')].map((el) => el.getAttribute('href'))).toEqual(hrefs);
  });

  it('does rewrite a link whose href the page changed since', () => {
    shopPage();
    sdk.decorateStripeLinks();
    document.getElementById('plain')!.setAttribute('href', 'https://buy.stripe.com/changed');
    sdk.decorateStripeLinks();
    expect(hrefOf('#plain')).toBe(
      snippetDecorate('https://buy.stripe.com/changed', sdk.getVisitorId(), sdk.getSessionId()),
    );
  });

  it('writes nothing to a link the merchant already decorated with the current IDs', () => {
    const visitor = sdk.getVisitorId();
    const session = sdk.getSessionId();
    const ready = snippetDecorate('https://buy.stripe.com/x?locale=fr', visitor, session);
    page(`<a id="ready" href="${ready}">x</a>`);
    const calls = spySetAttribute();
    expect(sdk.decorateStripeLinks()).toBe(1);
    expect(calls).toEqual([]);
    expect(hrefOf('#ready')).toBe(ready);
  });
});

describe('storage is read once per pass, not once per link', () => {
  const fiftyLinks = () =>
    page(Array.from({ length: 50 }, (_, i) => `<a href="https://buy.stripe.com/link${i}">${i}</a>`).join(''));

  it('reads localStorage and the cookie at most twice in all for 50 links', () => {
    const clock = useClock();
    sdk.getVisitorId();
    fiftyLinks();
    // More than a second later, when the SDK reads the stores again (within a second it answers from memory).
    clock.advance(1001);
    const reads = spyStorageReads();
    expect(sdk.decorateStripeLinks()).toBe(50);
    expect(reads.localStorage).toBeGreaterThan(0);
    expect(reads.total()).toBeLessThanOrEqual(2);
  });

  it('reads no more on the first pass of a page with 50 links than with 1 link', async () => {
    const readsFor = async (count: number) => {
      clearStores();
      sdk = await loadSdk();
      page(Array.from({ length: count }, (_, i) => `<a href="https://buy.stripe.com/l${i}">${i}</a>`).join(''));
      const reads = spyStorageReads();
      expect(sdk.decorateStripeLinks()).toBe(count);
      const total = reads.total();
      vi.restoreAllMocks();
      return total;
    };
    const one = await readsFor(1);
    const fifty = await readsFor(50);
    expect(one).toBeGreaterThan(0);
    expect(fifty).toBe(one);
  });

  it('reads at most twice for a repeat pass over 50 decorated links', () => {
    fiftyLinks();
    sdk.decorateStripeLinks();
    const reads = spyStorageReads();
    sdk.decorateStripeLinks();
    expect(reads.total()).toBeLessThanOrEqual(2);
  });
});

describe('after reset() the page carries the new visitor', () => {
  it("re-decorates links and components with the new IDs and keeps the merchant's references", () => {
    shopPage();
    const original = hrefOf('#query')!;
    sdk.decorateStripeLinks();
    const oldVisitor = sdk.getVisitorId();
    const oldSession = sdk.getSessionId();

    sdk.reset();
    const visitor = sdk.getVisitorId();
    const session = sdk.getSessionId();
    expect(visitor).not.toBe(oldVisitor);
    expect(session).not.toBe(oldSession);

    expect(hrefOf('#query')).toBe(expected(original, visitor, session));
    expect(hrefOf('#plain')).toBe(expected('https://buy.stripe.com/aBC123dEfGhI', visitor, session));
    expect(hrefOf('#area')).toBe(expected('https://buy.stripe.com/area1', visitor, session));
    expect(param(hrefOf('#merchant')!, 'client_reference_id')).toBe('order-4711');
    expect(param(hrefOf('#merchant')!, 'engagetrack_session_id')).toBe(session);
    expect(document.getElementById('table')!.getAttribute('client-reference-id')).toBe(visitor);
    expect(document.getElementById('button-merchant')!.getAttribute('client-reference-id')).toBe('crm-42');
    expect(document.body.innerHTML).not.toContain(oldVisitor);
    expect(document.body.innerHTML).not.toContain(oldSession);
  });

  it('gives the same hrefs on a pass after reset() as reset() itself left', () => {
    shopPage();
    sdk.decorateStripeLinks();
    sdk.reset();
    const hrefs = [...document.querySelectorAll('a,area')].map((el) => el.getAttribute('href'));
    sdk.decorateStripeLinks();
    expect([...document.querySelectorAll('a,area')].map((el) => el.getAttribute('href'))).toEqual(hrefs);
  });
});

describe('after reset() a link the merchant built with decorateUrl() carries the new visitor', () => {
  it('replaces the old visitor ID, which is ours and not a merchant reference', () => {
    const built = sdk.decorateUrl('https://buy.stripe.com/x?locale=fr');
    const oldVisitor = sdk.getVisitorId();
    page(`<a id="built" href="${built}">Buy</a>`);
    sdk.decorateStripeLinks();
    sdk.reset();
    const visitor = sdk.getVisitorId();
    expect(visitor).not.toBe(oldVisitor);
    expect(param(hrefOf('#built')!, 'client_reference_id')).toBe(visitor);
    expect(hrefOf('#built')).not.toContain(oldVisitor);
  });
});

describe("referenceFormat 'visitor+session' puts both IDs in client_reference_id", () => {
  it('gives <visitor>_<session> on links and components, valid for Stripe', () => {
    sdk.init({ referenceFormat: 'visitor+session' })();
    shopPage();
    sdk.decorateStripeLinks();
    const visitor = sdk.getVisitorId();
    const session = sdk.getSessionId();
    const reference = `${visitor}_${session}`;
    expect(visitor).toMatch(ID);
    expect(reference).toMatch(STRIPE_REFERENCE);
    expect(param(hrefOf('#plain')!, 'client_reference_id')).toBe(reference);
    expect(param(hrefOf('#area')!, 'client_reference_id')).toBe(reference);
    expect(param(hrefOf('#plain')!, 'engagetrack_session_id')).toBe(session);
    expect(hrefOf('#plain')).toBe(snippetDecorate('https://buy.stripe.com/aBC123dEfGhI', reference, session));
    expect(document.getElementById('table')!.getAttribute('client-reference-id')).toBe(reference);
    expect(document.getElementById('button-merchant')!.getAttribute('client-reference-id')).toBe('crm-42');
    expect(param(hrefOf('#merchant')!, 'client_reference_id')).toBe('order-4711');
  });

  it('splits back into exactly the visitor and session IDs', () => {
    sdk.init({ referenceFormat: 'visitor+session' })();
    page('<a id="l" href="https://buy.stripe.com/x">x</a>');
    sdk.decorateStripeLinks();
    const [visitor, session, ...rest] = param(hrefOf('#l')!, 'client_reference_id')!.split('_');
    expect(rest).toEqual([]);
    expect(visitor).toBe(sdk.getVisitorId());
    expect(session).toBe(sdk.getSessionId());
  });

  it('follows a new visitor after reset()', () => {
    sdk.init({ referenceFormat: 'visitor+session' })();
    shopPage();
    sdk.decorateStripeLinks();
    sdk.reset();
    const reference = `${sdk.getVisitorId()}_${sdk.getSessionId()}`;
    expect(param(hrefOf('#plain')!, 'client_reference_id')).toBe(reference);
    expect(document.getElementById('button')!.getAttribute('client-reference-id')).toBe(reference);
  });
});

describe('forwardUtm passes the landing UTMs of the session on to Stripe', () => {
  const campaign = `${'spring_sale-'.repeat(12)}${'x'.repeat(100)}`; // 244 characters
  const landing = `/?utm_source=News Letter&utm_medium=e-mail!&utm_campaign=${campaign}&utm_content=&utm_term=%F0%9F%98%80 big..sale`;

  async function landWithUtms(forwardUtm = true): Promise<void> {
    landOn(landing);
    sdk = await loadSdk();
    sdk.init({ forwardUtm })();
    landOn(HOME);
  }

  it('adds the normalized UTMs after our parameters, leaves empty ones out, cuts at 150', async () => {
    await landWithUtms();
    page('<a id="l" href="https://buy.stripe.com/x?locale=fr#top">x</a>');
    sdk.decorateStripeLinks();
    const href = hrefOf('#l')!;
    expect(paramsOf(href)).toEqual([
      ['locale', 'fr'],
      ['client_reference_id', sdk.getVisitorId()],
      ['prefilled_email', ''],
      ['engagetrack_session_id', sdk.getSessionId()],
      ['utm_source', 'News-Letter'],
      ['utm_medium', 'e-mail-'],
      ['utm_campaign', campaign.slice(0, 150)],
      ['utm_term', '-big-sale'],
    ]);
    expect(new URL(href).hash).toBe('#top');
    for (const [name, value] of paramsOf(href)) {
      if (name.startsWith('utm_')) expect(value).toMatch(/^[A-Za-z0-9_-]{1,150}$/);
    }
  });

  it('keeps a UTM the merchant already put on the link', async () => {
    await landWithUtms();
    page('<a id="l" href="https://buy.stripe.com/x?utm_source=partner-site&utm_term=">x</a>');
    sdk.decorateStripeLinks();
    const href = hrefOf('#l')!;
    expect(param(href, 'utm_source')).toBe('partner-site');
    expect(param(href, 'utm_term')).toBe('');
    expect(param(href, 'utm_medium')).toBe('e-mail-');
  });

  it('keeps the landing UTMs for the whole session, on later page loads too', async () => {
    await landWithUtms();
    sdk = await loadSdk();
    sdk.init({ forwardUtm: true })();
    page('<a id="l" href="https://buy.stripe.com/x">x</a>');
    sdk.decorateStripeLinks();
    expect(param(hrefOf('#l')!, 'utm_source')).toBe('News-Letter');
  });

  it('adds no UTM without forwardUtm', async () => {
    await landWithUtms(false);
    page('<a id="l" href="https://buy.stripe.com/x">x</a>');
    sdk.decorateStripeLinks();
    expect(paramsOf(hrefOf('#l')!).filter(([name]) => name.startsWith('utm_'))).toEqual([]);
    expect(hrefOf('#l')).toBe(snippetDecorate('https://buy.stripe.com/x', sdk.getVisitorId(), sdk.getSessionId()));
  });

  it('adds no UTM when the visitor landed without any', async () => {
    sdk.init({ forwardUtm: true })();
    page('<a id="l" href="https://buy.stripe.com/x">x</a>');
    sdk.decorateStripeLinks();
    expect(hrefOf('#l')).toBe(snippetDecorate('https://buy.stripe.com/x', sdk.getVisitorId(), sdk.getSessionId()));
  });

  it('also forwards the UTMs through decorateUrl()', async () => {
    await landWithUtms();
    expect(param(sdk.decorateUrl('https://buy.stripe.com/x'), 'utm_medium')).toBe('e-mail-');
  });
});

describe('a link pasted from a browser where the SDK had decorated it gets this visitor', () => {
  const otherVisitor = '0123456789abcdef0123456789abcdef';
  const otherSession = 'fedcba9876543210fedcba9876543210';

  it('replaces an SDK-shaped client_reference_id on a link that also carries engagetrack_session_id', () => {
    page(
      `<a id="pasted" href="https://buy.stripe.com/x?client_reference_id=${otherVisitor}&prefilled_email=&engagetrack_session_id=${otherSession}">Buy</a>`,
    );
    sdk.decorateStripeLinks();
    expect(hrefOf('#pasted')).toBe(
      `https://buy.stripe.com/x?client_reference_id=${sdk.getVisitorId()}&prefilled_email=&engagetrack_session_id=${sdk.getSessionId()}`,
    );
  });

  it('replaces a pasted <visitorId>_<sessionId> reference too', () => {
    page(
      `<a id="pasted" href="https://buy.stripe.com/x?client_reference_id=${otherVisitor}_${otherSession}&engagetrack_session_id=${otherSession}">Buy</a>`,
    );
    sdk.decorateStripeLinks();
    expect(param(hrefOf('#pasted')!, 'client_reference_id')).toBe(sdk.getVisitorId());
  });

  it("keeps the merchant's own reference (user_42) on a link that carries engagetrack_session_id", () => {
    page(
      `<a id="merchant" href="https://buy.stripe.com/x?client_reference_id=user_42&engagetrack_session_id=${otherSession}">Buy</a>`,
    );
    sdk.decorateStripeLinks();
    expect(param(hrefOf('#merchant')!, 'client_reference_id')).toBe('user_42');
    expect(param(hrefOf('#merchant')!, 'engagetrack_session_id')).toBe(sdk.getSessionId());
  });

  it("keeps an ID-shaped reference on a link without engagetrack_session_id: it is the merchant's", () => {
    page(`<a id="merchant" href="https://buy.stripe.com/x?client_reference_id=${otherVisitor}">Buy</a>`);
    sdk.decorateStripeLinks();
    expect(param(hrefOf('#merchant')!, 'client_reference_id')).toBe(otherVisitor);
  });

  it('keeps a reference with three parts or a short part: not shaped like an SDK reference', () => {
    page(
      `<a id="a" href="https://buy.stripe.com/x?client_reference_id=${otherVisitor}_${otherSession}_x&engagetrack_session_id=1">A</a>` +
        `<a id="b" href="https://buy.stripe.com/x?client_reference_id=order-1&engagetrack_session_id=1">B</a>`,
    );
    sdk.decorateStripeLinks();
    expect(param(hrefOf('#a')!, 'client_reference_id')).toBe(`${otherVisitor}_${otherSession}_x`);
    expect(param(hrefOf('#b')!, 'client_reference_id')).toBe('order-1');
  });

  it('decorateUrl() applies the same rule', () => {
    const pasted = `https://buy.stripe.com/x?client_reference_id=${otherVisitor}&engagetrack_session_id=${otherSession}`;
    expect(param(sdk.decorateUrl(pasted), 'client_reference_id')).toBe(sdk.getVisitorId());
  });
});
