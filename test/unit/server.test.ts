// @vitest-environment node
import type Stripe from 'stripe';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type Attribution,
  attributionFromCheckoutSession,
  type CheckoutSessionLike,
  parseClientReferenceId,
} from '../../src/server/index.js';
import { checkoutApiSession, paymentLinkSession } from '../fixtures/stripe.js';

// IDs as the SDK writes them (32 lower-case hex digits), and the extremes of the accepted format.
const VISITOR = '5f0c2a9e8b7d4c3f9a1e6b2d8c4f7a03';
const SESSION = 'c19d7e2f4a6b8c0d1e3f5a7b9c2d4e6f';
const MIN_ID = 'A1b2C3d4E5f6-7h8'; // 16 characters, mixed case and a hyphen
const MAX_ID = `${'a1-'.repeat(21)}z`; // 64 characters

/** An object whose every property read throws. */
function throwingProxy(): object {
  return new Proxy(
    {},
    {
      get() {
        throw new Error('boom');
      },
      has() {
        throw new Error('boom');
      },
      ownKeys() {
        throw new Error('boom');
      },
      getOwnPropertyDescriptor() {
        throw new Error('boom');
      },
    },
  );
}

/** Bypasses the parameter type, as plain JavaScript callers (and `JSON.parse` results) can. */
const anyValue = (value: unknown) => value as never;

describe('parseClientReferenceId', () => {
  it('reads a bare visitor ID (referenceFormat "visitor")', () => {
    expect(parseClientReferenceId(VISITOR)).toEqual({
      visitorId: VISITOR,
      sessionId: null,
      source: 'client_reference_id',
    });
  });

  it('reads <visitorId>_<sessionId> (referenceFormat "visitor+session")', () => {
    expect(parseClientReferenceId(`${VISITOR}_${SESSION}`)).toEqual({
      visitorId: VISITOR,
      sessionId: SESSION,
      source: 'client_reference_id',
    });
  });

  it('accepts IDs of 16 and 64 characters, upper case and hyphens, alone and joined', () => {
    expect(parseClientReferenceId(MIN_ID)).toEqual({
      visitorId: MIN_ID,
      sessionId: null,
      source: 'client_reference_id',
    });
    expect(parseClientReferenceId(MAX_ID)).toEqual({
      visitorId: MAX_ID,
      sessionId: null,
      source: 'client_reference_id',
    });
    expect(parseClientReferenceId(`${MAX_ID}_${MAX_ID}`)).toEqual({
      visitorId: MAX_ID,
      sessionId: MAX_ID,
      source: 'client_reference_id',
    });
    expect(parseClientReferenceId(`${MIN_ID}_${MAX_ID}`)).toEqual({
      visitorId: MIN_ID,
      sessionId: MAX_ID,
      source: 'client_reference_id',
    });
    const uuid = '123e4567-e89b-12d3-a456-426614174000';
    expect(parseClientReferenceId(uuid)?.visitorId).toBe(uuid);
  });

  it.each([
    ['a merchant reference with an underscore', 'user_42'],
    ['a merchant order number (too short)', 'order-123'],
    ['15 characters', 'a'.repeat(15)],
    ['a 65-character visitor ID', 'a'.repeat(65)],
    ['a 65-character session ID', `${VISITOR}_${'b'.repeat(65)}`],
    ['a short session ID', `${VISITOR}_${'b'.repeat(15)}`],
    ['a short visitor ID with a valid session', `${'a'.repeat(15)}_${SESSION}`],
    ['markup', '<script>'],
    ['markup of a valid length', '<script>alert(1)</script>'],
    ['three parts', `${VISITOR}_${SESSION}_${SESSION}`],
    ['a doubled separator', `${VISITOR}__${SESSION}`],
    ['a trailing underscore', `${VISITOR}_`],
    ['a leading underscore', `_${VISITOR}`],
    ['a lone underscore', '_'],
    ['the empty string', ''],
    ['a leading space', ` ${VISITOR}`],
    ['a trailing space', `${VISITOR} `],
    ['a trailing newline', `${VISITOR}\n`],
    ['a space inside', `${VISITOR.slice(0, 16)} ${VISITOR.slice(16)}`],
    ['a tab as separator', `${VISITOR}\t${SESSION}`],
    ['a non-ASCII letter', `${VISITOR.slice(0, 20)}é${VISITOR.slice(21)}`],
    ['Kelvin sign (case-folds to k under /iu)', '\u212a'.repeat(20)],
    ['long s (case-folds to s under /iu)', '\u017f'.repeat(20)],
    ['dotted capital I', `${VISITOR}\u0130`],
    ['full-width letters', '\uff41'.repeat(20)],
    ['Arabic-Indic digits', '\u0661'.repeat(20)],
    ['an emoji', `${VISITOR.slice(0, 30)}🙂`],
    ['a URL-encoded separator', `${VISITOR}%5F${SESSION}`],
    ['a dot', `${VISITOR}.${SESSION}`],
    ['a colon', `${VISITOR}:${SESSION}`],
    ['a NUL byte', `${VISITOR}\u0000`],
    ['a Stripe ID with an underscore', 'cus_NffrFeUfNV2Hib'],
  ])('gives null for %s', (_label, value) => {
    expect(parseClientReferenceId(value)).toBeNull();
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a number', 1234567890123456],
    ['a bigint', 12345678901234560n],
    ['a boolean', true],
    ['an array holding an ID', [VISITOR]],
    ['a String object', Object(VISITOR)],
    ['an object whose toString gives an ID', { toString: () => VISITOR }],
    [
      'an object whose toString throws',
      {
        toString: () => {
          throw new Error('boom');
        },
      },
    ],
    ['a symbol', Symbol(VISITOR)],
    ['a function', () => VISITOR],
    ['a throwing proxy', throwingProxy()],
  ])('gives null for a non-string: %s', (_label, value) => {
    expect(parseClientReferenceId(anyValue(value))).toBeNull();
  });

  it('returns a fresh object each time (callers may mutate it)', () => {
    const first = parseClientReferenceId(VISITOR);
    const second = parseClientReferenceId(VISITOR);
    expect(first).not.toBe(second);
    expect(Object.keys(first ?? {}).sort()).toEqual(['sessionId', 'source', 'visitorId']);
  });
});

describe('attributionFromCheckoutSession', () => {
  describe('metadata (Checkout Sessions API)', () => {
    it('reads visitor and session from metadata', () => {
      expect(
        attributionFromCheckoutSession({
          metadata: { engagetrack_visitor_id: VISITOR, engagetrack_session_id: SESSION },
          client_reference_id: null,
        }),
      ).toEqual({ visitorId: VISITOR, sessionId: SESSION, source: 'metadata' });
    });

    it('gives sessionId null when the session is absent from metadata', () => {
      expect(attributionFromCheckoutSession({ metadata: { engagetrack_visitor_id: VISITOR } })).toEqual({
        visitorId: VISITOR,
        sessionId: null,
        source: 'metadata',
      });
    });

    it.each([
      ['empty', ''],
      ['too short', 'abc'],
      ['markup', '<script>alert(1)</script>'],
      ['joined with an underscore', `${SESSION}_${SESSION}`],
      ['65 characters', 'b'.repeat(65)],
      ['surrounded by spaces', ` ${SESSION} `],
    ])('gives sessionId null when the metadata session is invalid (%s)', (_label, sessionId) => {
      expect(
        attributionFromCheckoutSession({
          metadata: { engagetrack_visitor_id: VISITOR, engagetrack_session_id: sessionId },
        }),
      ).toEqual({ visitorId: VISITOR, sessionId: null, source: 'metadata' });
    });

    it('wins over client_reference_id, even when the reference carries a session', () => {
      const other = 'ffffffffffffffffffffffffffffffff';
      expect(
        attributionFromCheckoutSession({
          metadata: { engagetrack_visitor_id: VISITOR },
          client_reference_id: `${other}_${other}`,
        }),
      ).toEqual({ visitorId: VISITOR, sessionId: null, source: 'metadata' });
      expect(
        attributionFromCheckoutSession({
          metadata: { engagetrack_visitor_id: VISITOR, engagetrack_session_id: SESSION },
          client_reference_id: other,
        }),
      ).toEqual({ visitorId: VISITOR, sessionId: SESSION, source: 'metadata' });
    });

    it.each([
      ['empty', ''],
      ['too short', 'v-1'],
      ['markup', '<img src=x onerror=alert(1)>'],
      ['a merchant value', 'user_42'],
      ['joined visitor and session', `${VISITOR}_${SESSION}`],
      ['65 characters', 'a'.repeat(65)],
      ['non-ASCII', `${VISITOR.slice(0, 31)}ß`],
    ])('falls back to client_reference_id when the metadata visitor is invalid (%s)', (_label, visitorId) => {
      expect(
        attributionFromCheckoutSession({
          metadata: { engagetrack_visitor_id: visitorId, engagetrack_session_id: SESSION },
          client_reference_id: `${MIN_ID}_${MAX_ID}`,
        }),
      ).toEqual({ visitorId: MIN_ID, sessionId: MAX_ID, source: 'client_reference_id' });
    });

    it('gives null when the metadata visitor is invalid and there is no usable reference', () => {
      expect(attributionFromCheckoutSession({ metadata: { engagetrack_visitor_id: '<script>' } })).toBeNull();
      expect(
        attributionFromCheckoutSession({
          metadata: { engagetrack_visitor_id: 'nope', engagetrack_session_id: SESSION },
          client_reference_id: 'user_42',
        }),
      ).toBeNull();
    });

    it('uses only engagetrack_session_id with a metadata visitor, never a session alone', () => {
      expect(attributionFromCheckoutSession({ metadata: { engagetrack_session_id: SESSION } })).toBeNull();
      expect(
        attributionFromCheckoutSession({ metadata: { engagetrack_session_id: SESSION }, client_reference_id: VISITOR }),
      ).toEqual({ visitorId: VISITOR, sessionId: null, source: 'client_reference_id' });
    });

    it('ignores metadata keys that only look alike', () => {
      expect(
        attributionFromCheckoutSession({
          metadata: {
            engagetrackVisitorId: VISITOR,
            'engagetrack_visitor_id ': VISITOR,
            ENGAGETRACK_VISITOR_ID: VISITOR,
          },
        }),
      ).toBeNull();
    });

    it.each([
      ['a number that prints as an ID', 1234567890123456],
      ['an array holding an ID', [VISITOR]],
      ['an object whose toString gives an ID', { toString: () => VISITOR }],
      ['a String object', Object(VISITOR)],
      ['a symbol', Symbol(VISITOR)],
      [
        'an object whose toString throws',
        {
          toString: () => {
            throw new Error('boom');
          },
        },
      ],
    ])('never takes a non-string metadata visitor (%s): falls back to client_reference_id', (_label, visitorId) => {
      const attribution = attributionFromCheckoutSession(
        anyValue({ metadata: { engagetrack_visitor_id: visitorId }, client_reference_id: SESSION }),
      );
      expect(attribution).toEqual({ visitorId: SESSION, sessionId: null, source: 'client_reference_id' });
      expect(typeof attribution?.visitorId).toBe('string');
    });

    it('never returns a non-string metadata session', () => {
      for (const sessionId of [1234567890123456, [SESSION], { toString: () => SESSION }]) {
        const attribution = attributionFromCheckoutSession(
          anyValue({ metadata: { engagetrack_visitor_id: VISITOR, engagetrack_session_id: sessionId } }),
        );
        expect(attribution).toEqual({ visitorId: VISITOR, sessionId: null, source: 'metadata' });
      }
    });
  });

  describe('client_reference_id (Payment Links, Pricing Tables, Buy Buttons)', () => {
    it('reads a bare visitor ID', () => {
      expect(attributionFromCheckoutSession({ metadata: {}, client_reference_id: VISITOR })).toEqual({
        visitorId: VISITOR,
        sessionId: null,
        source: 'client_reference_id',
      });
    });

    it('reads <visitorId>_<sessionId>', () => {
      expect(attributionFromCheckoutSession({ metadata: {}, client_reference_id: `${VISITOR}_${SESSION}` })).toEqual({
        visitorId: VISITOR,
        sessionId: SESSION,
        source: 'client_reference_id',
      });
    });

    it('reads the reference when metadata is null, missing or not an object', () => {
      for (const metadata of [null, undefined, 'engagetrack', 42, true, [VISITOR]]) {
        expect(attributionFromCheckoutSession(anyValue({ metadata, client_reference_id: VISITOR }))).toEqual({
          visitorId: VISITOR,
          sessionId: null,
          source: 'client_reference_id',
        });
      }
      expect(attributionFromCheckoutSession({ client_reference_id: VISITOR })?.visitorId).toBe(VISITOR);
    });

    it.each([
      'user_42',
      'order-123',
      '<script>',
      'a'.repeat(65),
      `${VISITOR}_${SESSION}_${SESSION}`,
      `${VISITOR}_`,
      `_${VISITOR}`,
      `${VISITOR.slice(0, 20)}ü${VISITOR.slice(21)}`,
      ` ${VISITOR}`,
      `${VISITOR} _${SESSION}`,
      '',
    ])('gives null for a reference the SDK could not have written: %j', (reference) => {
      expect(attributionFromCheckoutSession({ metadata: {}, client_reference_id: reference })).toBeNull();
    });
  });

  describe('missing fields and non-sessions', () => {
    it.each([
      ['an empty object', {}],
      ['null fields', { metadata: null, client_reference_id: null }],
      ['undefined fields', { metadata: undefined, client_reference_id: undefined }],
      ['empty metadata and no reference', { metadata: {}, client_reference_id: null }],
      ['a non-string reference', { metadata: {}, client_reference_id: 1234567890123456 }],
      ['an array reference', { metadata: {}, client_reference_id: [VISITOR] }],
    ])('gives null for %s', (_label, session) => {
      expect(attributionFromCheckoutSession(anyValue(session))).toBeNull();
    });

    it.each([
      ['null', null],
      ['undefined', undefined],
      ['a string ID', VISITOR],
      ['a joined string', `${VISITOR}_${SESSION}`],
      ['a number', 42],
      ['a boolean', true],
      ['a symbol', Symbol('session')],
      ['a function', () => ({ client_reference_id: VISITOR })],
      ['an empty array', []],
      ['an array holding a session', [{ client_reference_id: VISITOR }]],
    ])('gives null for a non-object: %s', (_label, value) => {
      expect(attributionFromCheckoutSession(anyValue(value))).toBeNull();
    });

    it('gives null for a whole event passed by mistake (instead of event.data.object)', () => {
      const event = {
        id: 'evt_1QxYzAbCdEfGhIjK',
        object: 'event',
        type: 'checkout.session.completed',
        data: { object: paymentLinkSession(VISITOR) },
      };
      expect(attributionFromCheckoutSession(anyValue(event))).toBeNull();
    });
  });

  describe('never throws', () => {
    it('gives null for an object whose every read throws (Proxy)', () => {
      expect(() => attributionFromCheckoutSession(anyValue(throwingProxy()))).not.toThrow();
      expect(attributionFromCheckoutSession(anyValue(throwingProxy()))).toBeNull();
    });

    it('gives null for a revoked Proxy', () => {
      const { proxy, revoke } = Proxy.revocable({ client_reference_id: VISITOR }, {});
      revoke();
      expect(attributionFromCheckoutSession(anyValue(proxy))).toBeNull();
    });

    it('gives null when metadata throws and there is no reference', () => {
      expect(attributionFromCheckoutSession(anyValue({ metadata: throwingProxy() }))).toBeNull();
    });

    it('gives null when a getter throws', () => {
      const session = {
        metadata: {},
        get client_reference_id(): string {
          throw new Error('boom');
        },
      };
      expect(attributionFromCheckoutSession(session)).toBeNull();
      const metadata = {
        get engagetrack_visitor_id(): string {
          throw new Error('boom');
        },
      };
      expect(attributionFromCheckoutSession({ metadata, client_reference_id: null })).toBeNull();
    });

    it('handles a megabyte-long reference quickly', () => {
      const long = `${'a'.repeat(1_000_000)}_${'b'.repeat(1_000_000)}`;
      const started = performance.now();
      expect(attributionFromCheckoutSession({ metadata: {}, client_reference_id: long })).toBeNull();
      expect(parseClientReferenceId('_'.repeat(100_000))).toBeNull();
      // Generous bound: only a pathological (backtracking) parser comes near it.
      expect(performance.now() - started).toBeLessThan(1000);
    });
  });

  describe('checkout.session.completed, as Stripe sends it', () => {
    it('attributes a Payment Link session with the "visitor+session" reference', () => {
      expect(attributionFromCheckoutSession(paymentLinkSession(`${VISITOR}_${SESSION}`))).toEqual({
        visitorId: VISITOR,
        sessionId: SESSION,
        source: 'client_reference_id',
      });
    });

    it('attributes a Payment Link session with the "visitor" reference', () => {
      expect(attributionFromCheckoutSession(paymentLinkSession(VISITOR))).toEqual({
        visitorId: VISITOR,
        sessionId: null,
        source: 'client_reference_id',
      });
    });

    it('leaves a Payment Link session without our reference unattributed', () => {
      expect(attributionFromCheckoutSession(paymentLinkSession(null))).toBeNull();
      expect(attributionFromCheckoutSession(paymentLinkSession('user_42'))).toBeNull();
    });

    it('attributes a Checkout Sessions API session from its metadata', () => {
      const session = checkoutApiSession({
        order_id: '1042',
        engagetrack_visitor_id: VISITOR,
        engagetrack_session_id: SESSION,
      });
      expect(attributionFromCheckoutSession(session)).toEqual({
        visitorId: VISITOR,
        sessionId: SESSION,
        source: 'metadata',
      });
    });

    it('reads the object of a JSON webhook body', () => {
      const body = JSON.stringify({
        id: 'evt_1QxYzAbCdEfGhIjK',
        object: 'event',
        api_version: '2026-10-28.endive',
        type: 'checkout.session.completed',
        data: { object: paymentLinkSession(`${VISITOR}_${SESSION}`) },
      });
      expect(attributionFromCheckoutSession(JSON.parse(body).data.object)).toEqual({
        visitorId: VISITOR,
        sessionId: SESSION,
        source: 'client_reference_id',
      });
    });

    it('does not modify the session', () => {
      const session = checkoutApiSession({ engagetrack_visitor_id: VISITOR });
      const before = structuredClone(session);
      attributionFromCheckoutSession(Object.freeze(session));
      expect(session).toEqual(before);
    });
  });
});

// Types: the official `stripe` types are accepted without casts (checked by `npx tsc -p test/tsconfig.json`,
// which fails on any error below), and the same code runs on a webhook body.
describe('types', () => {
  /** A handler as a merchant writes it: Stripe.Event narrowed by type, no casts. */
  const fromEvent = (event: Stripe.Event): Attribution | null =>
    event.type === 'checkout.session.completed' || event.type === 'checkout.session.async_payment_succeeded'
      ? attributionFromCheckoutSession(event.data.object)
      : null;
  const fromSession = (session: Stripe.Checkout.Session): Attribution | null => attributionFromCheckoutSession(session);
  const fromCompleted = (event: Stripe.CheckoutSessionCompletedEvent) =>
    attributionFromCheckoutSession(event.data.object);
  const fromReference = (session: Stripe.Checkout.Session) => parseClientReferenceId(session.client_reference_id);

  it('accepts Stripe.Checkout.Session, Stripe.CheckoutSessionCompletedEvent and a narrowed Stripe.Event', () => {
    expectTypeOf<Stripe.Checkout.Session>().toExtend<CheckoutSessionLike>();
    expectTypeOf<Stripe.Checkout.Session>().toExtend<Parameters<typeof attributionFromCheckoutSession>[0]>();
    expectTypeOf<Stripe.Checkout.Session['client_reference_id']>().toExtend<
      Parameters<typeof parseClientReferenceId>[0]
    >();
    expectTypeOf(fromSession).returns.toEqualTypeOf<Attribution | null>();
    expectTypeOf(fromCompleted).returns.toEqualTypeOf<Attribution | null>();
    expectTypeOf(fromReference).returns.toEqualTypeOf<Attribution | null>();
    expectTypeOf(attributionFromCheckoutSession).returns.toEqualTypeOf<Attribution | null>();
    expectTypeOf<Attribution>().toEqualTypeOf<{
      visitorId: string;
      sessionId: string | null;
      source: 'metadata' | 'client_reference_id';
    }>();
    // @ts-expect-error: a number is no session (plain JavaScript may still pass one: null at run time)
    expect(attributionFromCheckoutSession(42)).toBeNull();
  });

  it('runs the typed handler on a parsed webhook body', () => {
    const parse = (body: string): Stripe.Event => JSON.parse(body);
    const completed = parse(
      JSON.stringify({
        id: 'evt_1QxYzAbCdEfGhIjK',
        object: 'event',
        type: 'checkout.session.completed',
        data: { object: paymentLinkSession(`${VISITOR}_${SESSION}`) },
      }),
    );
    expect(fromEvent(completed)).toEqual({ visitorId: VISITOR, sessionId: SESSION, source: 'client_reference_id' });
    const expired = parse(
      JSON.stringify({
        id: 'evt_2QxYzAbCdEfGhIjK',
        object: 'event',
        type: 'checkout.session.expired',
        data: { object: paymentLinkSession(VISITOR) },
      }),
    );
    expect(fromEvent(expired)).toBeNull();
  });
});
