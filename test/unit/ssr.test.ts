// @vitest-environment node
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { EngageTrack } from '../../src/types.js';

const require = createRequire(import.meta.url);
/** A built file, imported by URL: `npm run typecheck` runs before the build, so tsc must not resolve it. */
const importBuilt = (file: string) => import(new URL(`../../dist/${file}`, import.meta.url).href);

type Sdk = Pick<EngageTrack, keyof EngageTrack>;

/** Every build a server-rendered app or a Node script may load. */
const builds: Array<[string, () => Promise<Sdk>]> = [
  ['the TypeScript source (src/index.ts)', () => import('../../src/index.js')],
  ['the ESM build (dist/index.mjs)', () => importBuilt('index.mjs')],
  ['the CommonJS build (dist/index.cjs)', async () => require('../../dist/index.cjs')],
];

/** The script-tag bundles: browser-only files, but an SSR step that evaluates one must survive it. */
const scriptBundles = ['engagetrack.min.js', 'engagetrack.debug.min.js'];

describe('outside a browser (Node, SSR) the SDK does nothing and never throws', () => {
  it('runs without a DOM', () => {
    expect(typeof document).toBe('undefined');
    expect(typeof window).toBe('undefined');
  });

  for (const [name, load] of builds) {
    describe(name, () => {
      it('loads', async () => {
        const sdk = await load();
        for (const fn of ['getVisitorId', 'getSessionId', 'getCheckoutMetadata', 'decorateUrl'] as const) {
          expect(typeof sdk[fn]).toBe('function');
        }
      });

      it('returns empty IDs', async () => {
        const sdk = await load();
        expect(sdk.getVisitorId()).toBe('');
        expect(sdk.getSessionId()).toBe('');
        expect(sdk.getCheckoutMetadata()).toEqual({ engagetrack_visitor_id: '', engagetrack_session_id: '' });
      });

      it('leaves URLs unchanged and finds no links', async () => {
        const sdk = await load();
        const url = 'https://buy.stripe.com/aBC123dEfGhI?locale=fr#x';
        expect(sdk.decorateUrl(url)).toBe(url);
        expect(sdk.decorateUrl('/relative')).toBe('/relative');
        expect(sdk.decorateStripeLinks()).toBe(0);
      });

      it('init() returns a stop() that does nothing; setConsent() and reset() do not throw', async () => {
        const sdk = await load();
        const stop = sdk.init({ paymentLinkHosts: ['pay.example.com'], debug: true });
        expect(typeof stop).toBe('function');
        expect(stop()).toBeUndefined();
        expect(() => sdk.setConsent(true)).not.toThrow();
        expect(() => sdk.setConsent(false)).not.toThrow();
        expect(() => sdk.reset()).not.toThrow();
        expect(sdk.getVisitorId()).toBe('');
      });
    });
  }
});

describe('the script-tag bundles evaluated outside a browser do nothing and never throw', () => {
  for (const file of scriptBundles) {
    it(file, () => {
      const exported = require(`../../dist/${file}`);
      expect(exported).toEqual({});
      expect(typeof window).toBe('undefined');
    });
  }
});

describe('the server entry (engagetrack/server) works without a DOM', () => {
  const visitor = 'a'.repeat(32);
  const session = 'b'.repeat(32);

  const servers: Array<[string, () => Promise<typeof import('../../src/server/index.js')>]> = [
    ['the TypeScript source (src/server)', () => import('../../src/server/index.js')],
    ['the ESM build (dist/server.mjs)', () => importBuilt('server.mjs')],
    ['the CommonJS build (dist/server.cjs)', async () => require('../../dist/server.cjs')],
  ];

  for (const [name, load] of servers) {
    it(`${name} reads the attribution of a Checkout Session`, async () => {
      const server = await load();
      expect(server.parseClientReferenceId(`${visitor}_${session}`)).toEqual({
        visitorId: visitor,
        sessionId: session,
        source: 'client_reference_id',
      });
      expect(
        server.attributionFromCheckoutSession({
          metadata: { engagetrack_visitor_id: visitor, engagetrack_session_id: session },
          client_reference_id: null,
        }),
      ).toEqual({ visitorId: visitor, sessionId: session, source: 'metadata' });
      expect(server.attributionFromCheckoutSession({ client_reference_id: 'user_42' })).toBeNull();
    });
  }
});
