// The diagnosis of engagetrack/verify (SPEC "Verify"): facts in, one report out. Pure logic, so it is
// tested here on hand-made facts; test/browser/verify.test.ts gathers real facts from real pages.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/verify/diagnose.js';
import { DOCS, RULES } from '../../src/verify/rules.js';
import type { ElementFacts, PageFacts } from '../../src/verify/types.js';

const VISITOR = '0f5e2c1a9b8d7c6e5f4a3b2c1d0e9f8a';
const SESSION = '7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d';
const OTHER = '11111111111111111111111111111111';
/** A merchant's own references shaped like an SDK ID: a UUID, a 32-digit hex ID. */
const UUID = '3f2b8c1e-9d4a-4b7e-8f00-123456789abc';
const HEX = '0123456789abcdef0123456789abcdef';
const IDS = `client_reference_id=${VISITOR}&prefilled_email=&engagetrack_session_id=${SESSION}`;

/** Every problem code of SPEC.md, "Verify". */
const SPEC_CODES = [
  'no-sdk',
  'no-payment-elements',
  'not-decorated',
  'stale-ids',
  'merchant-reference',
  'invalid-reference',
  'not-https',
  'not-a-payment-link',
  'in-shadow-root',
  'component-before-sdk',
  'automatic-mode-off',
  'consent-pending',
  'privacy-signal',
  'storage-blocked',
  'click-missing-ids',
];

/**
 * A payment link as the facts describe it: `query` on a buy.stripe.com URL, and what the SDK leaves on
 * it (`sdkReference`), as gatherFacts asks it of a page without automatic mode: decorateUrl() of the
 * href without the parameters the page's SDK wrote (this session's, or this visitor's), so a merchant's
 * reference is kept whatever its shape, and an SDK-shaped one next to another browser's session is
 * replaced. (With automatic mode on, gatherFacts takes off any session: the cases say so.)
 */
function link(query: string, more: Partial<ElementFacts> = {}): ElementFacts {
  const value = `https://buy.stripe.com/test_a${query && `?${query}`}`;
  const params = new URL(value).searchParams;
  const reference = params.get('client_reference_id');
  const session = params.get('engagetrack_session_id');
  const ours = session === SESSION || reference === VISITOR;
  const pasted = !ours && session !== null && !!reference && /^[a-z\d-]{16,64}$/.test(reference);
  return {
    kind: 'link',
    value,
    payment: true,
    inShadowRoot: false,
    reference,
    session,
    sdkReference: !reference || reference === VISITOR || pasted ? VISITOR : reference,
    ...more,
  };
}

function component(reference: string | null, more: Partial<ElementFacts> = {}): ElementFacts {
  return {
    kind: 'pricing-table',
    value: reference ?? '',
    payment: true,
    inShadowRoot: false,
    beforeSdk: false,
    reference,
    session: null,
    ...more,
  };
}

/** The facts of a page whose SDK runs with the cookie, automatic mode on, with these elements. */
function page(elements: ElementFacts[], more: Partial<PageFacts> = {}): PageFacts {
  return {
    v: 2,
    url: 'https://www.shop.test/pricing',
    sdk: 'registry',
    visitorId: VISITOR,
    sessionId: SESSION,
    reference: VISITOR,
    storage: 'cookie',
    cookiesBlocked: false,
    localStorageBlocked: false,
    privacySignal: false,
    automaticMode: true,
    elements,
    ...more,
  };
}

const codes = (facts: PageFacts) => diagnose(facts).problems.map((problem) => problem.code);

describe('a page that is right', () => {
  it('is ok, with no problem, every element ok', () => {
    const report = diagnose(page([link(IDS), component(VISITOR)]));
    expect(report).toMatchObject({ ok: true, problems: [], visitorId: VISITOR, sessionId: SESSION, storage: 'cookie' });
    expect(report.elements).toEqual([
      { kind: 'link', value: `https://buy.stripe.com/test_a?${IDS}`, ok: true },
      { kind: 'pricing-table', value: VISITOR, ok: true },
    ]);
  });

  it("with referenceFormat 'visitor+session' too", () => {
    const reference = `${VISITOR}_${SESSION}`;
    const facts = page(
      [
        link(`client_reference_id=${reference}&prefilled_email=&engagetrack_session_id=${SESSION}`, {
          sdkReference: reference,
        }),
        component(reference),
      ],
      { reference },
    );
    expect(diagnose(facts)).toMatchObject({ ok: true, problems: [] });
  });
});

describe('one code per situation, and none it should not', () => {
  const cases: [string, PageFacts, string[]][] = [
    [
      'no SDK on the page',
      page([link('')], { sdk: 'none', visitorId: '', sessionId: '', storage: 'none' }),
      ['no-sdk'],
    ],
    ['no Stripe element', page([]), ['no-payment-elements']],
    ['a link without the IDs', page([link('')]), ['not-decorated']],
    ['a component without a reference', page([component(null)]), ['not-decorated']],
    [
      'a link with the page’s visitor and an earlier session (an idle timeout), automatic mode on: the click refreshes it',
      page([link(`client_reference_id=${VISITOR}&prefilled_email=&engagetrack_session_id=${OTHER}`)]),
      [],
    ],
    [
      "the same in 'visitor+session' format",
      page(
        [
          link(`client_reference_id=${VISITOR}_${OTHER}&prefilled_email=&engagetrack_session_id=${OTHER}`, {
            sdkReference: `${VISITOR}_${SESSION}`,
          }),
        ],
        { reference: `${VISITOR}_${SESSION}` },
      ),
      [],
    ],
    [
      'a link with the page’s visitor and an earlier session, automatic mode off: no click refreshes it',
      page([link(`client_reference_id=${VISITOR}&prefilled_email=&engagetrack_session_id=${OTHER}`)], {
        automaticMode: false,
      }),
      ['automatic-mode-off'],
    ],
    [
      'a pasted link (another visitor and session), automatic mode off',
      page([link(`client_reference_id=${OTHER}&prefilled_email=&engagetrack_session_id=${OTHER}`)], {
        automaticMode: false,
      }),
      ['automatic-mode-off', 'stale-ids'],
    ],
    [
      "a component with a reference shaped like an ID (the merchant's, or HTML copied from another browser: the SDK keeps it)",
      page([component(HEX)]),
      ['merchant-reference'],
    ],
    [
      "the merchant's UUID kept on a link, next to the page's session",
      page([link(`client_reference_id=${UUID}&prefilled_email=&engagetrack_session_id=${SESSION}`)]),
      ['merchant-reference'],
    ],
    [
      "the merchant's UUID kept on a link with an earlier session, automatic mode on",
      page([
        link(`client_reference_id=${UUID}&prefilled_email=&engagetrack_session_id=${OTHER}`, { sdkReference: UUID }),
      ]),
      ['merchant-reference'],
    ],
    ["a component with the merchant's UUID", page([component(UUID)]), ['merchant-reference']],
    [
      "the merchant's own reference, kept",
      page([link(`client_reference_id=order-42&prefilled_email=&engagetrack_session_id=${SESSION}`)]),
      ['merchant-reference'],
    ],
    ["a component with the merchant's reference", page([component('user_42')]), ['merchant-reference']],
    [
      'a reference Stripe would drop',
      page([link(`client_reference_id=order+%2342&prefilled_email=&engagetrack_session_id=${SESSION}`)]),
      ['invalid-reference'],
    ],
    ['a component reference Stripe would drop', page([component('ann@shop.test')]), ['invalid-reference']],
    [
      'http://buy.stripe.com',
      page([{ ...link(''), value: 'http://buy.stripe.com/test_a', payment: false, nearMiss: 'http' }]),
      ['not-https'],
    ],
    [
      'a Checkout Session URL',
      page([
        { ...link(''), value: 'https://checkout.stripe.com/c/pay/cs_test_a1', payment: false, nearMiss: 'checkout' },
      ]),
      ['not-a-payment-link'],
    ],
    ['a link in a shadow root, not decorated', page([link('', { inShadowRoot: true })]), ['in-shadow-root']],
    ['a link in a shadow root the merchant decorated', page([link(IDS, { inShadowRoot: true })]), []],
    ['a component before the SDK', page([component(VISITOR, { beforeSdk: true })]), ['component-before-sdk']],
    ['automatic mode off', page([link(IDS)], { automaticMode: false }), ['automatic-mode-off']],
    ['automatic mode: could not tell', page([link(IDS)], { automaticMode: undefined }), []],
    ['consent not given', page([link(IDS)], { storage: 'memory' }), ['consent-pending']],
    [
      'a privacy signal the SDK’s tag respects',
      page([link(IDS)], { storage: 'memory', privacySignal: true, respectsPrivacySignals: true }),
      ['privacy-signal'],
    ],
    [
      'consent pending, with a privacy signal the SDK’s tag does not respect (the consent bundle in Brave)',
      page([link(IDS)], { storage: 'memory', privacySignal: true, respectsPrivacySignals: false }),
      ['consent-pending'],
    ],
    [
      'memory and a privacy signal, no SDK tag to tell why (an npm app)',
      page([link(IDS)], { storage: 'memory', privacySignal: true }),
      ['consent-pending'],
    ],
    [
      'cookies and localStorage blocked',
      page([link(IDS)], { storage: 'memory', cookiesBlocked: true, localStorageBlocked: true }),
      ['storage-blocked'],
    ],
    [
      'cookies blocked, localStorage holds the visitor',
      page([link(IDS)], { storage: 'localStorage', cookiesBlocked: true }),
      [],
    ],
    [
      'a click that left without the IDs',
      page([link(IDS, { clickUrl: 'https://buy.stripe.com/test_a' })]),
      ['click-missing-ids'],
    ],
    ['a click that left with the IDs', page([link(IDS, { clickUrl: `https://buy.stripe.com/test_a?${IDS}` })]), []],
    [
      "a click with the merchant's kept reference and the session",
      page([
        link(`client_reference_id=order-42&prefilled_email=&engagetrack_session_id=${SESSION}`, {
          clickUrl: `https://buy.stripe.com/test_a?client_reference_id=order-42&engagetrack_session_id=${SESSION}`,
        }),
      ]),
      ['merchant-reference'],
    ],
  ];
  for (const [situation, facts, expected] of cases) {
    it(`${situation}: ${expected.join(', ') || 'no problem'}`, () => {
      expect(codes(facts)).toEqual(expected);
    });
  }

  it('covers every code of SPEC.md', () => {
    expect(new Set(cases.flatMap(([, , expected]) => expected))).toEqual(new Set(SPEC_CODES));
  });
});

describe('IDs in memory only: pending consent or a respected privacy signal, told from what the page shows', () => {
  const problemOf = (more: Partial<PageFacts>) =>
    diagnose(page([link(IDS)], { storage: 'memory', ...more })).problems.map(({ code, message }) => ({
      code,
      message,
    }));

  it('the SDK’s tag asks to respect the signal the browser sends: privacy-signal', () => {
    expect(problemOf({ privacySignal: true, respectsPrivacySignals: true })).toEqual([
      { code: 'privacy-signal', message: expect.stringContaining('data-respect-privacy-signals') },
    ]);
  });

  it('the tag does not (Brave sends GPC by default): consent-pending, and no word of the signal', () => {
    for (const more of [{ privacySignal: true, respectsPrivacySignals: false }, { privacySignal: false }]) {
      const [problem] = problemOf(more);
      expect(problem.code).toBe('consent-pending');
      expect(problem.message).not.toMatch(/Privacy Control|Do Not Track/);
    }
  });

  it('no SDK tag to tell (an npm app): consent-pending, saying that a privacy signal is on too and what it would mean', () => {
    const [problem] = problemOf({ privacySignal: true });
    expect(problem.code).toBe('consent-pending');
    expect(problem.message).toMatch(/Global Privacy Control or Do Not Track/);
    expect(problem.message).toMatch(/respectPrivacySignals/);
  });
});

describe('the report', () => {
  const facts = page([link(''), link(''), component('user_42'), link(IDS), component(null, { beforeSdk: true })], {
    automaticMode: false,
  });
  const report = diagnose(facts);

  it('counts each problem: elements for an element problem, 1 for a page problem', () => {
    expect(report.problems.map(({ code, count }) => [code, count])).toEqual([
      ['automatic-mode-off', 1],
      ['not-decorated', 3],
      ['merchant-reference', 1],
      ['component-before-sdk', 1],
    ]);
  });

  it("gives each element the first problem in the report's order", () => {
    expect(report.elements.map((element) => element.code)).toEqual([
      'not-decorated',
      'not-decorated',
      'merchant-reference',
      undefined,
      'not-decorated',
    ]);
    expect(report.elements.map((element) => element.ok)).toEqual([false, false, false, true, false]);
  });

  it('is ok exactly when no problem is an error', () => {
    expect(report.ok).toBe(false);
    const warningsOnly = diagnose(page([component('user_42')], { automaticMode: false }));
    expect(warningsOnly.problems.map((problem) => problem.severity)).toEqual(['warning', 'warning']);
    expect(warningsOnly.ok).toBe(true);
  });

  it('gives every problem its message, fix and README link', () => {
    for (const problem of report.problems) {
      expect(problem.message.length).toBeGreaterThan(20);
      expect(problem.fix.length).toBeGreaterThan(20);
      expect(problem.docs).toBe(`https://github.com/engagetrack/engagetrack-browser#verify-${problem.code}`);
    }
  });

  it('is JSON: nothing is lost by JSON.stringify', () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('without an SDK: no-sdk alone, on every element', () => {
    const none = diagnose(page([link(''), component(null)], { sdk: 'none', automaticMode: undefined }));
    expect(none.problems.map(({ code, severity, count }) => [code, severity, count])).toEqual([['no-sdk', 'error', 1]]);
    expect(none.elements.map((element) => element.code)).toEqual(['no-sdk', 'no-sdk']);
  });
});

describe('the rules', () => {
  it('are exactly the problem codes of SPEC.md, each once', () => {
    expect(RULES.map((rule) => rule.code).sort()).toEqual([...SPEC_CODES].sort());
  });

  it('have the severities the README documents', () => {
    expect(Object.fromEntries(RULES.map((rule) => [rule.code, rule.severity]))).toEqual({
      'no-sdk': 'error',
      'storage-blocked': 'warning',
      'privacy-signal': 'info',
      'consent-pending': 'info',
      'automatic-mode-off': 'warning',
      'no-payment-elements': 'warning',
      'not-https': 'error',
      'not-a-payment-link': 'warning',
      'in-shadow-root': 'warning',
      'not-decorated': 'error',
      'stale-ids': 'error',
      'invalid-reference': 'error',
      'merchant-reference': 'warning',
      'click-missing-ids': 'error',
      'component-before-sdk': 'warning',
    });
  });

  it('each link to a README entry that exists, with that severity', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
    // GitHub's anchor of a heading: lower case, punctuation but `-` and `_` dropped, spaces to `-`.
    const anchors = [...readme.matchAll(/^#+ (.+)$/gm)].map(([, heading]) =>
      heading
        .toLowerCase()
        .replace(/[^\w\- ]/g, '')
        .replace(/ /g, '-'),
    );
    for (const rule of RULES) {
      const anchor = `verify-${rule.code}`;
      expect(anchors, `README heading for #${anchor}`).toContain(anchor);
      expect(`${DOCS}${rule.code}`).toBe(`https://github.com/engagetrack/engagetrack-browser#${anchor}`);
      const entry = readme.slice(readme.indexOf(`#### verify: ${rule.code}\n`)).split('\n#')[0];
      expect(entry, `README entry of ${rule.code}`).toContain(`(${rule.severity})`);
    }
  });
});
