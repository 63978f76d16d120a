// @vitest-environment node
// identityCookie() from `engagetrack/server` (SPEC "Server-set visitor cookie", "Server entry"): the
// visitor cookie a merchant's server sets on its HTML responses, so the visitor ID outlives Safari's
// 7-day cap on cookies written by script.
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { SERVER_KEY, STORE_KEY } from '../../src/lib/identity.js';
import { type IdentityCookie, type IdentityCookieOptions, identityCookie } from '../../src/server/index.js';

// IDs as the SDK writes them (32 lower-case hex digits), and the extremes of the accepted format.
const VISITOR = '5f0c2a9e8b7d4c3f9a1e6b2d8c4f7a03';
const OTHER = '0123456789abcdef0123456789abcdef';
const SESSION = 'c19d7e2f4a6b8c0d1e3f5a7b9c2d4e6f';
const MIN_ID = 'A1b2C3d4E5f6-7h8'; // 16 characters, mixed case and a hyphen
const MAX_ID = `${'a1-'.repeat(21)}z`; // 64 characters
const HEX32 = /^[0-9a-f]{32}$/;

/** The attributes every default cookie carries after `engagetrack_vid=<id>`. */
const DEFAULT_ATTRIBUTES = '; Path=/; Max-Age=34560000; SameSite=Lax; Secure';

/** The SDK's record cookie for a visitor, as the SDK writes it: `<visitor>.<session>.<start>.<last>`. */
const record = (visitor: string, utm = '') => `${visitor}.${SESSION}.1767225600000.1767225700000${utm}`;

/** Bypasses the parameter types, as plain JavaScript callers can. */
const anyValue = (value: unknown) => value as never;

/** An object whose every property read throws. */
function throwingProxy(): object {
  return new Proxy(
    {},
    {
      get() {
        throw new Error('boom');
      },
    },
  );
}

/** The cookie a call gives, parsed: name, value and attributes (lower-case names, in order). */
function parse(setCookie: string) {
  const [pair, ...attributes] = setCookie.split('; ');
  const [name, value] = pair.split('=');
  return { name, value, attributes: attributes.map((attribute) => attribute.split('=')) };
}

/** Expects a new visitor: a fresh ID of 32 hex digits and the default cookie for it. */
function expectNewVisitor(result: IdentityCookie) {
  expect(result.visitorId).toMatch(HEX32);
  expect(result.visitorId).not.toBe(VISITOR);
  expect(result.setCookie).toBe(`engagetrack_vid=${result.visitorId}${DEFAULT_ATTRIBUTES}`);
}

describe('a new visitor gets a new ID and a 400-day cookie', () => {
  it.each([
    ['no Cookie header (undefined)', undefined],
    ['no Cookie header (null, as Headers.get gives)', null],
    ['an empty header', ''],
    ['only other cookies', 'theme=dark; _ga=GA1.1.123.456'],
  ])('%s', (_label, header) => {
    expectNewVisitor(identityCookie(header));
  });

  it('gives every new visitor a different ID', () => {
    const ids = new Set(Array.from({ length: 100 }, () => identityCookie(undefined).visitorId));
    expect(ids.size).toBe(100);
  });

  it('draws new IDs from crypto.getRandomValues (128 bits), as the browser SDK does', () => {
    const random = vi.spyOn(crypto, 'getRandomValues');
    expectNewVisitor(identityCookie(undefined));
    expect(random).toHaveBeenCalledTimes(1);
    expect((random.mock.calls[0][0] as Uint8Array).length).toBe(16);
  });

  it('draws nothing for a visitor it already knows', () => {
    const random = vi.spyOn(crypto, 'getRandomValues');
    identityCookie(`engagetrack_vid=${VISITOR}`);
    identityCookie(`engagetrack_id=${record(VISITOR)}`);
    expect(random).not.toHaveBeenCalled();
  });
});

describe('a visitor with the engagetrack_vid cookie keeps it', () => {
  it('returns the ID and renews the cookie for another 400 days', () => {
    expect(identityCookie(`engagetrack_vid=${VISITOR}`)).toEqual({
      visitorId: VISITOR,
      setCookie: `engagetrack_vid=${VISITOR}${DEFAULT_ATTRIBUTES}`,
    });
  });

  it.each([
    ['16 characters, mixed case and a hyphen', MIN_ID],
    ['64 characters', MAX_ID],
    ['a UUID', '123e4567-e89b-12d3-a456-426614174000'],
    ['upper-case hex', VISITOR.toUpperCase()],
  ])('accepts every ID the SDK accepts: %s', (_label, id) => {
    expect(identityCookie(`engagetrack_vid=${id}`)).toEqual({
      visitorId: id,
      setCookie: `engagetrack_vid=${id}${DEFAULT_ATTRIBUTES}`,
    });
  });
});

describe('a visitor the SDK already knows (its engagetrack_id record) keeps that visitor ID', () => {
  it('adopts the visitor of the record: the first field', () => {
    expect(identityCookie(`engagetrack_id=${record(VISITOR)}`)).toEqual({
      visitorId: VISITOR,
      setCookie: `engagetrack_vid=${VISITOR}${DEFAULT_ATTRIBUTES}`,
    });
  });

  it('adopts it from a record with the landing UTMs, or with empty UTM fields', () => {
    expect(identityCookie(`engagetrack_id=${record(VISITOR, '.google.cpc.spring-sale..')}`).visitorId).toBe(VISITOR);
    expect(identityCookie(`engagetrack_id=${record(VISITOR, '.....')}`).visitorId).toBe(VISITOR);
  });

  it('adopts the visitor of a record whose other fields are stale or odd, as the SDK does (it keeps the visitor, starts a new session)', () => {
    expect(identityCookie(`engagetrack_id=${VISITOR}.not-a-session.x.y`).visitorId).toBe(VISITOR);
    expect(identityCookie(`engagetrack_id=${VISITOR}`).visitorId).toBe(VISITOR);
    expect(identityCookie(`engagetrack_id=${MIN_ID}.${SESSION}.1.2`).visitorId).toBe(MIN_ID);
  });

  it('gives a new ID when the record has no valid visitor', () => {
    for (const value of [`.${VISITOR}.1.2`, `short.${SESSION}.1.2`, `${VISITOR}_${SESSION}.1.2`, '', '....']) {
      expectNewVisitor(identityCookie(`engagetrack_id=${value}`));
    }
  });
});

describe('engagetrack_vid wins over the SDK record, as it does in the browser', () => {
  it('takes engagetrack_vid when both hold a different visitor, whatever their order', () => {
    expect(identityCookie(`engagetrack_id=${record(OTHER)}; engagetrack_vid=${VISITOR}`).visitorId).toBe(VISITOR);
    expect(identityCookie(`engagetrack_vid=${VISITOR}; engagetrack_id=${record(OTHER)}`).visitorId).toBe(VISITOR);
  });

  it('falls back to the record when engagetrack_vid is not a valid ID', () => {
    expect(identityCookie(`engagetrack_vid=nope; engagetrack_id=${record(OTHER)}`)).toEqual({
      visitorId: OTHER,
      setCookie: `engagetrack_vid=${OTHER}${DEFAULT_ATTRIBUTES}`,
    });
  });
});

describe('a malformed or invalid cookie gives a new ID, and nothing from it reaches Set-Cookie', () => {
  it.each([
    ['an empty value', 'engagetrack_vid='],
    ['15 characters', `engagetrack_vid=${'a'.repeat(15)}`],
    ['65 characters', `engagetrack_vid=${'a'.repeat(65)}`],
    ['an underscore (visitor_session)', `engagetrack_vid=${VISITOR}_${SESSION}`],
    ['a dot', `engagetrack_vid=${VISITOR}.${SESSION}`],
    ['a space inside', `engagetrack_vid=${VISITOR.slice(0, 16)} ${VISITOR.slice(16)}`],
    ['percent-encoding', `engagetrack_vid=${VISITOR}%2D`],
    ['a non-ASCII letter', `engagetrack_vid=${VISITOR.slice(0, 20)}é${VISITOR.slice(21)}`],
    ['full-width digits', `engagetrack_vid=${'\uff11'.repeat(20)}`],
    ['markup', 'engagetrack_vid=<script>alert(1)</script>'],
    ['a header injection attempt', `engagetrack_vid=${VISITOR}\r\nSet-Cookie: admin=1`],
    ['attributes smuggled into the value', `engagetrack_vid=${VISITOR}, x=1; HttpOnly`],
    ['a half-quoted value', `engagetrack_vid="${VISITOR}`],
    ['a doubly quoted value', `engagetrack_vid=""${VISITOR}""`],
    ['a bare quote', 'engagetrack_vid="'],
    ['a name without a value', 'engagetrack_vid'],
    [
      'names that only look alike',
      `Engagetrack_vid=${VISITOR}; engagetrack_vid2=${VISITOR}; xengagetrack_vid=${VISITOR}`,
    ],
    ['the record under a look-alike name', `engagetrack_ids=${record(VISITOR)}; ENGAGETRACK_ID=${record(VISITOR)}`],
    ['only separators', ';;; ;'],
    ['only equals signs', '==='],
    ['garbage', '\u0000\u0001\uffff=%%%; ;=;'],
  ])('%s', (_label, header) => {
    const result = identityCookie(header);
    expectNewVisitor(result);
  });

  it('reads a megabyte-long header quickly', () => {
    const long = `${'x'.repeat(1_000_000)}; ${'a=b; '.repeat(100_000)}engagetrack_vid=${VISITOR}`;
    const started = performance.now();
    expect(identityCookie(long).visitorId).toBe(VISITOR);
    expectNewVisitor(identityCookie(';'.repeat(1_000_000)));
    expectNewVisitor(identityCookie(`engagetrack_vid=${'a'.repeat(1_000_000)}`));
    // Generous bound: only a pathological (backtracking) parser comes near it.
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('a header that is not a string gives a new ID', () => {
  it.each([
    ['a number', 1234567890123456],
    ['a bigint', 12345678901234560n],
    ['a boolean', true],
    ['an object', { cookie: `engagetrack_vid=${VISITOR}` }],
    ['an array of cookie strings', [`engagetrack_vid=${VISITOR}`]],
    ['a String object', Object(`engagetrack_vid=${VISITOR}`)],
    ['an object whose toString gives a cookie', { toString: () => `engagetrack_vid=${VISITOR}` }],
    [
      'an object whose toString throws',
      {
        toString: () => {
          throw new Error('boom');
        },
      },
    ],
    ['a symbol', Symbol(`engagetrack_vid=${VISITOR}`)],
    ['a function', () => `engagetrack_vid=${VISITOR}`],
    ['a throwing proxy', throwingProxy()],
  ])('%s', (_label, header) => {
    expectNewVisitor(identityCookie(anyValue(header)));
  });
});

describe('the Cookie header as browsers, proxies and frameworks send it', () => {
  it('finds the cookie first, in the middle or last among others', () => {
    for (const header of [
      `engagetrack_vid=${VISITOR}; theme=dark; _ga=GA1.1.1.1`,
      `theme=dark; engagetrack_vid=${VISITOR}; _ga=GA1.1.1.1`,
      `theme=dark; _ga=GA1.1.1.1; engagetrack_vid=${VISITOR}`,
    ]) {
      expect(identityCookie(header).visitorId).toBe(VISITOR);
    }
  });

  it('accepts any whitespace around separators and names (no space, several, tabs)', () => {
    for (const header of [
      `theme=dark;engagetrack_vid=${VISITOR};x=1`,
      `theme=dark;   engagetrack_vid=${VISITOR}   ;x=1`,
      `theme=dark;\tengagetrack_vid=${VISITOR}\t`,
      `  engagetrack_vid = ${VISITOR}  `,
      `; ; engagetrack_vid=${VISITOR};;`,
    ]) {
      expect(identityCookie(header).visitorId).toBe(VISITOR);
    }
  });

  it('unquotes a value in double quotes (RFC 6265 allows them); the new cookie is written unquoted', () => {
    expect(identityCookie(`engagetrack_vid="${VISITOR}"`)).toEqual({
      visitorId: VISITOR,
      setCookie: `engagetrack_vid=${VISITOR}${DEFAULT_ATTRIBUTES}`,
    });
    expect(identityCookie(`engagetrack_id="${record(VISITOR)}"`).visitorId).toBe(VISITOR);
  });

  it('takes the first engagetrack_vid when there are two (a host-only and a domain copy), as the SDK reads document.cookie', () => {
    expect(identityCookie(`engagetrack_vid=${VISITOR}; engagetrack_vid=${OTHER}`).visitorId).toBe(VISITOR);
    expect(identityCookie(`engagetrack_id=${record(VISITOR)}; engagetrack_id=${record(OTHER)}`).visitorId).toBe(
      VISITOR,
    );
  });

  it('ignores a later valid engagetrack_vid when the first is invalid, as the SDK does: the record decides', () => {
    expect(
      identityCookie(`engagetrack_vid=bad; engagetrack_vid=${OTHER}; engagetrack_id=${record(VISITOR)}`).visitorId,
    ).toBe(VISITOR);
  });

  it('keeps a value with = signs whole (it is then no ID)', () => {
    expectNewVisitor(identityCookie(`engagetrack_vid=${VISITOR}=`));
  });
});

describe('options', () => {
  describe('domain: share the visitor across subdomains', () => {
    it.each([
      ['shop.com', 'shop.com'],
      ['a leading dot (browsers ignore it)', '.shop.com'],
      ['upper case', 'Shop.COM'],
      ['a deep subdomain', 'eu.store.shop.co.uk'],
      ['an IDN in punycode', 'xn--bcher-kva.de'],
      ['a single label', 'localhost'],
      ['hyphens inside labels', 'my-shop.example-store.com'],
    ])('adds Domain for %s', (_label, domain) => {
      expect(identityCookie(`engagetrack_vid=${VISITOR}`, { domain }).setCookie).toBe(
        `engagetrack_vid=${VISITOR}; Path=/; Domain=${domain}; Max-Age=34560000; SameSite=Lax; Secure`,
      );
    });

    it.each([
      ['an empty string', ''],
      ['a leading space', ' shop.com'],
      ['a trailing space', 'shop.com '],
      ['a space inside', 'shop .com'],
      ['attributes smuggled in', 'shop.com; HttpOnly'],
      ['another cookie smuggled in', 'shop.com\r\nSet-Cookie: admin=1'],
      ['a comma', 'shop.com,evil.com'],
      ['an empty label', 'shop..com'],
      ['a trailing dot', 'shop.com.'],
      ['only a dot', '.'],
      ['a label starting with a hyphen', '-shop.com'],
      ['a label ending with a hyphen', 'shop-.com'],
      ['a 64-character label', `${'a'.repeat(64)}.com`],
      ['more than 254 characters', `${'a.'.repeat(130)}com`],
      ['a non-ASCII host', 'bücher.de'],
      ['an underscore', 'my_shop.com'],
      ['a URL', 'https://shop.com/'],
      ['a port', 'shop.com:443'],
      ['a number', 42],
      ['null', null],
      ['an array', ['shop.com']],
      ['an object', { toString: () => 'shop.com' }],
    ])('ignores %s', (_label, domain) => {
      expect(identityCookie(`engagetrack_vid=${VISITOR}`, { domain: anyValue(domain) }).setCookie).toBe(
        `engagetrack_vid=${VISITOR}${DEFAULT_ATTRIBUTES}`,
      );
    });

    it('checks a megabyte-long domain quickly', () => {
      const started = performance.now();
      identityCookie(undefined, { domain: `${'a-'.repeat(500_000)}!` });
      identityCookie(undefined, { domain: 'a.'.repeat(120) });
      expect(performance.now() - started).toBeLessThan(1000);
    });
  });

  describe('maxAge: the lifetime in seconds', () => {
    it.each([
      [3600, 3600],
      [0, 0],
      [-0, 0],
      [86_400.9, 86_400],
      [34_560_000, 34_560_000],
    ])('maxAge %d gives Max-Age=%d', (maxAge, expected) => {
      expect(identityCookie(`engagetrack_vid=${VISITOR}`, { maxAge }).setCookie).toBe(
        `engagetrack_vid=${VISITOR}; Path=/; Max-Age=${expected}; SameSite=Lax; Secure`,
      );
    });

    it('cuts a longer lifetime to 400 days, the most browsers keep, and never writes an exponent', () => {
      for (const maxAge of [34_560_001, 10 * 365 * 86_400, 1e21, Number.MAX_VALUE]) {
        expect(identityCookie(`engagetrack_vid=${VISITOR}`, { maxAge }).setCookie).toBe(
          `engagetrack_vid=${VISITOR}${DEFAULT_ATTRIBUTES}`,
        );
      }
    });

    it.each([
      ['a negative number', -1],
      ['a tiny negative number', -0.5],
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['-Infinity', Number.NEGATIVE_INFINITY],
      ['a numeric string', '3600'],
      ['a bigint', 3600n],
      ['null', null],
      ['true', true],
      ['a Number object', Object(3600)],
    ])('ignores %s: 400 days', (_label, maxAge) => {
      expect(identityCookie(`engagetrack_vid=${VISITOR}`, { maxAge: anyValue(maxAge) }).setCookie).toBe(
        `engagetrack_vid=${VISITOR}${DEFAULT_ATTRIBUTES}`,
      );
    });
  });

  describe('secure: false for plain-http development', () => {
    it('drops Secure only for false', () => {
      expect(identityCookie(`engagetrack_vid=${VISITOR}`, { secure: false }).setCookie).toBe(
        `engagetrack_vid=${VISITOR}; Path=/; Max-Age=34560000; SameSite=Lax`,
      );
    });

    it.each([
      ['true', true],
      ['undefined', undefined],
      ['the string "false"', 'false'],
      ['0', 0],
      ['null', null],
      ['an empty string', ''],
    ])('keeps Secure for %s', (_label, secure) => {
      expect(identityCookie(`engagetrack_vid=${VISITOR}`, { secure: anyValue(secure) }).setCookie).toBe(
        `engagetrack_vid=${VISITOR}${DEFAULT_ATTRIBUTES}`,
      );
    });
  });

  it('combines every option', () => {
    expect(identityCookie(`engagetrack_vid=${VISITOR}`, { domain: 'shop.com', maxAge: 86_400, secure: false })).toEqual(
      {
        visitorId: VISITOR,
        setCookie: `engagetrack_vid=${VISITOR}; Path=/; Domain=shop.com; Max-Age=86400; SameSite=Lax`,
      },
    );
  });

  it('keeps the valid options when others are invalid', () => {
    expect(
      identityCookie(`engagetrack_vid=${VISITOR}`, { domain: 'shop.com; HttpOnly', maxAge: 60, secure: anyValue('no') })
        .setCookie,
    ).toBe(`engagetrack_vid=${VISITOR}; Path=/; Max-Age=60; SameSite=Lax; Secure`);
  });

  it.each([
    ['null', null],
    ['a string', 'shop.com'],
    ['a number', 42],
    ['an array', [{ domain: 'shop.com' }]],
    ['a function', () => ({ domain: 'shop.com' })],
    ['a throwing proxy', throwingProxy()],
  ])('ignores options that are not an object: %s', (_label, options) => {
    expect(identityCookie(`engagetrack_vid=${VISITOR}`, anyValue(options))).toEqual({
      visitorId: VISITOR,
      setCookie: `engagetrack_vid=${VISITOR}${DEFAULT_ATTRIBUTES}`,
    });
  });

  it('ignores an option whose getter throws, and applies the others', () => {
    const options = {
      domain: 'shop.com',
      get maxAge(): number {
        throw new Error('boom');
      },
      secure: false,
    };
    expect(identityCookie(`engagetrack_vid=${VISITOR}`, options).setCookie).toBe(
      `engagetrack_vid=${VISITOR}; Path=/; Domain=shop.com; Max-Age=34560000; SameSite=Lax`,
    );
  });

  it('reads frozen options and leaves them as they are', () => {
    const options = Object.freeze({ domain: 'shop.com', maxAge: 60, secure: true });
    identityCookie(undefined, options);
    expect(options).toEqual({ domain: 'shop.com', maxAge: 60, secure: true });
  });
});

describe('the cookie', () => {
  it('is exactly engagetrack_vid=<id>; Path=/; Max-Age=34560000; SameSite=Lax; Secure by default', () => {
    const { visitorId, setCookie } = identityCookie(undefined);
    expect(setCookie).toBe(`engagetrack_vid=${visitorId}; Path=/; Max-Age=34560000; SameSite=Lax; Secure`);
    expect(34_560_000).toBe(400 * 24 * 60 * 60);
  });

  it('is never HttpOnly (the SDK must read it) and carries no Expires, whatever the options', () => {
    const variants: IdentityCookieOptions[] = [
      {},
      { secure: false },
      { domain: 'shop.com', maxAge: 1 },
      anyValue({ httpOnly: true }),
      anyValue({ domain: 'shop.com; HttpOnly' }),
    ];
    for (const options of variants) {
      const { attributes } = parse(identityCookie(`engagetrack_vid=${VISITOR}`, options).setCookie);
      const names = attributes.map(([name]) => name.toLowerCase());
      expect(names).not.toContain('httponly');
      expect(names).not.toContain('expires');
      expect(names).toEqual(expect.arrayContaining(['path', 'max-age', 'samesite']));
    }
  });

  it('carries the visitor ID as its value, under the name the SDK reads', () => {
    const { visitorId, setCookie } = identityCookie(`engagetrack_id=${record(VISITOR)}`);
    expect(parse(setCookie)).toMatchObject({ name: 'engagetrack_vid', value: visitorId });
    expect(visitorId).toBe(VISITOR);
  });

  it('uses the cookie names of the browser SDK (engagetrack_vid, engagetrack_id)', () => {
    expect(SERVER_KEY).toBe('engagetrack_vid');
    expect(STORE_KEY).toBe('engagetrack_id');
    expect(identityCookie(`${SERVER_KEY}=${VISITOR}`).visitorId).toBe(VISITOR);
    expect(identityCookie(`${STORE_KEY}=${record(OTHER)}`).visitorId).toBe(OTHER);
    expect(identityCookie(undefined).setCookie.startsWith(`${SERVER_KEY}=`)).toBe(true);
  });

  it('returns a fresh object each time (callers may change it)', () => {
    const first = identityCookie(`engagetrack_vid=${VISITOR}`);
    const second = identityCookie(`engagetrack_vid=${VISITOR}`);
    expect(first).not.toBe(second);
    expect(Object.keys(first).sort()).toEqual(['setCookie', 'visitorId']);
  });
});

describe('a runtime without crypto.getRandomValues (Node 18 and older)', () => {
  it('keeps known visitors, and sets nothing for a new one instead of throwing', () => {
    vi.stubGlobal('crypto', undefined);
    expect(identityCookie(`engagetrack_vid=${VISITOR}`).visitorId).toBe(VISITOR);
    expect(identityCookie(`engagetrack_id=${record(OTHER)}`).visitorId).toBe(OTHER);
    expect(identityCookie(undefined)).toEqual({ visitorId: '', setCookie: '' });
    expect(identityCookie('engagetrack_vid=bad', { domain: 'shop.com' })).toEqual({ visitorId: '', setCookie: '' });
  });
});

describe('types', () => {
  it('takes the header as Node, Express and Headers.get() give it', () => {
    expectTypeOf(identityCookie).parameter(0).toEqualTypeOf<string | null | undefined>();
    expectTypeOf(identityCookie).returns.toEqualTypeOf<IdentityCookie>();
    expectTypeOf<IdentityCookie>().toEqualTypeOf<{ visitorId: string; setCookie: string }>();
    // An optional environment variable is a valid domain (undefined: none).
    const domain: string | undefined = process.env.ENGAGETRACK_TEST_COOKIE_DOMAIN;
    expect(identityCookie(undefined, { domain }).setCookie).not.toContain('Domain');
    // @ts-expect-error maxAge is a number of seconds
    identityCookie(undefined, { maxAge: '3600' });
    // @ts-expect-error secure is a boolean
    identityCookie(undefined, { secure: 'false' });
    // @ts-expect-error the cookie is never HttpOnly: no such option
    identityCookie(undefined, { httpOnly: true });
    // @ts-expect-error the header is a string, not the headers object
    identityCookie({ cookie: 'engagetrack_vid=x' });
  });
});
