/** Whether a DOM is present: false under Node, SSR and workers, where the API does nothing. */
export function inBrowser(): boolean {
  return typeof document !== 'undefined';
}
