/**
 * WebKit: WebKitGTK's MiniBrowser driven over W3C WebDriver (classic) by Debian's `WebKitWebDriver`
 * (package `webkit2gtk-driver`), through the small WebDriver client below (fetch, no dependency). Under
 * Xvfb, started here on a free display, when DISPLAY is unset.
 *
 * One WebKitWebDriver serves one session at a time, so each session (profile) is its own
 * WebKitWebDriver on a free port, launching its own MiniBrowser (`--automation`: an ephemeral profile)
 * with `--proxy=http://127.0.0.1:<its fence>` (fence.ts): every request of every tab of that browser
 * goes through that fence, which maps the suite's names to 127.0.0.1, answers buy.stripe.com and
 * refuses everything else. (The W3C `proxy` capability is no use here: WebKitGTK takes its `sslProxy`
 * for an https:// proxy, whose self-signed certificate it then rejects, and ignores `socksProxy`.)
 *
 * WebDriver classic has no log API: uncaught errors and console.error() calls are reported by a script
 * the fence injects into the pages it forwards (fence.ts, `reportErrors`).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { type Fence, JAR_PATH, startFence } from './fence.js';
import { agreedJar, readPageCookies } from './jar.js';
import { recordProcessGroup } from './leftovers.js';
import {
  type Browser,
  type Cookie,
  DriverStall,
  type Engine,
  type Found,
  isDriverStall,
  type Session,
  type SessionOptions,
} from './types.js';

const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const WEBDRIVER = '/usr/bin/WebKitWebDriver';

/** The session's own WebDriver timeouts (ms): how long a navigation and an `execute` script may take. */
const PAGE_LOAD_TIMEOUT = 20_000;
const SCRIPT_TIMEOUT = 20_000;

/**
 * How long a command may go without any answer before it counts as a transport stall
 * ({@link DriverStall}): the browser's own timeout for the command (a navigation, a script) and 5 s for
 * WebKitWebDriver to report it, or 15 s for a command with no timeout of its own (an element look-up,
 * an action, a cookie read: milliseconds each, seconds under load). WebKitWebDriver answers every
 * command, a failure or a time-out included; one that never answers has stopped (seen under load).
 */
function deadlineOf(method: string, path: string): number {
  if (method === 'POST' && /\/(url|refresh|back|forward)$/.test(path)) return PAGE_LOAD_TIMEOUT + 5_000;
  if (/\/execute\//.test(path)) return SCRIPT_TIMEOUT + 5_000;
  // A new session launches a MiniBrowser: slower than any command.
  if (method === 'POST' && path === '/session') return 30_000;
  return 15_000;
}

/** WebDriver's key for an element reference in JSON. */
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
/** WebDriver's code points for the keys the suite presses. */
const KEYS = { Enter: '\uE007', Escape: '\uE00C' };

/** The MiniBrowser to launch: MINIBROWSER_PATH, else Debian's. */
function miniBrowser(): string {
  return process.env.MINIBROWSER_PATH || MINIBROWSER;
}

/** Whether `command` is an executable file on PATH. */
function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(':').some((folder) => folder && existsSync(`${folder}/${command}`));
}

/** WEBKIT_WEBDRIVER_PATH, else Debian's /usr/bin/WebKitWebDriver; with a MiniBrowser, and Xvfb when there is no display. */
function find(): Found {
  const driver = process.env.WEBKIT_WEBDRIVER_PATH || WEBDRIVER;
  if (!existsSync(driver)) {
    return process.env.WEBKIT_WEBDRIVER_PATH
      ? { reason: `WEBKIT_WEBDRIVER_PATH=${driver} does not exist` }
      : { reason: `no WebKitWebDriver: install Debian's "webkit2gtk-driver" package (${WEBDRIVER})` };
  }
  if (!existsSync(miniBrowser())) {
    return { reason: `no MiniBrowser at ${miniBrowser()}: set MINIBROWSER_PATH, or install "libwebkit2gtk-4.1-0"` };
  }
  if (!process.env.DISPLAY && !onPath('Xvfb')) {
    return { reason: 'no display: set DISPLAY, or install Debian\'s "xvfb" package (Xvfb)' };
  }
  return { executable: driver };
}

/** Processes this module started that are still running (killed with their group if the worker exits). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) stop(child);
});

/** Ends `child` and what it started (its process group: it is spawned detached). */
function stop(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** Starts `command` in its own process group, remembered until it exits. */
function start(command: string, args: string[], options: Parameters<typeof spawn>[2] = {}): ChildProcess {
  const child = spawn(command, args, { detached: true, ...options });
  running.add(child);
  // Recorded for the run's teardown too (global-setup.ts): a worker that is killed runs no 'exit' handler.
  if (child.pid) recordProcessGroup(child.pid);
  child.once('exit', () => running.delete(child));
  child.once('error', () => running.delete(child));
  return child;
}

/** Starts Xvfb on a free display (it picks the number: -displayfd) and returns `:N`. */
function startXvfb(): Promise<{ display: string; process: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = start('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    let number = '';
    const timer = setTimeout(() => fail('no display after 10 s'), 10_000);
    const fail = (why: string) => {
      clearTimeout(timer);
      stop(child);
      reject(new Error(`Xvfb did not start (${why}): ${errors.trim()}`));
    };
    child.stderr?.on('data', (chunk: Buffer) => {
      errors = (errors + chunk).slice(-2000);
    });
    child.stdio[3]?.on('data', (chunk: Buffer) => {
      number += chunk;
      if (!number.includes('\n')) return;
      clearTimeout(timer);
      resolve({ display: `:${number.trim()}`, process: child });
    });
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code) => fail(`exit code ${code}`));
  });
}

/** A free loopback port (for a WebKitWebDriver: it takes its port as an argument). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** An error answered by the WebDriver server. */
class WebDriverError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A minimal W3C WebDriver client: one endpoint, JSON in and out. */
class WebDriverClient {
  constructor(private readonly base: string) {}

  /**
   * Sends one command. A command with no answer within its deadline ({@link deadlineOf}) is abandoned
   * and throws a {@link DriverStall}.
   */
  async send<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, hopeless?: AbortSignal): Promise<T> {
    const deadline = deadlineOf(method, path.replace(/^\/session\/[^/]+/, ''));
    let text: string;
    let response: Response;
    try {
      const timeout = AbortSignal.timeout(deadline);
      response = await fetch(`${this.base}${path}`, {
        method,
        headers: method === 'POST' ? { 'content-type': 'application/json; charset=utf-8' } : {},
        body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
        signal: hopeless ? AbortSignal.any([timeout, hopeless]) : timeout,
      });
      text = await response.text();
    } catch (error) {
      // `hopeless`: the caller knows no answer will come (see WebKitSession.open()).
      if (hopeless?.aborted) throw new DriverStall(`WebDriver ${method} ${path}: ${hopeless.reason}`);
      if ((error as Error).name === 'TimeoutError') {
        throw new DriverStall(
          `WebDriver ${method} ${path}: no answer within ${deadline} ms (WebKitWebDriver stopped answering)`,
        );
      }
      throw error;
    }
    let value: unknown;
    try {
      value = (JSON.parse(text) as { value: unknown }).value;
    } catch {
      throw new WebDriverError('unknown error', `WebDriver ${method} ${path}: HTTP ${response.status} ${text}`);
    }
    if (!response.ok) {
      const failure = value as { error?: string; message?: string } | null;
      const code = failure?.error ?? `HTTP ${response.status}`;
      throw new WebDriverError(
        code,
        `WebDriver ${method} ${path}: ${code}${failure?.message ? `: ${failure.message}` : ''}`,
      );
    }
    return value as T;
  }

  /** Polls /status until the server answers (it has just been started). */
  async waitReady(child: ChildProcess, output: () => string, timeout = 10_000): Promise<void> {
    const deadline = Date.now() + timeout;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited with ${child.exitCode}: ${output()}`);
      try {
        await this.send('GET', '/status');
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not answer: ${error} ${output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

type ElementReference = { [ELEMENT]: string };

/** A cookie as WebDriver returns it. */
interface WebDriverCookie {
  name: string;
  value: string;
  path?: string;
  domain?: string;
  secure?: boolean;
  httpOnly?: boolean;
  expiry?: number;
  sameSite?: string;
}

/** One MiniBrowser (its own ephemeral profile) behind its own WebKitWebDriver and its own fence. */
export class WebKitSession implements Session {
  /** Commands go one at a time (cookies() switches windows). */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly client: WebDriverClient,
    private readonly id: string,
    private readonly driver: ChildProcess,
    private readonly fence: Fence,
    private readonly forget: () => void,
  ) {}

  /** Starts a WebKitWebDriver on a free port (again on another one if that port was taken meanwhile). */
  private static async startDriver(
    driverPath: string,
    display: string,
  ): Promise<{ driver: ChildProcess; client: WebDriverClient; output: () => string }> {
    for (let attempt = 1; ; attempt++) {
      let output = '';
      const port = await freePort();
      const driver = start(driverPath, [`--port=${port}`], {
        // No accelerated compositing (GL on Xvfb is software): a quarter less CPU per session here, and
        // the suite looks at no pixels.
        env: { ...process.env, DISPLAY: display, WEBKIT_DISABLE_COMPOSITING_MODE: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const keep = (chunk: Buffer) => {
        output = (output + chunk).slice(-4000);
      };
      driver.stdout?.on('data', keep);
      driver.stderr?.on('data', keep);
      const client = new WebDriverClient(`http://127.0.0.1:${port}`);
      try {
        await client.waitReady(driver, () => output);
        return { driver, client, output: () => output };
      } catch (error) {
        stop(driver);
        if (attempt === 3) throw error;
      }
    }
  }

  static async open(
    driverPath: string,
    display: string,
    forget: () => void,
    options: SessionOptions = {},
  ): Promise<WebKitSession> {
    const fence = await startFence({ reportErrors: true, initScript: options.initScript });
    let driver: ChildProcess | undefined;
    let output: (() => string) | undefined;
    try {
      const started = await WebKitSession.startDriver(driverPath, display);
      driver = started.driver;
      output = started.output;
      const client = started.client;
      // A MiniBrowser that cannot open the display (seen now and then under load: Gtk "cannot open
      // display") never connects, and WebKitWebDriver would wait for it for ever: the session is a
      // stall at once, not after the deadline.
      const hopeless = new AbortController();
      const watch = () => {
        if (/cannot open display/.test(started.output())) {
          hopeless.abort('the MiniBrowser it launched could not open the X display, so no answer will come');
        }
      };
      driver.stdout?.on('data', watch);
      driver.stderr?.on('data', watch);
      const created = await client.send<{ sessionId: string }>(
        'POST',
        '/session',
        {
          capabilities: {
            alwaysMatch: {
              acceptInsecureCerts: true,
              pageLoadStrategy: 'normal',
              timeouts: { implicit: 0, pageLoad: PAGE_LOAD_TIMEOUT, script: SCRIPT_TIMEOUT },
              'webkitgtk:browserOptions': {
                binary: miniBrowser(),
                args: ['--automation', `--proxy=http://127.0.0.1:${fence.port}`],
              },
            },
          },
        },
        hopeless.signal,
      );
      return new WebKitSession(client, created.sessionId, driver, fence, forget);
    } catch (error) {
      // What the driver printed, for the list of retried tests (a session that never started).
      if (isDriverStall(error) && output) {
        (error as Error).message += `; WebKitWebDriver's last output: ${output().trim().slice(-600) || '(none)'}`;
      }
      if (driver) stop(driver);
      await fence.close();
      throw error;
    }
  }

  /** A command of this session (path relative to /session/:id), after the ones before it. */
  private command<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return this.exclusive(() => this.client.send<T>(method, `/session/${this.id}${path}`, body));
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task, task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private send<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return this.client.send<T>(method, `/session/${this.id}${path}`, body);
  }

  async goto(url: string): Promise<void> {
    await this.command('POST', '/url', { url });
  }

  async reload(): Promise<void> {
    await this.command('POST', '/refresh');
  }

  url(): Promise<string> {
    return this.command<string>('GET', '/url');
  }

  async evaluate<R, A = undefined>(fn: ((arg: A) => R | Promise<R>) | string, arg?: A): Promise<R> {
    const call = typeof fn === 'string' ? `(${fn})` : `(${fn.toString()})(arguments[0])`;
    const script = `const done = arguments[arguments.length - 1];
Promise.resolve().then(() => ${call}).then(
  (value) => done({ value: value === undefined ? null : value, undefined: value === undefined }),
  (error) => done({ thrown: error instanceof Error ? error.name + ': ' + error.message : String(error) }),
);`;
    const result = await this.command<{ value: R; undefined?: boolean; thrown?: string }>('POST', '/execute/async', {
      script,
      args: [arg === undefined ? null : arg],
    });
    if (result.thrown !== undefined) throw new Error(`evaluate: the page threw ${result.thrown}`);
    return result.undefined ? (undefined as R) : result.value;
  }

  /** The first element matching `selector`, scrolled to the middle of the viewport. */
  private async element(selector: string): Promise<ElementReference> {
    const element = await this.send<ElementReference>('POST', '/element', { using: 'css selector', value: selector });
    await this.send('POST', '/execute/sync', {
      script: 'arguments[0].scrollIntoView({ block: "center", inline: "center" });',
      args: [element],
    });
    return element;
  }

  click(selector: string, options: { button?: 'left' | 'middle' } = {}): Promise<void> {
    const button = options.button === 'middle' ? 1 : 0;
    return this.exclusive(async () => {
      const element = await this.element(selector);
      await this.send('POST', '/actions', {
        actions: [
          {
            type: 'pointer',
            id: 'mouse',
            parameters: { pointerType: 'mouse' },
            actions: [
              { type: 'pointerMove', origin: element, x: 0, y: 0, duration: 0 },
              { type: 'pointerDown', button },
              { type: 'pointerUp', button },
            ],
          },
        ],
      });
    });
  }

  press(selector: string, key: keyof typeof KEYS): Promise<void> {
    const value = KEYS[key];
    if (!value) throw new Error(`press(): no WebDriver code for ${key}`);
    return this.exclusive(async () => {
      const element = await this.element(selector);
      await this.send('POST', '/execute/sync', { script: 'arguments[0].focus();', args: [element] });
      await this.send('POST', '/actions', {
        actions: [
          {
            type: 'key',
            id: 'keyboard',
            actions: [
              { type: 'keyDown', value },
              { type: 'keyUp', value },
            ],
          },
        ],
      });
    });
  }

  async moveMouse(x: number, y: number): Promise<void> {
    await this.command('POST', '/actions', {
      actions: [
        {
          type: 'pointer',
          id: 'mouse',
          parameters: { pointerType: 'mouse' },
          actions: [{ type: 'pointerMove', origin: 'viewport', x: Math.round(x), y: Math.round(y), duration: 0 }],
        },
      ],
    });
  }

  /**
   * Runs `task` once per suite host the browser asked for, in a second window showing a page the fence
   * serves itself on that host (`https://<host>/__engagetrack_fence__/jar`): WebDriver only shows and
   * deletes the cookies of the current document, and the first tab must not be navigated. (Where the
   * first tab's document sees them all, it runs there: see below.)
   */
  private inEveryHost<T>(task: () => Promise<T>): Promise<T[]> {
    return this.exclusive(async () => {
      const hosts = [...this.fence.traffic.hosts];
      if (!hosts.length) return [];
      // One host, never over https, and the first tab is on it: its own document sees every cookie
      // there can be (a page over http cannot have set a Secure one), with no second window (about
      // half a second of WebKit's time per read).
      if (hosts.length === 1 && !this.fence.traffic.https) {
        const current = await this.send<string>('GET', '/url').catch(() => '');
        if (URL.canParse(current) && new URL(current).hostname === hosts[0]) return [await task()];
      }
      const first = await this.send<string>('GET', '/window');
      const { handle } = await this.send<{ handle: string }>('POST', '/window/new', { type: 'window' });
      await this.send('POST', '/window', { handle });
      const results: T[] = [];
      try {
        for (const host of hosts) {
          await this.send('POST', '/url', { url: `https://${host}${JAR_PATH}` });
          results.push(await task());
        }
      } finally {
        await this.send('DELETE', '/window');
        await this.send('POST', '/window', { handle: first });
      }
      return results;
    });
  }

  /** Every cookie of the profile, once the jar agrees with the first tab (jar.ts). */
  cookies(): Promise<Cookie[]> {
    return agreedJar(
      () => this.jar(),
      () => this.evaluate(readPageCookies),
    );
  }

  private async jar(): Promise<Cookie[]> {
    const seen = new Map<string, Cookie>();
    for (const list of await this.inEveryHost(() => this.send<WebDriverCookie[]>('GET', '/cookie'))) {
      for (const cookie of list) {
        const domain = cookie.domain ?? '';
        const normalized: Cookie = {
          name: cookie.name,
          value: cookie.value,
          domain: domain.replace(/^\./, ''),
          hostOnly: !domain.startsWith('.'),
          path: cookie.path ?? '/',
          expires: cookie.expiry ?? -1,
          sameSite: cookie.sameSite as Cookie['sameSite'],
          secure: Boolean(cookie.secure),
          httpOnly: Boolean(cookie.httpOnly),
        };
        seen.set(`${normalized.name}|${domain}|${normalized.path}`, normalized);
      }
    }
    return [...seen.values()];
  }

  /**
   * Deletes every cookie of the profile, and waits until the jar shows none: WebKit answers the
   * deletion before its cookie store has made it (seen under load: the deleted cookie still read, by
   * the jar and by the page alike).
   */
  async clearCookies(): Promise<void> {
    await this.inEveryHost(() => this.send('DELETE', '/cookie'));
    const deadline = Date.now() + 10_000;
    for (;;) {
      const left = (await this.jar()).map(({ name, domain }) => `${name} (${domain})`);
      if (!left.length) return;
      if (Date.now() > deadline) throw new Error(`clearCookies(): still in the jar after 10 s: ${left.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async stripeRequests(): Promise<string[]> {
    return [...this.fence.traffic.stripe];
  }

  async offsiteRequests(): Promise<string[]> {
    return [...this.fence.traffic.offsite];
  }

  async errors(): Promise<string[]> {
    return [...this.fence.traffic.errors];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.forget();
    try {
      await Promise.race([
        this.client.send('DELETE', `/session/${this.id}`).catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, 5_000)),
      ]);
    } finally {
      stop(this.driver);
      await this.fence.close();
    }
  }
}

/** `WebKitGTK 2.50.6`, as MiniBrowser says. */
function miniBrowserVersion(display: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(miniBrowser(), ['--version'], { env: { ...process.env, DISPLAY: display }, timeout: 10_000 }, (_, out) =>
      resolve(String(out).trim() || 'WebKitGTK (version unknown)'),
    );
  });
}

export const webkitEngine: Engine = {
  name: 'webkit',
  find,
  async launch(executable: string): Promise<Browser> {
    const xvfb = process.env.DISPLAY ? undefined : await startXvfb();
    const display = process.env.DISPLAY || xvfb!.display;
    const sessions = new Set<WebKitSession>();
    const version = await miniBrowserVersion(display);
    return {
      version: `${version} (MiniBrowser)`,
      async newSession(options) {
        let session: WebKitSession | undefined;
        session = await WebKitSession.open(executable, display, () => sessions.delete(session!), options);
        sessions.add(session);
        return session;
      },
      async close() {
        await Promise.all([...sessions].map((session) => session.close()));
        if (xvfb) stop(xvfb.process);
      },
    };
  },
};
