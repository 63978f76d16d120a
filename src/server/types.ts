/** Which visit a Stripe payment came from, as read from its Checkout Session. */
export interface Attribution {
  /** The visitor ID the SDK gave the buyer's browser. */
  visitorId: string;
  /** The session (visit) ID, or `null` when the session did not survive Stripe. */
  sessionId: string | null;
  /**
   * Where it was found: `'metadata'` (`metadata.engagetrack_*`, set by your server on a Checkout
   * Session) or `'client_reference_id'` (set by the SDK on a Payment Link, Pricing Table or Buy Button).
   */
  source: 'metadata' | 'client_reference_id';
}

/**
 * The fields of a Stripe Checkout Session the resolver reads; a `Stripe.Checkout.Session` from the
 * official `stripe` package fits it.
 */
export interface CheckoutSessionLike {
  /** `metadata` set by your server when it created the session. */
  metadata?: { [key: string]: string } | null;
  /** The reference the SDK put on the Payment Link, Pricing Table or Buy Button. */
  client_reference_id?: string | null;
}

/** Options of `identityCookie()` and `withIdentityCookie()`; a value that is not valid is ignored. */
export interface IdentityCookieOptions {
  /**
   * `Domain` of the cookie, e.g. `'shop.com'` so `www.shop.com` and `app.shop.com` share the visitor
   * (the SDK's `cookieDomain: 'auto'` shares its own cookie the same way). Default: none (host-only).
   * A value that is not a plausible ASCII host name (spaces, `;`, an empty label) is ignored.
   */
  domain?: string | undefined;
  /**
   * Lifetime in seconds, as in `Max-Age`; default 34,560,000 (400 days, the most browsers keep: a
   * longer value is cut to it). Fractions are rounded down; a value that is not a finite number of at
   * least 0 is ignored.
   */
  maxAge?: number | undefined;
  /**
   * `false` drops `Secure`, for development on plain `http://`, where browsers refuse a `Secure`
   * cookie (some make an exception for `localhost`). Only `false` counts. Default: `Secure`.
   */
  secure?: boolean | undefined;
}

/** What `identityCookie()` returns. */
export interface IdentityCookie {
  /**
   * The visitor of this request: the `engagetrack_vid` cookie, else the visitor of the SDK's own
   * `engagetrack_id` record, else a new ID (32 hex digits). `''` only where a new ID is needed and
   * the runtime has no `crypto.getRandomValues` (Node 18 and older).
   */
  visitorId: string;
  /**
   * The `Set-Cookie` header value to send with the response:
   * `engagetrack_vid=<visitorId>; Path=/; Max-Age=34560000; SameSite=Lax; Secure` by default. Never
   * `HttpOnly`: the SDK reads it. `''` when `visitorId` is (send nothing then).
   */
  setCookie: string;
}

/**
 * The part of a Fetch API `Request` that `withIdentityCookie()` reads (a `Request`, Next.js'
 * `NextRequest`, a Cloudflare Worker's, Deno's or Bun's request all fit). Structural, so the server
 * entry's types need no DOM library.
 */
export interface RequestLike {
  readonly headers: {
    get(name: string): string | null;
  };
}

/**
 * The part of a Fetch API `Response` that `withIdentityCookie()` uses (a `Response`, Next.js'
 * `NextResponse` and the responses of Cloudflare Workers, Deno and Bun all fit): its headers, and
 * what a copy needs when they are immutable.
 */
export interface ResponseLike {
  readonly headers: {
    append(name: string, value: string): void;
  };
  readonly body: unknown;
  readonly status: number;
  readonly statusText: string;
}
