/** Stripe's rule for `client_reference_id`: letters, digits, `-` and `_`, at most 200 characters. */
export function isStripeReference(value: string): boolean {
  return /^[\w-]{1,200}$/.test(value);
}

/**
 * Whether `value` is shaped like a reference the SDK writes: an ID (16 to 64 letters, digits or
 * hyphens), or `<id>_<id>` (`referenceFormat: 'visitor+session'`). Such a value that is not this
 * page's was written by the SDK for another visitor or session.
 */
export function isSdkShaped(value: string): boolean {
  return /^[a-z\d-]{16,64}(_[a-z\d-]{16,64})?$/i.test(value);
}

/**
 * Whether `reference` is the page's visitor's, for the page's session or an earlier one: the page's
 * own `pageReference`, the visitor alone, or `<visitor>_<session>` ('visitor+session' format; the
 * visitor is `pageReference` without its `_<sessionId>`).
 */
export function isVisitorsReference(reference: string | null, pageReference: string, sessionId: string): boolean {
  const suffix = `_${sessionId}`;
  const visitor = sessionId && pageReference.endsWith(suffix) ? pageReference.slice(0, -suffix.length) : pageReference;
  return (
    !!reference &&
    !!visitor &&
    (reference === pageReference ||
      reference === visitor ||
      (reference.startsWith(`${visitor}_`) && isSdkShaped(reference)))
  );
}

/** The query parameter `name` of `url`; `null` when absent or `url` is not a URL. */
export function queryParam(url: string, name: string): string | null {
  try {
    return new URL(url).searchParams.get(name);
  } catch {
    return null;
  }
}

/** The parameter the SDK puts the visitor (or `visitor_session`) reference in. */
export const REFERENCE = 'client_reference_id';
/** The parameter the SDK puts the session ID in. */
export const SESSION = 'engagetrack_session_id';
