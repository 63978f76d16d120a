// Types of build.mjs, for the browser tests (test/browser/consent-banners.test.ts).

/** The example CMP (IAB Tech Lab's @iabtcf/cmpapi and @iabtcf/core) bundled as one classic script. */
export function bundleCmp(): Promise<string>;
/** The IAB stub (@iabtcf/stub) as published. */
export function iabStub(): Promise<string>;
