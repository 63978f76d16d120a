import { inBrowser } from './inBrowser.js';

/**
 * Wraps a public function so it never throws into the page and does nothing outside a browser:
 * there, or on any error, it returns what `fallback` returns for the same arguments.
 */
export function guard<F extends (...args: never[]) => unknown>(run: F, fallback: F): F {
  return ((...args: Parameters<F>) => {
    try {
      if (inBrowser()) return run(...args);
    } catch {
      // Never throw into the page: fall back.
    }
    return fallback(...args);
  }) as F;
}
