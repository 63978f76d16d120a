/**
 * How a browser test file runs: {@link describeInBrowsers} defines its tests once per engine, with
 * one browser per engine for the whole run and one fixture server per file; {@link it} gives each test fresh sessions (profiles)
 * and, when it ends, checks what every test must keep: no uncaught error or console error on any page,
 * and no request that would have left the machine. Tests of a file run concurrently (each in its own
 * profiles, so they cannot see each other), a few at a time.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { closeSync, openSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it as vitestIt } from 'vitest';
import { type Browser, type Engine, type Session, type SessionOptions, selectedEngines } from './drivers/index.js';
import { type FixtureServer, startServer } from './server.js';

/** What a test gets. */
export interface BrowserTest {
  /** The engine this copy of the test runs on (`chromium`). */
  readonly engine: string;
  /** The fixture server (started before the first test of the file). */
  readonly server: FixtureServer;
  /** A new session: a fresh profile (no cookies, no storage), closed when the test ends. */
  open(options?: SessionOptions): Promise<Session>;
  /** This test follows a link to another host on purpose (it is refused: nothing leaves the machine). */
  allowOffsite(): void;
  /** This test makes pages throw or log errors on purpose (it checks `session.errors()` itself). */
  allowPageErrors(): void;
}

/** The sessions a running test opened, and whether it may go off-site or see page errors. */
interface TestScope {
  sessions: Session[];
  offsiteAllowed: boolean;
  errorsAllowed: boolean;
}

const currentTest = new AsyncLocalStorage<TestScope>();

/** How many tests of a file drive the browser at once (2 cores run 3 small pages at a time well). */
const CONCURRENCY = Number(process.env.ENGAGETRACK_BROWSER_CONCURRENCY) || 3;
let running = 0;
const waiting: (() => void)[] = [];

async function slot(): Promise<() => void> {
  if (running >= CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

/**
 * One browser per engine for the whole run, not one per file: the browser project runs its files one
 * after another in one worker that keeps its modules (vitest.config.ts, `isolate: false`), and a
 * launch is the costly part (Firefox: about 4 s and 6 CPU-seconds). Every test still gets fresh
 * profiles (`t.open()`). The drivers end their processes when the worker exits.
 */
const browsers = new Map<string, Promise<Browser>>();

function sharedBrowser(engine: Engine, executable: string): Promise<Browser> {
  let browser = browsers.get(engine.name);
  if (!browser) {
    browser = engine.launch(executable);
    // A launch that failed is tried again by the next file, not remembered.
    browser.catch(() => browsers.delete(engine.name));
    browsers.set(engine.name, browser);
  }
  return browser;
}

/** Closes what the test opened; returns the page errors and off-site requests it saw. */
async function finish(scope: TestScope): Promise<{ errors: string[]; offsite: string[] }> {
  const errors: string[] = [];
  const offsite: string[] = [];
  for (const session of scope.sessions) {
    errors.push(...(await session.errors()));
    offsite.push(...(await session.offsiteRequests()));
    await session.close();
  }
  return { errors, offsite };
}

/**
 * A browser test (use instead of vitest's `it` inside {@link describeInBrowsers}): sessions it opens
 * are closed when it ends, and it fails if a page threw or logged an error, or asked for a host that is
 * not the suite's own (unless it called `allowOffsite()`).
 */
export function it(name: string, body: () => Promise<void>): void {
  vitestIt(name, async () => {
    const scope: TestScope = { sessions: [], offsiteAllowed: false, errorsAllowed: false };
    const release = await slot();
    let failure: unknown;
    try {
      await currentTest.run(scope, body);
    } catch (error) {
      failure = error;
    }
    const { errors, offsite } = await finish(scope).finally(release);
    if (failure) {
      if (errors.length && failure instanceof Error) failure.message += `\nPage errors: ${errors.join('\n')}`;
      throw failure;
    }
    if (!scope.errorsAllowed) expect(errors, 'uncaught errors or console errors on the page').toEqual([]);
    if (!scope.offsiteAllowed) expect(offsite, 'requests that would have left the machine').toEqual([]);
  });
}

/**
 * A test that runs on `engines` only (the current one is `engine`); on the others it shows as skipped,
 * with `why` in its name.
 */
export function itOn(engine: string, engines: string[], why: string, name: string, body: () => Promise<void>): void {
  if (engines.includes(engine)) it(name, body);
  else vitestIt.skip(`${name} (not run in ${engine}: ${why})`, () => {});
}

/**
 * A test of logic that does not depend on the engine (it uses no cookie, storage, click or timing
 * behaviour of its own): it runs once, in Chromium, and shows as skipped in the other engines. What
 * differs between engines runs in all of them (`it`).
 */
export function itOnce(engine: string, name: string, body: () => Promise<void>): void {
  itOn(engine, ['chromium'], 'engine-independent logic, run once in Chromium', name, body);
}

/**
 * Prints `line` once per `vitest run`, however many test files want to say it: the files run in
 * separate workers, so the first to create a marker file (keyed by the run's process) prints.
 */
function sayOnce(key: string, line: string): void {
  const marker = path.join(os.tmpdir(), `engagetrack-browser-${key}-${process.ppid}`);
  try {
    closeSync(openSync(marker, 'wx'));
  } catch {
    return; // Another file of this run said it.
  }
  console.warn(line);
}

/**
 * One line for the whole run naming every selected engine that is not installed, and why:
 * `Browser tests skipped in firefox (no Firefox: …); webkit (no WebKitWebDriver: …).` Every file
 * computes the same line over all selected engines; the first file to get there prints it.
 */
function saySkipped(): void {
  if (process.env.CI) return; // Missing engines fail instead (see missing()).
  const skipped = selectedEngines().flatMap((engine) => {
    const { reason } = engine.find();
    return reason ? [`${engine.name} (${reason})`] : [];
  });
  if (skipped.length) sayOnce('skipped', `Browser tests skipped in ${skipped.join('; ')}.`);
}

/** The engine has no executable: its tests are skipped (see saySkipped()), or fail when CI is set. */
function missing(title: string, engine: Engine, reason: string): void {
  if (process.env.CI) {
    describe(`${title} [${engine.name}]`, () => {
      vitestIt(`runs in ${engine.name}`, () => {
        throw new Error(`${engine.name} is required when CI is set: ${reason}`);
      });
    });
    return;
  }
  describe.skip(`${title} [${engine.name}]`, () => {
    vitestIt(`needs ${engine.name}: ${reason}`, () => {});
  });
}

/**
 * Defines the tests of `define` once per engine. Call it once per file: the file's tests share the
 * run's browser of each engine (launched by the first file that needs it) and a fixture server. An engine-specific file passes `only` (the engines it runs on) and
 * `why` (why the others cannot run it): they show its tests as skipped with that reason.
 */
export function describeInBrowsers(
  title: string,
  define: (t: BrowserTest) => void,
  only?: string[],
  why?: string,
): void {
  saySkipped();
  const engines = selectedEngines();
  if (!engines.length) {
    describe.skip(title, () => {
      vitestIt(`no engine selected: ENGAGETRACK_BROWSERS=${process.env.ENGAGETRACK_BROWSERS}`, () => {});
    });
  }
  for (const engine of engines) {
    if (only && !only.includes(engine.name)) {
      describe.skip(`${title} [${engine.name}]`, () => {
        vitestIt(`not run in ${engine.name}: ${why ?? `only for ${only.join(', ')}`}`, () => {});
      });
      continue;
    }
    const found = engine.find();
    const executable = found.executable;
    if (!executable) {
      missing(title, engine, found.reason ?? 'not found');
      continue;
    }
    describe.concurrent(`${title} [${engine.name}]`, () => {
      let browser: Browser | undefined;
      let server: FixtureServer | undefined;
      beforeAll(async () => {
        [browser, server] = await Promise.all([sharedBrowser(engine, executable), startServer()]);
      });
      afterAll(async () => {
        // The browser stays for the next file (see sharedBrowser()); the file's server goes.
        await server?.close();
      });
      define({
        engine: engine.name,
        get server() {
          if (!server) throw new Error('the fixture server starts in beforeAll');
          return server;
        },
        async open(options) {
          const scope = currentTest.getStore();
          if (!scope) throw new Error('open() is for the body of a test defined with it() from ./setup.js');
          if (!browser) throw new Error('the browser starts in beforeAll');
          const session = await browser.newSession(options);
          scope.sessions.push(session);
          return session;
        },
        allowOffsite() {
          const scope = currentTest.getStore();
          if (scope) scope.offsiteAllowed = true;
        },
        allowPageErrors() {
          const scope = currentTest.getStore();
          if (scope) scope.errorsAllowed = true;
        },
      });
    });
  }
}
