import { vi } from 'vitest';
import type { EngageTrack } from '../../src/types.js';

/** The SDK's cookie name and localStorage key, as the README documents them. */
export const STORE_KEY = 'engagetrack_id';

/** The eight functions of the API (SPEC), sorted: the members of `window.engagetrack`. */
export const API = [
  'decorateStripeLinks',
  'decorateUrl',
  'getCheckoutMetadata',
  'getSessionId',
  'getVisitorId',
  'init',
  'reset',
  'setConsent',
];

/** The SDK's ID format: 16 to 64 letters, digits or hyphens. */
export const ID = /^[A-Za-z0-9-]{16,64}$/;

type Sdk = typeof import('../../src/index.js');

/** The key under which the page's one SDK registers (every copy of every version finds it). */
export const REGISTRY = Symbol.for('engagetrack');

/**
 * Forgets the SDK copies of the previous "page" (the test's window outlives the pages it simulates):
 * the page's registered SDK and `window.engagetrack`.
 */
export function newPage(): void {
  delete (window as unknown as Record<symbol, unknown>)[REGISTRY];
  delete (window as unknown as Record<string, unknown>).engagetrack;
}

/**
 * A fresh copy of the SDK, as after a page load: module state (memory, probe results) is new,
 * no other copy is on the page, cookies and localStorage are whatever the test left.
 */
export async function loadSdk(): Promise<Sdk> {
  newPage();
  vi.resetModules();
  return import('../../src/index.js');
}

/** The page's registered SDK (the copy that started first), or undefined. */
export function registered(): (EngageTrack & { v: number }) | undefined {
  return (window as unknown as Record<symbol, (EngageTrack & { v: number }) | undefined>)[REGISTRY];
}

/**
 * Runs the script-tag entry (src/script.ts, a copy of its own) as the browser runs a `<script>` with
 * these `data-*` attributes, on the current page (another copy may be registered already).
 */
export async function loadScriptTag(data: Record<string, string> = {}): Promise<void> {
  const script = document.createElement('script');
  for (const [name, value] of Object.entries(data)) script.setAttribute(`data-${name}`, value);
  document.head.append(script);
  Object.defineProperty(document, 'currentScript', { get: () => script, configurable: true });
  vi.resetModules();
  await import('../../src/script.js');
  delete (document as unknown as Record<string, unknown>).currentScript;
}

/**
 * Another copy of the SDK on the same page (a second bundle, another version): its own module state,
 * the page's registered SDK left as it is.
 */
export async function loadAnotherCopy(): Promise<Sdk> {
  vi.resetModules();
  return import('../../src/index.js');
}

/** Every cookie of the page, name → value. */
export function cookies(): Record<string, string> {
  return Object.fromEntries(
    document.cookie
      .split('; ')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
}

/** Deletes every cookie, host-only and on every parent domain, and clears localStorage. */
export function clearStores(): void {
  const labels = location.hostname.split('.');
  for (const name of Object.keys(cookies())) {
    document.cookie = `${name}=;path=/;max-age=0`;
    for (let i = 0; i < labels.length; i++) {
      document.cookie = `${name}=;path=/;max-age=0;domain=${labels.slice(i).join('.')}`;
    }
  }
  localStorage.clear();
}

/** The record the SDK stores: [visitorId, sessionId, start, lastActivity, ...utm]. */
export function storedRecord(where: 'cookie' | 'localStorage'): string[] | undefined {
  const raw = where === 'cookie' ? cookies()[STORE_KEY] : localStorage.getItem(STORE_KEY);
  return raw ? raw.split('.') : undefined;
}

/** Records every string written to document.cookie (the write goes through as usual). */
export function spyCookieWrites(): string[] {
  const writes: string[] = [];
  const descriptor = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
  vi.spyOn(document, 'cookie', 'set').mockImplementation((value: string) => {
    writes.push(value);
    descriptor.set!.call(document, value);
  });
  return writes;
}

/** The docs snippet's loop body (../shared/docs/stripe-payment-links.txt), as the reference. */
export function snippetDecorate(href: string, visitorId: string, sessionId: string): string {
  const url = new URL(href);
  url.searchParams.set('client_reference_id', visitorId);
  url.searchParams.set('prefilled_email', url.searchParams.get('prefilled_email') || '');
  // Store session ID in the URL for EngageTrack to read
  url.searchParams.set('engagetrack_session_id', sessionId);
  return url.toString();
}

/** Sets the page's body; returns it. */
export function page(html: string): HTMLElement {
  document.body.innerHTML = html;
  return document.body;
}

/** Lets MutationObserver callbacks run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
