/**
 * A new element `name` with `className` and text (never HTML: the panel builds its DOM node by node,
 * so it needs neither `innerHTML` nor inline styles, and works under strict Content-Security-Policy
 * and Trusted Types).
 */
export function element<K extends keyof HTMLElementTagNameMap>(
  name: K,
  className = '',
  text = '',
): HTMLElementTagNameMap[K] {
  const created = document.createElement(name);
  if (className) created.className = className;
  if (text) created.textContent = text;
  return created;
}
