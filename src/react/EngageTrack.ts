// The core is imported by its package name, not by a relative path: the build leaves `engagetrack`
// external, so an app bundle holds one copy of the SDK, shared with the app's own imports
// (`import { setConsent } from 'engagetrack'` acts on the automatic mode this component starts).
import { init, type Options } from 'engagetrack';
import { useEffect, useState } from 'react';
import { sameOptions } from './sameOptions.js';

/** The props of {@link EngageTrack}: the options of `init()`. */
export type EngageTrackProps = Options;

/**
 * Starts EngageTrack's automatic mode in a React app: every Stripe payment element on the page gets
 * the visitor and session IDs, and so do those rendered later. Render it once, near the root (in a
 * Next.js App Router app, in `app/layout.tsx`: the built file is a client component, `"use client"`).
 * It renders nothing. Its props are the options of `init()`.
 *
 * It calls `init(props)` in an effect, that is after mount, after hydration: the server-rendered
 * hrefs React hydrates are still the ones it rendered, so React sees no mismatch. Unmounting calls
 * `stop()`. On the server it does nothing (effects do not run there) and outputs nothing.
 *
 * When a prop changes value (not merely identity: a new `paymentLinkHosts` array with the same hosts
 * is the same), automatic mode restarts with the new props. Like successive `init()` calls, an option
 * you remove keeps the value it had: pass its default instead (`debug={false}`).
 *
 * React StrictMode (development) mounts, cleans up and mounts again: automatic mode ends up running
 * once. Render one `<EngageTrack />` per page, and no script tag beside it: they share the page's one
 * automatic mode, which the component stops when it unmounts.
 *
 * @example
 * import { EngageTrack } from 'engagetrack/react';
 *
 * export default function RootLayout({ children }) {
 *   return (
 *     <html lang="en">
 *       <body>
 *         {children}
 *         <EngageTrack paymentLinkHosts={['pay.example.com']} />
 *       </body>
 *     </html>
 *   );
 * }
 */
export function EngageTrack(props: EngageTrackProps): null {
  // The options of the last change of value: an object whose identity changes only with its value,
  // which is what the effect below depends on. Set during render, as React's docs advise for
  // information derived from the previous render; React renders again before committing.
  const [options, setOptions] = useState(props);
  if (options !== props && !sameOptions(options, props)) setOptions(props);
  // init() returns stop(): React calls it on unmount and before a restart with new options.
  useEffect(() => init(options), [options]);
  return null;
}
