// Types for express.mjs (so TypeScript code, such as express.test.ts, can use it).
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface VisitorCookieOptions {
  /** Where consent is required: whether the visitor's consent stands, from the consent tool's cookie. */
  hasConsent?: (cookieHeader: string | undefined) => boolean;
  /** `Domain` of the cookie. */
  domain?: string;
  /** Seconds; default 400 days. */
  maxAge?: number;
  /** `false` for development on plain http. */
  secure?: boolean;
}

/** A response as Express gives it: Node's, with `locals`. */
export type ExpressLikeResponse = ServerResponse & { locals?: Record<string, unknown> };

/** Express-style middleware that sets the EngageTrack visitor cookie on page requests. */
export function engagetrackVisitorCookie(
  options?: VisitorCookieOptions,
): (req: IncomingMessage, res: ExpressLikeResponse, next: () => void) => void;
