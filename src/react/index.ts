/**
 * `engagetrack/react`: the `<EngageTrack />` component, which starts automatic mode after mount
 * (after hydration) and stops it on unmount. React 18 or later; the core is imported from
 * `engagetrack`, so the app and the component share one SDK.
 *
 * @packageDocumentation
 */
export type { EngageTrackProps } from './EngageTrack.js';
export { EngageTrack } from './EngageTrack.js';
