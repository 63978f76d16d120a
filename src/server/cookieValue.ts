/**
 * The value of the first cookie named `name` in a `Cookie` request header, or `undefined`. Pairs are
 * split on `;` and trimmed (browsers send `; `, other clients and proxies vary). The first pair wins,
 * as in the SDK's own read of `document.cookie`, which lists the cookies in the same order as the
 * header, so server and page settle on the same value when a name appears twice. A value in double
 * quotes (RFC 6265 allows them) is unquoted; nothing is percent-decoded: an ID never needs it.
 */
export function cookieValue(header: string, name: string): string | undefined {
  for (const pair of header.split(';')) {
    const equals = pair.indexOf('=');
    if (equals < 0 || pair.slice(0, equals).trim() !== name) continue;
    const value = pair.slice(equals + 1).trim();
    return value.length > 1 && value[0] === '"' && value[value.length - 1] === '"' ? value.slice(1, -1) : value;
  }
  return undefined;
}
