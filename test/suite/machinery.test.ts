// The browser suite's own machinery (test/browser/setup.ts, issue 22), run for real: vitest's browser
// project on the fixture files of test/browser/selftest, in a child process, with CI set as .ci/run
// sets it. What is checked is what a developer reading the run's output relies on: an ordinary failure
// fails the run at once and is printed; only a driver stall is run again, and is listed at the end
// with its first error; a typo in ENGAGETRACK_BROWSERS or a missing engine fails the run; a request
// to another host from a subframe, with other profiles open, fails the test that made it.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VITEST = path.join(ROOT, 'node_modules/vitest/vitest.mjs');

let state: string;
beforeAll(async () => {
  state = await mkdtemp(path.join(os.tmpdir(), 'engagetrack-selftest-'));
});
afterAll(async () => {
  await rm(state, { recursive: true, force: true });
});

/** Runs the browser project on `fixture` (files of test/browser/selftest, space-separated) with `env`; its exit code and output. */
function runSuite(fixture: string, env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const childEnv: NodeJS.ProcessEnv = {};
  // A clean environment for the child run: not this run's vitest worker variables.
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('VITEST')) childEnv[key] = value;
  Object.assign(childEnv, {
    CI: '1',
    ENGAGETRACK_SELFTEST: '1',
    ENGAGETRACK_SELFTEST_STATE: state,
    ENGAGETRACK_BROWSERS: 'chromium',
    NO_COLOR: '1',
    ...env,
  });
  return new Promise((resolve, reject) => {
    const files = fixture.split(' ').map((file) => (file.includes('/') ? file : `test/browser/selftest/${file}`));
    const child = spawn(process.execPath, [VITEST, 'run', '--project', 'browser', ...files], {
      cwd: ROOT,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe.concurrent('the browser suite fails a run on what it must not hide', () => {
  // One run of the fixtures that must fail, each for its own reason (a child vitest with Chromium is a
  // few CPU-seconds: the suite keeps them to three).
  const failing = () =>
    runSuite(
      'fails-once.selftest.ts test/browser/selftest/stalls-twice.selftest.ts test/browser/selftest/offsite-subframe.selftest.ts',
    );
  let failed: Promise<{ code: number | null; output: string }> | undefined;
  const failingRun = () => {
    failed ??= failing();
    return failed;
  };

  it('an ordinary assertion error fails the run at once (no retry) and is printed', async () => {
    const { code, output } = await failingRun();
    expect(code, output).toBe(1);
    expect(output).toContain('selftest: which run this is');
    expect(output).toMatch(/expected 1 to be 2/);
    expect(output).toMatch(/Tests\s+3 failed/);
    // Run once: no retry for it, so it is not in the list of retried tests.
    expect(output.slice(output.indexOf('needed a retry'))).not.toContain('fails once with an assertion error');
  });

  it('a driver stall is run once more; the run passes and lists it at the end with its first error', async () => {
    const { code, output } = await runSuite('stalls-once.selftest.ts');
    expect(code, output).toBe(0);
    expect(output).toMatch(/Tests\s+1 passed/);
    const list = output.slice(output.indexOf('Browser tests that needed a retry after a WebDriver stall (1)'));
    expect(list).toContain('self-test [chromium] > stalls once, then passes');
    expect(list).toContain('DriverStall: selftest: WebDriver POST /session/1/url: no answer within 25000 ms');
  });

  it('a driver stall on the retry too fails the run, and the first stall is listed', async () => {
    const { code, output } = await failingRun();
    expect(code, output).toBe(1);
    expect(output).toContain('selftest: stall number 2');
    expect(output).toContain('Browser tests that needed a retry after a WebDriver stall (1)');
    expect(output).toContain('DriverStall: selftest: stall number 1');
  });

  it("a subframe's request to another host, with another profile open, fails the test that made it", async () => {
    const { code, output } = await failingRun();
    expect(code, output).toBe(1);
    expect(output).toContain('requests that would have left the machine');
    expect(output).toContain('https://offsite.example/selftest-frame');
  });

  it('ENGAGETRACK_BROWSERS naming no known engine fails the run, naming the engines there are', async () => {
    const { code, output } = await runSuite('fails-once.selftest.ts', { ENGAGETRACK_BROWSERS: 'nosuchengine' });
    expect(code, output).toBe(1);
    expect(output).toContain('ENGAGETRACK_BROWSERS="nosuchengine" names no known engine ("nosuchengine")');
    expect(output).toContain('chromium, firefox, webkit');
  });

  it('with CI set, an engine that is not installed fails the run', async () => {
    const { code, output } = await runSuite('fails-once.selftest.ts', { CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(code, output).toBe(1);
    expect(output).toContain('chromium is required when CI is set: CHROMIUM_PATH=/nonexistent/chromium does not exist');
  });
});
