/**
 * Payment Link URLs for the byte-for-byte parity check against the EngageTrack docs snippet
 * (decoration.test.ts): generated from a fixed seed, so every run and every engine checks the same
 * ones, and a failure can be replayed. They mix what real merchants' links carry and what URL
 * serializers disagree on: `%20` and `+`, `~*'()!`, reserved characters, malformed escapes, non-ASCII
 * in the path, names, values and fragment, empty and repeated parameters, a bare `?`, `?#`, and an
 * existing `prefilled_email`. None carries `client_reference_id` or `engagetrack_session_id` (SPEC:
 * the parity holds for links without them; a merchant's reference is kept on purpose).
 */

/** A small deterministic PRNG (mulberry32): the same seed gives the same URLs. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PATHS = ['/test_a', '/b/c', '/x%20y', '/x y', '/caf%C3%A9', '/café', '/日本', "/~tilde*star'", '/a+b', '/', ''];
const NAMES = [
  'a',
  'plan',
  'locale',
  'prefilled_email',
  'prefilled_promo_code',
  'utm_source',
  'x y',
  'x+y',
  'é',
  '日本',
  '%26',
  'a%3Db',
  '😀',
  '',
];
const VALUES = [
  '',
  '1',
  'a b',
  'a+b',
  'a%20b',
  'a%2Bb',
  "~*'()!",
  'é',
  'caf%C3%A9',
  '日本',
  '😀',
  'x=y',
  'ann@shop.test',
  'ann+tag@shop.test',
  'ann%40shop.test',
  '%',
  '%zz',
  '?',
  '/',
  ':',
  ',;$',
  '[]',
  '"<>`',
  '\\',
  '^|{}',
];
const FRAGMENTS = ['', '', '', '#', '#top', '#a b', '#é', '#?x=1&y', '#%20', '#plans/pro'];

/** `count` Payment Link URLs on https://buy.stripe.com, from `seed`. */
export function parityUrls(count: number, seed = 20261204): string[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const urls: string[] = [];
  for (let i = 0; i < count; i++) {
    const shape = next();
    let query = '';
    if (shape < 0.1) query = '';
    else if (shape < 0.15) query = '?';
    else {
      const parts: string[] = [];
      const length = 1 + Math.floor(next() * 4);
      for (let p = 0; p < length; p++) {
        const name = pick(NAMES);
        const form = next();
        // A bare name, an empty value, or a value; now and then the same name again.
        parts.push(form < 0.1 ? name : form < 0.2 ? `${name}=` : `${name}=${pick(VALUES)}`);
        if (next() < 0.1) parts.push(`${name}=${pick(VALUES)}`);
      }
      const joiner = next() < 0.1 ? '&&' : '&';
      query = `?${parts.join(joiner)}${next() < 0.05 ? '&' : ''}`;
    }
    urls.push(`https://buy.stripe.com${pick(PATHS)}${query}${pick(FRAGMENTS)}`);
  }
  return urls;
}
