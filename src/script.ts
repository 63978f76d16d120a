/**
 * The script-tag entry (`engagetrack.min.js`): makes this copy the page's SDK (or joins the copy that
 * started first), reads the options from the `data-*` attributes of its own `<script>` element,
 * starts automatic mode unless `data-auto="false"`, and installs the page's SDK as
 * `window.engagetrack`, unless EngageTrack's tracker holds that name (its IDs then go on the links).
 * Loading it a second time changes nothing.
 */
import { follow } from './consent/follow.js';
import { init } from './init.js';
import { attempt } from './lib/attempt.js';
import { noop } from './lib/noop.js';
import { claimPage } from './lib/page.js';
import type { EngageTrack } from './types.js';

attempt(() => {
  // currentScript is set while a classic script runs, with defer and async too; it is null in a
  // module script or code run by eval(): then there are no data-* options, the defaults apply.
  const script = document.currentScript as HTMLScriptElement | null;
  const dataset = script?.dataset || {};
  const given: Record<string, unknown> = {};
  // "true" is on; any other string is kept, so a boolean option is off for it and the rest
  // (a number, a list, a consent value) reads as it does in init().
  for (const key in dataset) given[key] = dataset[key] === 'true' || dataset[key];
  const auto = given.auto !== 'false';
  const sdk = claimPage(init);
  // EngageTrack's tracker on window.engagetrack (not this SDK, with both getters) stays, and its IDs
  // go on payment elements; anything else under the name (a stub, a queue) is replaced.
  const tracker = window.engagetrack as Partial<EngageTrack> | undefined;
  if (tracker && tracker !== sdk.api && tracker.getVisitorId?.call && tracker.getSessionId?.call) {
    given.identity = () => [tracker.getVisitorId!(), tracker.getSessionId!()];
  } else {
    window.engagetrack = sdk.api;
  }
  // The consent bundle: consent 'required' (the join below makes the page's SDK stricter before it
  // stores anything), then the page's consent signals decide (data-consent-signals…, src/consent/).
  if (__CONSENT__) {
    given.consent = 'required';
    follow(given, sdk);
  }
  // As the page's SDK or as a later copy, the tag's options apply as a joining copy's: for the first
  // copy that is the same as init() (consent can only start stricter than the default).
  sdk.join(given, auto);
  // Verify (SPEC "Verify"): `engagetrack_verify` in the page URL's query or fragment loads the report
  // panel from this script's own directory (same host, same version). An absolute URL: a CDN script
  // without `crossorigin` may not import() relative URLs (its base URL is about:blank). The module map
  // loads it once however many copies ask; a failed load is ignored. (Without a script, the TypeError
  // is caught by attempt(): there is no directory to load from.)
  if (/[?&#]engagetrack_verify/.test(location as never)) {
    import(new URL('engagetrack.verify.min.js', script!.src) as never).catch(noop);
  }
});
