// Types of link-package.mjs, for the browser tests that call it.
/** Makes node_modules/engagetrack a link to the repository, unless it already is. */
export function linkPackage(): void;
