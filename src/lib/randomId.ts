/**
 * A new random ID: 32 lower-case hex digits, 128 bits from `crypto.getRandomValues`
 * (`crypto.randomUUID` is missing on plain-http pages, and carries only 122 random bits).
 */
export function randomId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => (byte + 256).toString(16).slice(1)).join('');
}

/**
 * Whether `value` can be an EngageTrack ID: 16 to 64 letters, digits or hyphens, so always a valid
 * Stripe `client_reference_id`, and never containing the `_` that joins visitor and session.
 * (`undefined` reads as "undefined", too short; a value of unknown type goes through {@link isIdValue}.)
 */
export function isId(value: string | undefined): value is string {
  return /^[a-z\d-]{16,64}$/i.test(value as string);
}

/** {@link isId} for a value of any type (metadata read from a webhook): only a string can be an ID. */
export function isIdValue(value: unknown): value is string {
  return typeof value === 'string' && isId(value);
}
