/** Does nothing: what `stop()` and the API are outside a browser. */
export function noop(): void {}
