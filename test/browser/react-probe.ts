/**
 * What the framework tests (react.test.ts, nextjs.test.ts) watch in a page, from before its first
 * script: {@link probeScript} is the session's `initScript`, which the network fence puts first in
 * every page, in every engine.
 */

/** What the probe records in the page. */
export interface Probe {
  /**
   * console.error and console.warn calls, `error: …` / `warn: …`, of this document. Each is also added
   * to sessionStorage (`__probe_messages`, see {@link pageMessages}), which outlives the document: a
   * test that follows a link can come back and read what was said up to the moment the page left.
   */
  messages: string[];
  /** MutationObservers that started observing the document (automatic mode starting). */
  started: number;
  /** Of those, how many were disconnected (automatic mode stopping). */
  stopped: number;
  /** How often each element's href (by id) was changed once in the document. */
  hrefWrites: Record<string, number>;
}

declare global {
  interface Window {
    __probe: Probe;
  }
}

/**
 * Installed before any script of the page. Wraps console.error/warn (React's development build
 * reports hydration mismatches there), counts the MutationObservers that observe the whole document
 * and their disconnects (automatic mode: one per init(), ended by stop()), and records every change
 * of an href in the document (React sets a new link's href before inserting it, so what changes an
 * href in the document is the SDK). With `sdk`, also runs the script-tag bundle when parsing ends,
 * just before deferred and module scripts: the first pass of `<script src=… defer>` in the head.
 */
export function installProbe(sdk: string | null): void {
  const probe: Probe = { messages: [], started: 0, stopped: 0, hrefWrites: {} };
  window.__probe = probe;
  for (const level of ['error', 'warn'] as const) {
    const original = console[level];
    console[level] = function (this: Console, ...args: unknown[]) {
      const message = `${level}: ${args.map(String).join(' ')}`;
      probe.messages.push(message);
      try {
        const kept = JSON.parse(sessionStorage.getItem('__probe_messages') || '[]') as string[];
        sessionStorage.setItem('__probe_messages', JSON.stringify([...kept, message]));
      } catch {
        // No sessionStorage: the page's own list is all there is.
      }
      return original.apply(this, args);
    };
  }
  const { observe, disconnect } = MutationObserver.prototype;
  const watching = new WeakSet<MutationObserver>();
  MutationObserver.prototype.observe = function (this: MutationObserver, target, options) {
    if (target === document && !watching.has(this)) {
      watching.add(this);
      probe.started++;
    }
    return observe.call(this, target, options);
  };
  MutationObserver.prototype.disconnect = function (this: MutationObserver) {
    if (watching.has(this)) {
      watching.delete(this);
      probe.stopped++;
    }
    return disconnect.call(this);
  };
  const writes = new MutationObserver((records) => {
    for (const { target } of records) {
      const id = (target as Element).id;
      probe.hrefWrites[id] = (probe.hrefWrites[id] ?? 0) + 1;
    }
  });
  // The original observe(): the probe's own observer is not automatic mode.
  observe.call(writes, document, { subtree: true, attributeFilter: ['href'] });
  if (sdk) {
    document.addEventListener('readystatechange', () => {
      if (document.readyState !== 'interactive') return;
      // An inline classic script runs as it is inserted.
      const script = document.createElement('script');
      script.textContent = sdk;
      document.head.append(script);
      // The bundle decorated the page at once; its automatic mode is stopped right after. The app's
      // <EngageTrack consent="required" /> runs its own copy of the core (until copies join one SDK per
      // page), with in-memory IDs that differ from the script tag's stored ones: two automatic modes
      // would rewrite each other's links without end.
      window.engagetrack?.init()();
    });
  }
}

/**
 * The probe as a session's `initScript` (`t.open({ initScript: probeScript(sdk) })`): {@link installProbe}
 * called with `sdk` (written so that no `<` of the bundle can end the page's script element).
 */
export function probeScript(sdk: string | null = null): string {
  return `(${installProbe.toString()})(${JSON.stringify(sdk).replace(/</g, '\\u003c')});`;
}

/**
 * Every console.error and console.warn the probe saw in this tab's documents of this origin, across
 * page loads (see {@link Probe.messages}). Runs in the page.
 */
export function pageMessages(): string[] {
  return JSON.parse(sessionStorage.getItem('__probe_messages') || '[]') as string[];
}

/** The href of `#id` once automatic mode decorated it (it carries client_reference_id). */
export function hrefOnceDecorated(id: string): string | null {
  const href = document.getElementById(id)?.getAttribute('href');
  return href?.includes('client_reference_id=') ? href : null;
}
