/**
 * The SDK's `<script>` element (any script-tag build but verify's own), if the page has one: where the
 * SDK sits in the document, and the `data-*` options it was given.
 */
export function sdkScript(): HTMLScriptElement | undefined {
  return [...document.querySelectorAll<HTMLScriptElement>('script[src]')].find((script) =>
    /\/engagetrack(?!\.verify)[\w.-]*\.js$/.test(script.src.split(/[?#]/)[0]),
  );
}
