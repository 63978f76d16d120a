/**
 * How a browser test file runs: {@link describeInBrowsers} defines its tests once per engine, with
 * one browser per engine for the whole run and one fixture server per file; {@link it} gives each test fresh sessions (profiles)
 * and, when it ends, checks what every test must keep: no uncaught error or console error on any page,
 * and no request that would have left the machine. Tests of a file run concurrently (each in its own
 * profiles, so they cannot see each other), as many at a time as vitest's `maxConcurrency` (limits.ts).
 *
 * A test fails at its first failure, with one exception: a {@link DriverStall} (a driver command that
 * got no answer at all: WebKitGTK's WebDriver now and then stops answering under load) runs it once
 * more in fresh sessions, and the run lists it with its first error at the end (retries.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { closeSync, openSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, it as vitestIt } from 'vitest';
import {
  type Browser,
  type Engine,
  isDriverStall,
  type Session,
  type SessionOptions,
  selectedEngines,
} from './drivers/index.js';
import { ATTEMPT_TIMEOUT } from './limits.js';
import { recordRetry } from './retries.js';
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

/** What one run of a test body left: its failure, if any, and what its pages did. */
interface Attempt {
  failure: unknown;
  errors: string[];
  offsite: string[];
}

/**
 * Runs `body` once in fresh sessions, for at most {@link ATTEMPT_TIMEOUT}, then closes what it opened.
 * A body still running at the time-out is left to fail on its closed sessions, quietly.
 */
async function attempt(body: () => Promise<void>, scope: TestScope): Promise<Attempt> {
  let failure: unknown;
  let timer: NodeJS.Timeout | undefined;
  const run = currentTest.run(scope, body);
  run.catch(() => undefined);
  try {
    await Promise.race([
      run,
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`the test did not finish within ${ATTEMPT_TIMEOUT} ms`)),
          ATTEMPT_TIMEOUT,
        );
      }),
    ]);
  } catch (error) {
    failure = error;
  } finally {
    clearTimeout(timer);
  }
  return { failure, ...(await finish(scope)) };
}

/**
 * A browser test (use instead of vitest's `it` inside {@link describeInBrowsers}): sessions it opens
 * are closed when it ends, and it fails if a page threw or logged an error, or asked for a host that is
 * not the suite's own (unless it called `allowOffsite()`). It fails at its first failure, except after
 * a driver stall (see the module comment): then it runs once more, and the run lists it.
 */
export function it(name: string, body: () => Promise<void>): void {
  vitestIt(name, async ({ expect, task }) => {
    for (let run = 1; ; run++) {
      const scope: TestScope = { sessions: [], offsiteAllowed: false, errorsAllowed: false };
      const { failure, errors, offsite } = await attempt(body, scope);
      if (failure && run === 1 && isDriverStall(failure)) {
        recordRetry(task.fullName, failure);
        continue;
      }
      if (failure) {
        if (errors.length && failure instanceof Error) failure.message += `\nPage errors: ${errors.join('\n')}`;
        throw failure;
      }
      // Both guards, in one assertion: a test that broke both hears of both.
      expect({
        'uncaught errors or console errors on the page': scope.errorsAllowed ? [] : errors,
        'requests that would have left the machine': scope.offsiteAllowed ? [] : offsite,
      }).toEqual({
        'uncaught errors or console errors on the page': [],
        'requests that would have left the machine': [],
      });
      return;
    }
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
  // Throws on a name that is no engine's: the file fails to load, and the run with it.
  const engines = selectedEngines();
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
