/**
 * What a consent signal says now. A number, ordered so that combining the followed signals is
 * `Math.max`: the strongest answer wins (a denial over a withheld answer over a grant over none).
 */
export const NO_ANSWER = 0;
/** Consent for everything the options name. */
export const GRANTED = 1;
/**
 * Not granted, and not the visitor's decision: a Consent Mode default denial, a CMP that has not
 * answered yet. It keeps another signal's grant from counting, and deletes nothing.
 */
export const WITHHELD = 2;
/** The visitor's decision against (a Consent Mode update, a TC string, a WordPress choice): deletes what was stored. */
export const DENIED = 3;
