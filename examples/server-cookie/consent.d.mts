// Types for consent.mjs (so TypeScript code, such as express.test.ts, can use it).

/** The cookie this example's consent banner writes: `granted` or `denied`. */
export const CONSENT_COOKIE: 'shop_consent';

/** Whether the visitor's consent stands, from the request's `Cookie` header (`shop_consent=granted`). */
export function consentGiven(cookieHeader: string | null | undefined): boolean;
