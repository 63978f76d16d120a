/** The UTM parameters the SDK forwards, in the order they are stored. */
export const UTM_KEYS = 'source medium campaign content term'.split(' ').map((name) => `utm_${name}`);

/**
 * A UTM value as Stripe accepts it: letters, digits, `-` and `_`, each run of other characters
 * turned into one `-`, at most 150 characters. `''` means leave it out.
 */
export function cleanUtm(value: string | null | undefined): string {
  return (value || '').replace(/[^\w-]+/g, '-').slice(0, 150);
}
