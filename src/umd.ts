/**
 * The UMD entry (`engagetrack.umd.js`): the npm module's API for module loaders, with no automatic
 * start. Loaded through an AMD loader (RequireJS: `require(['engagetrack'], …)` with a `paths` entry)
 * it registers as an anonymous module, so the loader names it after the path it asked for; under
 * CommonJS it is `module.exports` (outside a browser every function is a no-op). Otherwise (a plain
 * `<script>`) it acts as the script tag with `data-auto="false"`: it becomes the page's SDK (or joins
 * the copy that started first) and installs the page's API as `window.engagetrack`, unless
 * EngageTrack's tracker or another copy of the SDK holds that name; `engagetrack.init()` starts
 * automatic mode. Like any copy, its functions act on the page's one SDK.
 */
import * as engagetrack from './index.js';
import { attempt } from './lib/attempt.js';
import { claimPage } from './lib/page.js';
import type { EngageTrack } from './types.js';

/** An AMD loader's `define`, when the page has one (RequireJS, curl, Dojo). */
declare const define: ((deps: string[], factory: () => EngageTrack) => void) & { amd?: unknown };
/** CommonJS's `module` (Node's `require()`, bundlers that wrap CommonJS). */
declare const module: { exports: unknown } | undefined;

/** The module's value: the npm module's eight functions, in a plain object (not the frozen namespace). */
const api: EngageTrack = { ...engagetrack };

/**
 * The plain-script case, in a page: the page's SDK (claimed as the script tag claims it, so a later
 * script tag finds this copy registered and joins it instead of taking its global for EngageTrack's
 * tracker) goes on `window.engagetrack`. An object there with both getters that is not the page's SDK
 * is EngageTrack's tracker, or a copy that predates the registry: it stays, and its IDs go on the
 * links, as with the script tag (src/script.ts). A stub or a queue without the getters is replaced.
 */
function installInPage(): void {
  const sdk = claimPage(engagetrack.init);
  const held = window.engagetrack as Partial<EngageTrack> | undefined;
  if (held && held !== sdk.api && held.getVisitorId?.call && held.getSessionId?.call) {
    sdk.join({ identity: () => [held.getVisitorId!(), held.getSessionId!()] }, false);
  } else {
    window.engagetrack = sdk.api;
  }
}

if (typeof define === 'function' && define.amd) {
  // Anonymous: RequireJS names it after the `paths` key or module ID that loaded it, whatever the
  // app calls it. (A named define('engagetrack') would only load under that exact ID.)
  define([], () => api);
} else if (typeof module === 'object' && module) {
  module.exports = api;
} else if (typeof document === 'object') {
  attempt(installInPage);
} else {
  // A worker's importScripts(): the no-op API, unless the name is taken.
  const scope = globalThis as { engagetrack?: EngageTrack };
  scope.engagetrack = scope.engagetrack || api;
}
