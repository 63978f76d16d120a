// Its own file, free of DOM types, so `engagetrack/server` can export it to Node code.

/**
 * The `metadata` to pass when your server creates a Stripe Checkout Session. A type alias, not an
 * interface, so it is assignable to Stripe's `MetadataParam` (`{ [name: string]: string | … }`).
 */
export type CheckoutMetadata = {
  /** The visitor ID, as `getVisitorId()` returns it. */
  engagetrack_visitor_id: string;
  /** The session ID, as `getSessionId()` returns it. */
  engagetrack_session_id: string;
};
