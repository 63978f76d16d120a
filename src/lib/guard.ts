import { otherSdk, type PageSdk } from './registry.js';

/**
 * Wraps a public function: where another copy of the SDK owns the page, the call goes to that copy's
 * member `name` (so every copy acts on one identity and one automatic mode); it never throws into the
 * page, and does nothing outside a browser: there, or on any error, it returns what `fallback` returns
 * for the same arguments.
 */
export function guard<F extends (...args: never[]) => unknown>(name: keyof PageSdk, run: F, fallback: F): F {
  return ((...args: Parameters<F>) => {
    try {
      // The script-tag bundle runs in a browser only, and its functions are only ever reached as the
      // page's SDK (a later copy of it joins the first and installs that one's API): no check there.
      if (__SCRIPT_TAG__) return run(...args);
      if (typeof document !== 'undefined') {
        const other = otherSdk();
        return other ? (other[name] as F)(...args) : run(...args);
      }
    } catch {
      // Never throw into the page: fall back.
    }
    return fallback(...args);
  }) as F;
}
