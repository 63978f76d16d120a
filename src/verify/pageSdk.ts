import type { EngageTrack } from '../types.js';

/** The page's SDK as verify sees it: its public functions, and where they were found. */
export interface FoundSdk {
  api: EngageTrack;
  where: 'registry' | 'global';
  /** EngageTrack's tracker holds `window.engagetrack` (its IDs go on the links, not the SDK's own). */
  tracker: boolean;
}

/** Whether `value` has the functions verify asks (any copy or version of the SDK has them). */
function isSdk(value: unknown): value is EngageTrack {
  const sdk = value as Partial<EngageTrack> | undefined;
  return typeof sdk?.decorateUrl === 'function' && typeof sdk.getVisitorId === 'function';
}

/**
 * The page's one SDK: the page registry under `Symbol.for('engagetrack')` (every copy and version
 * since 0.2.0 joins it), else `window.engagetrack` when it is an SDK (0.1.0, a UMD build); never one
 * copy's internals, so the answer is the page's, whatever copy verify was bundled with.
 */
export function pageSdk(): FoundSdk | undefined {
  const registered = (window as unknown as Record<symbol, unknown>)[Symbol.for('engagetrack')];
  const global = window.engagetrack as Partial<EngageTrack> | undefined;
  if (isSdk(registered)) {
    const tracker = !!global && !isSdk(global) && typeof global.getVisitorId === 'function';
    return { api: registered, where: 'registry', tracker };
  }
  return isSdk(global) ? { api: global, where: 'global', tracker: false } : undefined;
}
