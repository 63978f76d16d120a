/**
 * Copies `text` to the clipboard: the asynchronous Clipboard API where the page may use it (https,
 * and a permission in some browsers), else the selected `area` and `document.execCommand('copy')`,
 * which plain-http pages still allow from a click. Resolves to whether it was copied; the text stays
 * selected in `area` either way, for Ctrl+C or ⌘C by hand.
 */
export async function copyText(text: string, area: HTMLTextAreaElement): Promise<boolean> {
  area.value = text;
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No Clipboard API here (plain http), or no permission: the textarea below.
  }
  area.hidden = false;
  area.focus();
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}
