// Types of build.mjs, for its test (examples/react/build.test.ts).
import type { FunctionComponent } from 'react';

/** The browser bundle's code, and the files it was made of (repository-relative). */
export function bundleClient(): Promise<{ code: Uint8Array; inputs: string[] }>;
/** The App component, compiled for server rendering. */
export function loadApp(): Promise<FunctionComponent>;
