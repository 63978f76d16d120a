// The command line (SPEC "Verify"): `engagetrack verify <url…> [--json] [--browser <path>] [--timeout <ms>]
// [--no-click]`, run as a merchant's CI would run it (`node dist/cli.mjs`, its own headless Chromium
// through playwright-core): exit 0 on the demo, 1 on a broken page, 2 when it cannot run. The fixture
// pages are reached through a recording proxy, so a request that escaped the command's interception
// (a click that reached Stripe) would be seen.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { VerifyReport } from '../../src/verify/index.js';
import { startDemo } from './demo.js';
import { chromiumEngine } from './drivers/chromium.js';
import type { ServerProcess } from './processes.js';
import { describeInBrowsers, it } from './setup.js';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const CLI = path.join(DIST, 'cli.mjs');

/** What a run of the command gave. */
interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node <cli> …args` and waits for it to exit. */
function run(args: string[], env: NodeJS.ProcessEnv = {}, cli = CLI): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { env: { ...process.env, ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr });
      },
    );
  });
}

/**
 * An HTTP proxy for the command's browser: requests for www.shop.test go to the fixture server (the
 * pages load through it, which proves the browser uses it), anything else is recorded and refused.
 * Chromium takes the proxy from http_proxy/https_proxy (no desktop proxy settings here) and goes
 * directly to loopback addresses (the demo on localhost).
 */
async function startRecordingProxy(): Promise<{ port: number; escaped: string[]; close(): Promise<void> }> {
  const escaped: string[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/');
    if (url.hostname !== 'www.shop.test') {
      escaped.push(url.href);
      response.writeHead(403).end();
      return;
    }
    const forwarded = http.request(
      {
        host: '127.0.0.1',
        port: url.port,
        path: url.pathname + url.search,
        method: request.method,
        headers: request.headers,
      },
      (answer) => {
        answer.on('error', () => response.destroy());
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    request.on('error', () => forwarded.destroy());
    forwarded.on('error', () => (response.headersSent ? response.destroy() : response.writeHead(502).end()));
    request.pipe(forwarded);
  });
  // A browser resets connections as it pleases (a closed tab, a refused tunnel): a socket's error
  // ends that socket, never the test run (an 'error' without a listener would be an uncaught one).
  server.on('connection', (socket) => socket.on('error', () => socket.destroy()));
  server.on('connect', (request, socket) => {
    escaped.push(`CONNECT ${request.url}`);
    socket.on('error', () => socket.destroy());
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    escaped,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describeInBrowsers(
  'npx engagetrack verify (the command line)',
  (t) => {
    const browser = chromiumEngine.find().executable ?? '';
    let proxy: Awaited<ReturnType<typeof startRecordingProxy>> | undefined;
    let demo: ServerProcess | undefined;
    /** The environment of a run: the browser to use, and the recording proxy. */
    const env = () => {
      const through = `http://127.0.0.1:${proxy!.port}`;
      return { CHROME_PATH: browser, http_proxy: through, https_proxy: through, no_proxy: '' };
    };
    beforeAll(async () => {
      [proxy, demo] = await Promise.all([startRecordingProxy(), startDemo()]);
    });
    afterAll(async () => {
      await demo?.stop();
      await proxy?.close();
    });

    describe('exit 0: every page is ready', () => {
      it('the demo: a readable report, every payment link clicked and carrying the IDs', async () => {
        const { code, stdout, stderr } = await run(['verify', demo!.address], env());
        expect(stderr).toBe('');
        expect(code).toBe(0);
        expect(stdout).toContain(`✓ ${demo!.address}\n  Ready: payments from this page are attributed.`);
        expect(stdout).toMatch(/Visitor [0-9a-f]{32}, session [0-9a-f]{32}, kept in cookie\./);
        expect(stdout).toContain('5 Stripe elements, 3 payment links clicked:');
        expect(stdout.match(/^ {4}✓ link https:\/\/buy\.stripe\.com\/.+ \(clicked\)$/gm), stdout).toHaveLength(2);
        expect(stdout).toMatch(
          /^ {4}! link https:\/\/buy\.stripe\.com\/test_demo_order\?.+ {2}\[merchant-reference\] \(clicked\)$/m,
        );
        expect(stdout).toContain('warning merchant-reference × 1');
      });
    });

    describe('exit 1: a problem of severity error', () => {
      it('--json: one report per page; a click that left without the IDs is click-missing-ids, with the URL it left for', async () => {
        const broken = t.server.page({ body: 'verify-click' });
        const right = t.server.page({ body: 'verify-ok' });
        const other = t.server.page({ body: 'verify-click-other' });
        const { code, stdout, stderr } = await run(['verify', broken, right, other, '--json'], env());
        expect(stderr).toBe('');
        expect(code).toBe(1);
        const [brokenReport, rightReport, otherReport] = JSON.parse(stdout) as VerifyReport[];
        expect(brokenReport).toMatchObject({ url: broken, ok: false });
        expect(brokenReport.problems.map((problem) => problem.code)).toEqual(['click-missing-ids']);
        expect(brokenReport.elements).toEqual([
          {
            kind: 'link',
            value: expect.stringContaining('engagetrack_session_id='),
            ok: false,
            code: 'click-missing-ids',
            clickUrl: 'https://buy.stripe.com/test_click',
          },
        ]);
        // The right page: both links clicked (one opens a new tab), each leaving with the page's IDs.
        const ids = `client_reference_id=${rightReport.visitorId}&prefilled_email=&engagetrack_session_id=${rightReport.sessionId}`;
        expect(rightReport).toMatchObject({ url: right, ok: true, problems: [] });
        expect(rightReport.elements.map((element) => element.clickUrl)).toEqual([
          `https://buy.stripe.com/test_monthly?${ids}`,
          `https://buy.stripe.com/test_yearly?prefilled_promo_code=YEAR&${ids}`,
          undefined,
          undefined,
        ]);
        // An image map's <area> is clicked too, and a click that opens the payment page with
        // window.open() is checked by the URL the new window asked for.
        expect(otherReport).toMatchObject({ url: other, ok: false });
        expect(otherReport.elements).toEqual([
          {
            kind: 'area',
            value: expect.stringContaining('engagetrack_session_id='),
            ok: false,
            code: 'click-missing-ids',
            clickUrl: 'https://buy.stripe.com/test_area',
          },
          {
            kind: 'link',
            value: expect.stringContaining('engagetrack_session_id='),
            ok: false,
            code: 'click-missing-ids',
            clickUrl: 'https://buy.stripe.com/test_popup',
          },
        ]);
        // Nothing of the pages went past the command's interception: no request (not even a connection)
        // reached Stripe or any other host. (The browser's own Google services are not the pages'.)
        expect(proxy!.escaped.filter((request) => !/\.(google|googleapis|gstatic)\.com\b/.test(request))).toEqual([]);
      });

      it('readable: the problem, its fix and its README link', async () => {
        const { code, stdout } = await run(
          ['verify', t.server.page({ body: 'verify-ok', data: { auto: 'false' } })],
          env(),
        );
        expect(code).toBe(1);
        expect(stdout).toContain('Not ready: 2 errors below would leave payments unattributed.');
        expect(stdout).toContain('error not-decorated × 4:');
        // Without automatic mode no click refreshes a link: both clicks leave without the IDs.
        expect(stdout).toContain('error click-missing-ids × 2:');
        expect(stdout).toContain('https://github.com/engagetrack/engagetrack-browser#verify-not-decorated');
      });

      it('--no-click: the report of the page alone (the broken click is not tried)', async () => {
        const { code, stdout } = await run(
          ['verify', '--no-click', '--json', t.server.page({ body: 'verify-click' })],
          env(),
        );
        expect(code).toBe(0);
        const [report] = JSON.parse(stdout) as VerifyReport[];
        expect(report).toMatchObject({ ok: true, problems: [] });
        expect(report.elements[0].clickUrl).toBeUndefined();
      });
    });

    describe('exit 2: could not run, and the message says what to do', () => {
      it('an unreachable URL (the other pages are still checked)', async () => {
        const closed = await new Promise<number>((resolve) => {
          const server = http.createServer().listen(0, '127.0.0.1', () => {
            const { port } = server.address() as AddressInfo;
            server.close(() => resolve(port));
          });
        });
        const { code, stdout, stderr } = await run(['verify', `http://127.0.0.1:${closed}/`, demo!.address], env());
        expect(code).toBe(2);
        expect(stderr).toContain(`engagetrack: Could not open http://127.0.0.1:${closed}/`);
        expect(stderr).toContain('Check the URL, and that the site is up and reachable from this machine.');
        expect(stdout).toContain(`✓ ${demo!.address}`);
      });

      it('a page that does not load within --timeout: which limit it hit, and how to raise it (an address without http:// on this machine is http://)', async () => {
        // A server that takes the request and never answers.
        const silent = http.createServer(() => {});
        await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
        const { port } = silent.address() as AddressInfo;
        try {
          const { code, stderr } = await run(['verify', `127.0.0.1:${port}/pricing`, '--timeout', '2000'], env());
          expect(code).toBe(2);
          expect(stderr).toBe(
            `engagetrack: Could not open http://127.0.0.1:${port}/pricing: it did not load within 2000 ms (--timeout). If the page is only slow, raise the limit with --timeout <ms>; otherwise check that the site is up and reachable from this machine.\n`,
          );
        } finally {
          silent.closeAllConnections();
          await new Promise((resolve) => silent.close(resolve));
        }
      });

      it('a page that answers 404', async () => {
        const { code, stderr } = await run(['verify', t.server.url('/no-such-page')], env());
        expect(code).toBe(2);
        expect(stderr).toContain('answered HTTP 404: check the URL.');
      });

      it('no browser at --browser', async () => {
        const { code, stderr } = await run(['verify', demo!.address, '--browser', '/nowhere/chrome'], env());
        expect(code).toBe(2);
        expect(stderr).toBe(
          'engagetrack: No browser at /nowhere/chrome (--browser): give the path of Chrome or Chromium.\n',
        );
      });

      it('bad arguments: the usage', async () => {
        for (const args of [
          [],
          ['verify'],
          ['check', 'x'],
          ['verify', 'x', '--bogus'],
          ['verify', 'x', '--timeout', 'soon'],
        ]) {
          const { code, stderr } = await run(args, env());
          expect(code, args.join(' ')).toBe(2);
          expect(stderr, args.join(' ')).toMatch(/^engagetrack: .+\n(Usage: engagetrack verify <url…>.*\n)?$/);
        }
        expect((await run(['verify', 'ftp://shop.test/'], env())).stderr).toBe(
          'engagetrack: Not an http(s) URL: ftp://shop.test/\n',
        );
      });

      it('playwright-core not installed: how to install it', async () => {
        // The command and its bundle alone, where no node_modules can be found.
        const folder = mkdtempSync(path.join(os.tmpdir(), 'engagetrack-cli-'));
        try {
          for (const file of ['cli.mjs', 'engagetrack.verify.min.js'])
            copyFileSync(path.join(DIST, file), path.join(folder, file));
          const { code, stderr } = await run(['verify', demo!.address], env(), path.join(folder, 'cli.mjs'));
          expect(code).toBe(2);
          expect(stderr).toContain('playwright-core is not installed. Run: npm install --save-dev playwright-core');
        } finally {
          rmSync(folder, { recursive: true, force: true });
        }
      });
    });

    it('--help: the usage, exit 0', async () => {
      const { code, stdout } = await run(['--help']);
      expect(code).toBe(0);
      expect(stdout).toContain(
        'Usage: engagetrack verify <url…> [--json] [--browser <path>] [--timeout <ms>] [--no-click]',
      );
      expect(stdout).toContain('Exit code: 0');
    });
  },
  ['chromium'],
  'the command line drives its own Chromium (playwright-core, as a merchant’s CI would); it runs once',
);
