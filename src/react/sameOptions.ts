import type { Options } from 'engagetrack';

/**
 * Whether two option objects say the same thing, so a re-render that passes equal props (a new
 * `paymentLinkHosts` array with the same hosts, say) does not restart automatic mode. Values are
 * compared with `Object.is`, arrays item by item; a property set to `undefined` is the same as an
 * absent one. Any other object is compared by reference.
 */
export function sameOptions(a: Options, b: Options): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof Options>;
  for (const key of keys) {
    const [x, y] = [a[key], b[key]];
    const same =
      Object.is(x, y) ||
      (Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((item, i) => Object.is(item, y[i])));
    if (!same) return false;
  }
  return true;
}
