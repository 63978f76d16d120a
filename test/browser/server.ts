/**
 * The loopback server the browser suite opens its pages on: repo files (`/dist/*`, `/examples/*`,
 * `/fixtures/*` from test/browser/fixtures) and generated merchant pages (`/page?…`, below), over
 * http and https (self-signed certificate for *.shop.test, test/browser/fixtures/tls). Every Host is
 * accepted: the browser maps *.shop.test to 127.0.0.1, so a page is opened as
 * `http://www.shop.test:PORT/…` or `http://app.shop.test:PORT/…` and its cookies see real domains.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_REPORTER } from './drivers/fence.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = path.join(ROOT, 'test/browser/fixtures');

/**
 * URL prefix → folder served under it. The TLS key under fixtures/tls is not served.
 * ENGAGETRACK_DIST serves another build as /dist (e.g. a deliberately broken copy, to check that the
 * suite notices).
 */
const MOUNTS: Record<string, string> = {
  '/dist/': path.resolve(process.env.ENGAGETRACK_DIST || path.join(ROOT, 'dist')),
  '/examples/': path.join(ROOT, 'examples'),
  '/fixtures/': FIXTURES,
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/** How the SDK is put on a generated page (`load=` query parameter). */
export type Load = 'head' | 'defer' | 'async' | 'esm' | 'none';

/**
 * In-page harness features, installed before the SDK loads (see fixtures/harness.js); `timers` is
 * `@sinonjs/fake-timers` (see {@link fakeTimersScript}).
 */
export type Harness =
  | 'block-cookie'
  | 'block-storage'
  | 'full-storage'
  | 'watch-storage'
  | 'clock'
  | 'tracker'
  | 'timers'
  | 'gpc'
  | 'watch-csp';

/**
 * The `timers` harness: Sinon's fake timers (`@sinonjs/fake-timers`, the library Playwright's
 * `page.clock` is built on), installed on the page before any other script as `window.__clock`, with
 * time still flowing (`shouldAdvanceTime`), so the page runs as usual and a test can jump ahead:
 * `await __clock.tickAsync(ms)` fires every timer due in that time, in order. Animation frames stay
 * real (a page redrawing for two fake hours would be 450,000 frames), and so does the time-out
 * WebKitWebDriver sets for its own scripts. Bundled for the page once per run.
 */
let fakeTimers: Promise<string> | undefined;
function fakeTimersScript(): Promise<string> {
  fakeTimers ??= import('esbuild').then(async (esbuild) => {
    const built = await esbuild.build({
      stdin: {
        contents: `import FakeTimers from '@sinonjs/fake-timers';
const realSetTimeout = setTimeout;
const realClearTimeout = clearTimeout;
const idle = 'requestIdleCallback' in window ? ['requestIdleCallback', 'cancelIdleCallback'] : [];
window.__clock = FakeTimers.withGlobal(window).install({
  now: Date.now(),
  shouldAdvanceTime: true,
  toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', ...idle],
});
// WebKitWebDriver runs each asynchronous script with a time-out of its own, set with the page's
// setTimeout (from its evaluateJavaScriptFunction): that one stays real, or a jump of the clock would
// end the test's own script.
const fakeSetTimeout = setTimeout;
const fakeClearTimeout = clearTimeout;
const driverTimers = new Set();
window.setTimeout = function (...args) {
  if (!/evaluateJavaScriptFunction/.test(new Error().stack || '')) return fakeSetTimeout(...args);
  const id = realSetTimeout(...args);
  driverTimers.add(id);
  return id;
};
window.clearTimeout = function (id) {
  return driverTimers.delete(id) ? realClearTimeout(id) : fakeClearTimeout(id);
};`,
        resolveDir: ROOT,
      },
      bundle: true,
      // Only required under Node (where `process` exists): never in the page.
      external: ['util'],
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      write: false,
      logLevel: 'silent',
    });
    return built.outputFiles[0].text;
  });
  return fakeTimers;
}

/** What a generated page holds; every field is optional. */
export interface PageOptions {
  /** How the SDK loads: `<script>` in head (default), with defer, async at the end of body, a module script that imports the ESM build as `window.sdk` without calling init(), or not at all. */
  load?: Load;
  /** The script tag twice (the bundle loaded a second time). */
  twice?: boolean;
  /** Harness features injected before the SDK. */
  harness?: Harness[];
  /** `data-*` attributes of the SDK's script tag, without the `data-` prefix: `{ consent: 'required' }`. */
  data?: Record<string, string>;
  /** Body fixture: test/browser/fixtures/<body>.html (default `links`, the merchant page). */
  body?: string;
  /** Extra query parameters (e.g. UTMs of a landing URL); the server ignores them. */
  query?: Record<string, string>;
  /** Path of the page (any path under /page serves the generated page). */
  path?: string;
  /** Served with a strict Content-Security-Policy header (see {@link CSP}): no 'unsafe-inline'. */
  csp?: boolean;
}

/**
 * The policy of a `csp: true` page: scripts and styles from the page's own origin only, no inline
 * script or style, no eval. The one inline script allowed, by its hash, is the error reporter the
 * network fence puts at the top of every page in WebKit (drivers/fence.ts).
 */
export const CSP = `default-src 'self'; script-src 'self' 'sha256-${createHash('sha256')
  .update(ERROR_REPORTER.replace(/^<script>|<\/script>$/g, ''))
  .digest('base64')}'; style-src 'self'; img-src 'self' data:`;

/** The query string of a generated page for these options. */
export function pageQuery(options: PageOptions = {}): string {
  const query = new URLSearchParams();
  if (options.load) query.set('load', options.load);
  if (options.twice) query.set('twice', '1');
  if (options.harness?.length) query.set('harness', options.harness.join(','));
  if (options.body) query.set('body', options.body);
  for (const [key, value] of Object.entries(options.data ?? {})) query.set(`data-${key}`, value);
  for (const [key, value] of Object.entries(options.query ?? {})) query.set(key, value);
  if (options.csp) query.set('csp', '1');
  const search = `${query}`;
  return search && `?${search}`;
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** A merchant page: the harness first, then the SDK as `load` asks, around a body fixture. */
async function generatePage(query: URLSearchParams): Promise<string> {
  const load = (query.get('load') || 'head') as Load;
  const harness = query.get('harness');
  const bodyName = query.get('body') || 'links';
  if (!/^[\w-]+$/.test(bodyName)) throw new Error(`bad body fixture ${bodyName}`);
  // __PAGE_KEY__: a key of this page load's own (for /hold.js and /release, see async-upgrade.html).
  const body = (await readFile(path.join(FIXTURES, `${bodyName}.html`), 'utf8')).replaceAll(
    '__PAGE_KEY__',
    Math.random().toString(36).slice(2),
  );
  let data = '';
  for (const [key, value] of query) {
    if (/^data-[a-z-]+$/.test(key)) data += ` ${key}="${escapeAttribute(value)}"`;
  }
  const tag = (attributes: string) => `<script src="/dist/engagetrack.min.js"${attributes}${data}></script>`;
  const times = query.has('twice') ? 2 : 1;
  const head: string[] = [];
  const end: string[] = [];
  if (harness) head.push(`<script src="/fixtures/harness.js" data-harness="${escapeAttribute(harness)}"></script>`);
  if (harness?.split(',').includes('timers')) head.push('<script src="/harness/fake-timers.js"></script>');
  for (let i = 0; i < times; i++) {
    if (load === 'head') head.push(tag(''));
    if (load === 'defer') head.push(tag(' defer'));
    if (load === 'async') end.push(tag(' async'));
  }
  if (load === 'esm') {
    // Imported, not initialised: the test calls window.sdk.init() itself.
    head.push(`<script type="module">import * as sdk from '/dist/index.mjs'; window.sdk = sdk;</script>`);
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Shop (fixture: ${escapeAttribute(bodyName)}, ${load})</title>
${head.join('\n')}
</head>
<body>
${body}
${end.join('\n')}
</body>
</html>
`;
}

/** The file a static URL path maps to, or undefined outside the mounts (or escaping them). */
function fileFor(pathname: string): string | undefined {
  for (const [prefix, folder] of Object.entries(MOUNTS)) {
    if (!pathname.startsWith(prefix)) continue;
    const file = path.join(folder, decodeURIComponent(pathname.slice(prefix.length)));
    if (!file.startsWith(folder) || file.includes(`${path.sep}tls${path.sep}`)) return undefined;
    return file;
  }
  return undefined;
}

/**
 * Held script responses (`/hold.js?key=K`), answered when the page asks `/release?key=K`: a blocking
 * script that holds the parser, and with it DOMContentLoaded, until something else on the page happened
 * first. No timer: a page that never releases it never loads, and its test fails on its own time-out;
 * a held request whose connection closes (the session ended) is forgotten.
 */
const held = new Map<string, () => void>();
const released = new Set<string>();

function hold(key: string, request: http.IncomingMessage): Promise<void> {
  if (released.delete(key)) return Promise.resolve();
  return new Promise((resolve) => {
    held.set(key, () => {
      held.delete(key);
      resolve();
    });
    request.once('close', () => held.delete(key));
  });
}

function release(key: string): void {
  const waiting = held.get(key);
  if (waiting) waiting();
  else released.add(key);
}

async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const url = new URL(request.url || '/', 'http://localhost');
  const send = (status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
    response.end(body);
  };
  try {
    if (url.pathname === '/favicon.ico') return send(204, 'image/x-icon', '');
    if (url.pathname === '/release') {
      release(url.searchParams.get('key') || '');
      return send(204, 'text/plain', '');
    }
    if (url.pathname === '/hold.js') {
      await hold(url.searchParams.get('key') || '', request);
      return send(200, TYPES['.js'], `window.__held = 'released';`);
    }
    if (url.pathname === '/harness/fake-timers.js') return send(200, TYPES['.js'], await fakeTimersScript());
    if (url.pathname === '/page' || url.pathname.startsWith('/page/')) {
      const policy: Record<string, string> = url.searchParams.has('csp') ? { 'content-security-policy': CSP } : {};
      return send(200, TYPES['.html'], await generatePage(url.searchParams), policy);
    }
    let file = fileFor(url.pathname);
    if (!file) return send(404, 'text/plain', 'not found');
    const info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) {
      if (!url.pathname.endsWith('/')) {
        response.writeHead(301, { location: `${url.pathname}/${url.search}` });
        return void response.end();
      }
      file = path.join(file, 'index.html');
    }
    const content = await readFile(file).catch(() => undefined);
    if (!content) return send(404, 'text/plain', 'not found');
    // The SDK's files are served as the CDNs serve them (unpkg, jsDelivr): readable from any origin.
    const cors: Record<string, string> = url.pathname.startsWith('/dist/')
      ? { 'access-control-allow-origin': '*' }
      : {};
    send(200, TYPES[path.extname(file)] || 'application/octet-stream', content, cors);
  } catch (error) {
    send(500, 'text/plain', String(error));
  }
}

/** The running servers. */
export interface FixtureServer {
  /** Port of the http server. */
  readonly port: number;
  /** Port of the https server (self-signed certificate for *.shop.test). */
  readonly httpsPort: number;
  /** `http://<host>:<port><path>` (https with `https: true`); host defaults to www.shop.test. */
  url(pathAndQuery: string, where?: { host?: string; https?: boolean }): string;
  /** The URL of a generated merchant page. */
  page(options?: PageOptions, where?: { host?: string; https?: boolean }): string;
  close(): Promise<void>;
}

function listen(server: http.Server | https.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** Starts the http and https servers on free loopback ports. */
export async function startServer(): Promise<FixtureServer> {
  const onRequest = (request: http.IncomingMessage, response: http.ServerResponse) => void handle(request, response);
  const [key, cert] = await Promise.all([
    readFile(path.join(FIXTURES, 'tls/key.pem')),
    readFile(path.join(FIXTURES, 'tls/cert.pem')),
  ]);
  const plain = http.createServer(onRequest);
  const secure = https.createServer({ key, cert }, onRequest);
  const [port, httpsPort] = await Promise.all([listen(plain), listen(secure)]);
  const url = (pathAndQuery: string, where: { host?: string; https?: boolean } = {}) =>
    `${where.https ? 'https' : 'http'}://${where.host ?? 'www.shop.test'}:${where.https ? httpsPort : port}${pathAndQuery}`;
  return {
    port,
    httpsPort,
    url,
    page: (options = {}, where = {}) => url(`${options.path ?? '/page'}${pageQuery(options)}`, where),
    close: async () => {
      for (const server of [plain, secure]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  };
}
