/**
 * The thin, engine-neutral driver interface the browser suite is written against. Each engine
 * (Chromium through playwright-core, Firefox through puppeteer-core over WebDriver BiDi, WebKitGTK's
 * MiniBrowser over WebDriver) is one file in this folder that implements {@link Engine}; the tests
 * never import an engine's own API, except a test marked as engine-only.
 */

/** A cookie as the browser's jar holds it (not as `document.cookie` shows it). */
export interface Cookie {
  name: string;
  value: string;
  /** Domain without a leading dot: `shop.test`. */
  domain: string;
  /** True for a host-only cookie (no `Domain` attribute). */
  hostOnly: boolean;
  path: string;
  /** Expiry in seconds since the epoch; -1 for a session cookie. */
  expires: number;
  sameSite: 'Strict' | 'Lax' | 'None' | undefined;
  secure: boolean;
  httpOnly: boolean;
}

export interface SessionOptions {
  /** Accept the suite's self-signed certificate (for pages on the https server). Sessions always do. */
  https?: boolean;
  /**
   * JavaScript to run before any other script of every page of the session (a probe): the session's
   * network fence puts it first in every HTML page it forwards, and it removes itself from the DOM
   * once it ran. Engine-neutral, unlike Playwright's `addInitScript`; it does not reach documents the
   * fence does not forward (about:blank, data:, the Stripe stand-in).
   */
  initScript?: string;
}

/**
 * One browser profile (a Playwright context, a puppeteer browser context, a WebDriver session):
 * its own cookies and storage, a first tab, and every tab that tab opens.
 */
export interface Session {
  /** Opens `url` in the first tab and waits for its load event. */
  goto(url: string): Promise<void>;
  /** Reloads the first tab and waits for its load event. */
  reload(): Promise<void>;
  /** The first tab's current URL. */
  url(): Promise<string>;
  /**
   * Runs `fn` in the first tab with a JSON-serializable `arg` and returns its (awaited,
   * JSON-serializable) result. `fn` is sent as source: it must not use anything from the test's scope.
   * A string is evaluated as an expression.
   */
  evaluate<R, A = undefined>(fn: ((arg: A) => R | Promise<R>) | string, arg?: A): Promise<R>;
  /** Clicks the centre of the first element matching `selector` with a real (trusted) mouse click. */
  click(selector: string, options?: { button?: 'left' | 'middle' }): Promise<void>;
  /** Focuses the first element matching `selector` and presses `key` with a real key event. */
  press(selector: string, key: 'Enter' | 'Escape'): Promise<void>;
  /** Moves the mouse to the point (`x`, `y`) of the first tab's viewport with a real pointer move (hover). */
  moveMouse(x: number, y: number): Promise<void>;
  /**
   * Every cookie of the profile, read once the browser's jar agrees with what the first tab's
   * `document.cookie` shows (see jar.ts): a write the page just made is in it.
   */
  cookies(): Promise<Cookie[]>;
  /** Deletes every cookie of the profile (storage stays). */
  clearCookies(): Promise<void>;
  /**
   * URLs under `https://buy.stripe.com/**` that any tab of the profile navigated to, in order. They
   * are intercepted and answered by a stand-in page: nothing reaches Stripe.
   */
  stripeRequests(): Promise<string[]>;
  /**
   * Requests to any other non-loopback host, listed here and refused (a network error in Chromium, a 403
   * from the network fence in Firefox and WebKit): nothing leaves the machine.
   */
  offsiteRequests(): Promise<string[]>;
  /**
   * Uncaught errors and console errors of every tab, in order (in WebKit: of every page the network
   * fence forwards, which reports them itself; see fence.ts).
   */
  errors(): Promise<string[]>;
  /** Closes the profile and its tabs. */
  close(): Promise<void>;
}

/** A running browser. */
export interface Browser {
  /** Engine name and version, e.g. `Chromium 156.0.8078.108`. */
  readonly version: string;
  /** A new profile: no cookies, no storage. */
  newSession(options?: SessionOptions): Promise<Session>;
  close(): Promise<void>;
}

/** Where an engine's executable is, or why there is none. */
export type Found = { executable: string; reason?: undefined } | { executable?: undefined; reason: string };

/** One browser engine: how to find it and how to launch it. */
export interface Engine {
  /** Short name used in test titles and in ENGAGETRACK_BROWSERS: `chromium`. */
  readonly name: string;
  find(): Found;
  launch(executable: string): Promise<Browser>;
}

/**
 * Hosts the suite serves itself (mapped to 127.0.0.1: by the browser's resolver rules in Chromium, by
 * the network fence (fence.ts) in Firefox and WebKit: *.shop.test, and *.vercel.app for the
 * public-suffix cookie check); anything else is off-site.
 */
export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'shop.test' ||
    hostname.endsWith('.shop.test') ||
    hostname.endsWith('.vercel.app') ||
    hostname === 'localhost' ||
    hostname === '127.0.0.1' ||
    hostname === '[::1]'
  );
}

/** Whether `url` is a Payment Link request to intercept. */
export function isStripeUrl(url: URL): boolean {
  return url.protocol === 'https:' && url.hostname === 'buy.stripe.com';
}

/** The page that stands in for Stripe when a test follows a payment link. */
export const STRIPE_STAND_IN =
  '<!doctype html><link rel="icon" href="data:,"><title>Stripe (stand-in)</title><p>Intercepted by the test suite.</p>';

/**
 * A driver command that got no answer at all within its deadline: the browser's automation
 * transport stopped answering (seen with WebKitGTK's WebDriver under load), as opposed to an answer
 * that says something failed (a script error, a timeout the browser itself reports, an element not
 * found). The one kind of failure setup.ts runs a test again for.
 */
export class DriverStall extends Error {
  override readonly name = 'DriverStall';
}

/** Whether `error` is a {@link DriverStall} (by name: the class may come from another module copy). */
export function isDriverStall(error: unknown): boolean {
  return error instanceof Error && error.name === 'DriverStall';
}
