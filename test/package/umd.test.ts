/**
 * dist/engagetrack.umd.js outside a page (SPEC "Package": the UMD build of the design card): under
 * CommonJS it is `module.exports`, and outside a browser every function is the no-op of SPEC; under
 * an AMD loader it defines an anonymous module and sets no global; with neither and no DOM (a worker's
 * importScripts) it is the global `engagetrack`, unless that name is taken. Its loading in real pages
 * (RequireJS, a plain script tag) is test/browser/loaders.test.ts. Needs a build.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { EngageTrack } from '../../src/types.js';
import { API } from '../unit/helpers.js';

const file = resolve(import.meta.dirname, '../../dist/engagetrack.umd.js');
const code = readFileSync(file, 'utf8');

describe('the UMD build under CommonJS (Node)', () => {
  it("require() gives the API, and every function is SPEC's no-op outside a browser", () => {
    const sdk = createRequire(import.meta.url)(file) as EngageTrack;
    expect(Object.keys(sdk).sort()).toEqual(API);
    expect(sdk.getVisitorId()).toBe('');
    expect(sdk.getSessionId()).toBe('');
    expect(sdk.getCheckoutMetadata()).toEqual({ engagetrack_visitor_id: '', engagetrack_session_id: '' });
    expect(sdk.decorateUrl('https://buy.stripe.com/aBC123')).toBe('https://buy.stripe.com/aBC123');
    expect(sdk.decorateStripeLinks()).toBe(0);
    const stop = sdk.init({ paymentLinkHosts: ['pay.example.com'] });
    expect(typeof stop).toBe('function');
    expect(stop()).toBeUndefined();
    expect(sdk.setConsent(true)).toBeUndefined();
    expect(sdk.reset()).toBeUndefined();
    expect('engagetrack' in globalThis).toBe(false);
  });
});

describe('the UMD build under an AMD loader', () => {
  it('defines one anonymous module (the loader names it after the ID it asked for) and no global', () => {
    const calls: unknown[][] = [];
    const define = Object.assign((...args: unknown[]) => calls.push(args), { amd: {} });
    const scope: Record<string, unknown> = { define };
    runInNewContext(code, scope);
    expect(calls).toHaveLength(1);
    const [dependencies, factory] = calls[0] as [string[], () => EngageTrack];
    expect(dependencies).toEqual([]);
    expect(Object.keys(factory()).sort()).toEqual(API);
    expect(factory().getVisitorId()).toBe('');
    expect(scope.engagetrack).toBeUndefined();
  });
});

describe('the UMD build with no loader and no DOM (a worker)', () => {
  it('is the global engagetrack, with the no-op API', () => {
    const scope: Record<string, unknown> = {};
    runInNewContext(code, scope);
    const sdk = scope.engagetrack as EngageTrack;
    expect(Object.keys(sdk).sort()).toEqual(API);
    expect(sdk.decorateUrl('https://buy.stripe.com/x')).toBe('https://buy.stripe.com/x');
  });

  it('keeps a global engagetrack that is already there', () => {
    const tracker = { getVisitorId: () => 'et-visitor', getSessionId: () => 'et-session' };
    const scope: Record<string, unknown> = { engagetrack: tracker };
    runInNewContext(code, scope);
    expect(scope.engagetrack).toBe(tracker);
  });
});
