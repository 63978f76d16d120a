/** Shows where an element is on the page, with a box of the panel's own over it. */
export interface Highlighter {
  show(target: Element): void;
  hide(): void;
}

/** The box around `target`: its own, or for an image-map `<area>` (no box of its own) its image's. */
function rectOf(target: Element): DOMRect {
  const rect = target.getBoundingClientRect();
  const map = target.localName === 'area' && target.closest('map');
  if (rect.width || rect.height || !map) return rect;
  return document.querySelector(`img[usemap="#${CSS.escape(map.name)}"]`)?.getBoundingClientRect() ?? rect;
}

/**
 * Moves `box` (a fixed-position element inside the panel's shadow root) over the highlighted element,
 * and keeps it there while the page scrolls or resizes. The merchant's element is never touched: no
 * outline, class or style is set on it.
 */
export function highlighter(box: HTMLElement): Highlighter {
  let target: Element | undefined;
  const place = () => {
    if (!target) return;
    const { top, left, width, height } = rectOf(target);
    // CSSOM, not a style attribute: allowed under a Content-Security-Policy without 'unsafe-inline'.
    for (const [name, value] of [
      ['top', top - 3],
      ['left', left - 3],
      ['width', width + 6],
      ['height', height + 6],
    ] as const) {
      box.style.setProperty(name, `${value}px`);
    }
  };
  return {
    show(element) {
      target = element;
      place();
      box.hidden = false;
      addEventListener('scroll', place, { capture: true, passive: true });
      addEventListener('resize', place);
    },
    hide() {
      target = undefined;
      box.hidden = true;
      removeEventListener('scroll', place, { capture: true });
      removeEventListener('resize', place);
    },
  };
}
