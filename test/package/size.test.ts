/**
 * The byte budgets (bench/budgets.json, SPEC "Budgets"): bytes are deterministic, so unlike time they
 * are checked on every run. The script-tag bundle merchants download, its debug twin, and what an app
 * bundle carries of the npm module for the imports SPEC names (bench/treeShake.mjs). Needs a build
 * (`npm test` builds first).
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module of the bench, without types.
import { treeShakenSize } from '../../bench/treeShake.mjs';

const root = new URL('../../', import.meta.url);
const budgets = JSON.parse(readFileSync(new URL('bench/budgets.json', root), 'utf8'));
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const gzipOf = (file: string) => gzipSync(readFileSync(new URL(file, root)), { level: 9 }).length;

describe('the script-tag bundle merchants download', () => {
  it('is the file unpkg and jsDelivr serve', () => {
    expect(pkg.unpkg).toBe('./dist/engagetrack.min.js');
    expect(pkg.jsdelivr).toBe(pkg.unpkg);
  });

  it(`stays within ${budgets.scriptBundleGzipBytes} B gzip -9, with every feature in (the verify trigger too)`, () => {
    const gzip = gzipOf(pkg.unpkg);
    expect(gzip).toBeGreaterThan(2000); // the real bundle, not an empty or truncated file
    expect(gzip).toBeLessThanOrEqual(budgets.scriptBundleGzipBytes);
  });

  it('has a debug twin that carries the log lines the default bundle leaves out', () => {
    const bundle = readFileSync(new URL(pkg.unpkg, root), 'utf8');
    const debug = readFileSync(new URL('dist/engagetrack.debug.min.js', root), 'utf8');
    expect(bundle).not.toContain('kept merchant reference');
    expect(debug).toContain('kept merchant reference');
    expect(debug).toContain('skipped');
    expect(bundle).toContain('engagetrack.debug.min.js');
  });

  it('carries the verify trigger, not the report: that is engagetrack.verify.min.js, loaded on demand', () => {
    const bundle = readFileSync(new URL(pkg.unpkg, root), 'utf8');
    const verify = readFileSync(new URL('dist/engagetrack.verify.min.js', root), 'utf8');
    for (const file of [bundle, readFileSync(new URL('dist/engagetrack.debug.min.js', root), 'utf8')]) {
      expect(file).toContain('engagetrack_verify');
      expect(file).toContain('engagetrack.verify.min.js');
      expect(file).not.toContain('installation check');
    }
    expect(verify).toContain('installation check');
  });
});

describe('the consent bundle (engagetrack.consent.min.js)', () => {
  it(`stays within ${budgets.consentBundleGzipBytes} B gzip -9, with followConsent() and its data-* options in`, () => {
    const gzip = gzipOf('dist/engagetrack.consent.min.js');
    expect(gzip).toBeGreaterThan(gzipOf(pkg.unpkg)); // the whole SDK, and more
    expect(gzip).toBeLessThanOrEqual(budgets.consentBundleGzipBytes);
  });

  it('is the default bundle with the consent signals in: Google Consent Mode, IAB TCF, the WP Consent API', () => {
    const bundle = readFileSync(new URL('dist/engagetrack.consent.min.js', root), 'utf8');
    for (const present of ['google_tag_data', '__tcfapi', 'wp_has_consent', 'consentSignals', 'client_reference_id']) {
      expect(bundle).toContain(present);
    }
    const defaultBundle = readFileSync(new URL(pkg.unpkg, root), 'utf8');
    expect(defaultBundle).not.toContain('__tcfapi');
  });
});

describe('an app bundle carries only what it imports (esbuild --bundle --minify, gzip -9)', () => {
  for (const [names, budget] of Object.entries(budgets.treeShakenGzipBytes as Record<string, number>)) {
    it(`${names}: at most ${budget} B`, async () => {
      const { gzip } = await treeShakenSize(names.split(', '));
      expect(gzip).toBeLessThanOrEqual(budget);
    });
  }

  it('importing only the getters carries no decoration, no observer and no option parsing', async () => {
    const { code } = await treeShakenSize(['getVisitorId', 'getSessionId', 'getCheckoutMetadata']);
    for (const absent of ['client_reference_id', 'MutationObserver', 'addEventListener', 'paymentLinkHosts']) {
      expect(code).not.toContain(absent);
    }
    // It still finds another copy of the SDK on the page, to act on it.
    expect(code).toContain('Symbol.for("engagetrack")');
  });
});
