/**
 * The panel's styles: `[selector, declarations]`, general before specific. The host resets everything
 * it could inherit from the page (`all: initial`) with `!important`, which inside a shadow root beats
 * any rule of the page on the host element; the page's selectors never reach inside the shadow root,
 * and the panel's rules never reach out of it.
 */
const RULES: [string, string][] = [
  [':host', 'all:initial;display:block;position:fixed;top:0;left:0;width:0;height:0;z-index:2147483647'],
  [
    '.panel',
    'position:fixed;right:12px;bottom:12px;box-sizing:border-box;width:min(480px,calc(100vw - 24px));max-height:calc(100vh - 24px);overflow:auto;padding:14px 16px;background:#fff;color:#1a1f36;border:1px solid #c9ced8;border-radius:10px;box-shadow:0 8px 28px rgba(0,0,0,.25);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;text-align:left',
  ],
  ['.panel:focus', 'outline:none'],
  ['.header', 'display:flex;align-items:center;justify-content:space-between;gap:8px'],
  ['.title', 'margin:0;font-size:16px;font-weight:600'],
  [
    '.heading',
    'margin:14px 0 6px;font-size:13px;font-weight:600;text-transform:uppercase;letter-spacing:.04em;color:#4f566b',
  ],
  [
    '.button',
    'font:inherit;font-size:13px;padding:4px 10px;border:1px solid #a3acb9;border-radius:6px;background:#f6f8fa;color:#1a1f36;cursor:pointer',
  ],
  ['.button:hover', 'background:#e3e8ee'],
  ['.button:focus-visible,.row:focus-visible', 'outline:2px solid #635bff;outline-offset:2px'],
  ['.verdict', 'margin:10px 0 0;padding:8px 10px;border-radius:6px;font-weight:600'],
  ['.verdict.ok', 'background:#e6f6ec;color:#0b6b2f;border:1px solid #9fd8b3'],
  ['.verdict.fail', 'background:#fdecea;color:#a11a0e;border:1px solid #f1aca4'],
  ['.ids', 'display:grid;grid-template-columns:auto 1fr;gap:2px 10px;margin:10px 0 0'],
  ['.ids dt', 'color:#4f566b'],
  ['.ids dd', 'margin:0;overflow-wrap:anywhere'],
  ['.code', 'font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace'],
  ['.list', 'list-style:none;margin:0;padding:0'],
  ['.problem', 'margin:0 0 8px;padding:8px 10px;border-left:4px solid #a3acb9;background:#f6f8fa;border-radius:4px'],
  ['.problem.error', 'border-left-color:#d93025'],
  ['.problem.warning', 'border-left-color:#e8a317'],
  ['.problem.info', 'border-left-color:#3d7bd9'],
  ['.problem p', 'margin:4px 0 0'],
  [
    '.badge',
    'display:inline-block;margin-right:6px;padding:0 6px;border-radius:4px;font-size:12px;font-weight:600;background:#e3e8ee',
  ],
  ['.link', 'color:#4b44d6'],
  [
    '.row',
    'display:flex;gap:8px;align-items:baseline;box-sizing:border-box;width:100%;margin:0;padding:3px 6px;border:0;border-radius:4px;background:none;color:inherit;font:inherit;text-align:left;cursor:pointer',
  ],
  ['.row:hover,.row:focus', 'background:#eef0ff'],
  ['.mark', 'flex:none;width:1.2em;font-weight:700'],
  ['.mark.ok', 'color:#0b6b2f'],
  ['.mark.fail', 'color:#a11a0e'],
  ['.mark.warn', 'color:#9a6700'],
  ['.value', 'flex:1;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap'],
  ['.status', 'margin-left:8px;color:#4f566b'],
  ['.json', 'box-sizing:border-box;width:100%;height:120px;margin-top:8px'],
  ['.footer', 'margin-top:12px'],
  [
    '.highlight',
    'position:fixed;box-sizing:border-box;min-width:6px;min-height:6px;border:2px solid #635bff;border-radius:3px;background:rgba(99,91,255,.15);pointer-events:none',
  ],
];

/** `prop:value;…` as pairs (no value of the panel contains `;`). */
function declarations(text: string): [string, string][] {
  return text.split(';').map((pair) => {
    const colon = pair.indexOf(':');
    return [pair.slice(0, colon), pair.slice(colon + 1)];
  });
}

/**
 * Styles the panel's shadow root without any `<style>` element or style attribute, so a
 * Content-Security-Policy without `'unsafe-inline'` allows it: a constructable stylesheet in
 * `adoptedStyleSheets` (Chrome 73+, Firefox 101+, Safari 16.4+), else each rule applied through the
 * CSSOM (`style.setProperty`, which CSP does not govern), without its `:hover`/`:focus` states. Call it
 * once the shadow root's content is built.
 */
export function applyStyles(root: ShadowRoot): void {
  const important = (selector: string) => (selector === ':host' ? ' !important' : '');
  try {
    // Assigning adoptedStyleSheets where it is not supported would only add a property: ask first.
    if (!('adoptedStyleSheets' in root)) throw new TypeError('no adoptedStyleSheets');
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(
      RULES.map(
        ([selector, text]) =>
          `${selector}{${declarations(text)
            .map(([name, value]) => `${name}:${value}${important(selector)}`)
            .join(';')}}`,
      ).join('\n'),
    );
    root.adoptedStyleSheets = [sheet];
    return;
  } catch {
    // No constructable stylesheets: the CSSOM below.
  }
  for (const [selector, text] of RULES) {
    if (selector !== ':host' && selector.includes(':')) continue;
    const targets = selector === ':host' ? [root.host as HTMLElement] : root.querySelectorAll<HTMLElement>(selector);
    for (const target of targets) {
      for (const [name, value] of declarations(text))
        target.style.setProperty(name, value, important(selector) && 'important');
    }
  }
}
