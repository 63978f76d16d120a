import type { EngageTrack, Options } from '../types.js';

/**
 * The page's one SDK, as every copy on the page sees it (script tag, npm module, other versions):
 * the object the first copy to start registers under {@link KEY}. Protocol version 1: the eight
 * public functions, `api` (the same eight as the object the script tag installs as
 * `window.engagetrack`) and `join`. Member names are part of the protocol (never mangled); a later
 * version may add members but keeps these with the same meaning.
 */
export interface PageSdk extends EngageTrack {
  /** Protocol version: 1. */
  v: number;
  /** The eight public functions alone: what `window.engagetrack` is when the script tag installs it. */
  api: EngageTrack;
  /**
   * `init()` of a copy that joins this one: its options apply as a later `init()`'s would, except
   * `consent`, which it can only make stricter; `auto === false` configures without starting
   * automatic mode (a `data-auto="false"` script tag). Returns `stop()`.
   */
  join(options?: Options, auto?: boolean): () => void;
}

/**
 * A key every copy of every version finds: `Symbol.for()` returns the same symbol across bundles and
 * realms' scripts, and no page script collides with it by accident.
 */
const KEY: unique symbol = /* @__PURE__ */ Symbol.for('engagetrack') as never;

/** What this copy registered, if it is the page's SDK. */
let mine: PageSdk | undefined;

/** The page's SDK when it is another copy (this copy's functions then act on it); else falsy. */
export function otherSdk(): PageSdk | false | undefined {
  const found = (window as unknown as Record<symbol, PageSdk | undefined>)[KEY];
  return found !== mine && found;
}

/**
 * Makes `sdk` the page's SDK unless a copy already is; returns the page's SDK. Called by the copy
 * that starts first (`init()`, or the script tag loading).
 */
export function register(sdk: PageSdk): PageSdk {
  const page = window as unknown as Record<symbol, PageSdk>;
  if (!page[KEY]) {
    // The script-tag bundle never asks otherSdk(): it keeps no `mine`.
    if (!__SCRIPT_TAG__) mine = sdk;
    page[KEY] = sdk;
  }
  return page[KEY];
}
