import type { PageFacts } from './types.js';

/** The facts of a page verify could not look at (outside a browser, or an unexpected failure). */
export function emptyFacts(): PageFacts {
  return {
    v: 2,
    url: typeof location === 'undefined' ? '' : location.href,
    sdk: 'none',
    visitorId: '',
    sessionId: '',
    reference: '',
    storage: 'none',
    cookiesBlocked: false,
    localStorageBlocked: false,
    privacySignal: false,
    elements: [],
  };
}
