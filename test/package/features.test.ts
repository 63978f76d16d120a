/**
 * The per-feature byte table (`npm run bench:features`, bench/features.mjs) patches each feature out of
 * a copy of src/: every patch must still apply to today's source, or the table would silently measure
 * nothing. (Building the ~20 variants takes about 40 s: the bench does that, not npm test.)
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module of the bench, without types.
import { checkPatches, FEATURES } from '../../bench/features.mjs';

describe('the per-feature byte table', () => {
  it('lists the features of SPEC that cost bytes', () => {
    expect(FEATURES.length).toBeGreaterThan(15);
  });

  it('still patches each feature out of today’s source', () => {
    expect(() => checkPatches()).not.toThrow();
  });
});
