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
