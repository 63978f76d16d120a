/**
 * The network fence of the engines that have no Chromium `--host-resolver-rules` (Firefox, WebKit): an
 * HTTP proxy on a loopback port that the browser sends every request to, one per session (profile), so
 * what it sees is that session's traffic and nobody else's.
 *
 * - Plain http (absolute-form `GET http://www.shop.test:8080/page`) and https (`CONNECT host:443`, then
 *   TLS that the fence terminates itself with a test-only certificate: fixtures/tls/cert.pem for every
 *   host but buy.stripe.com, fixtures/tls/stripe-cert.pem for it; the browser accepts them because
 *   sessions run with insecure certificates accepted) come to one request handler with the full URL.
 *   A CONNECT tunnel that does not start with a TLS handshake carries plain http (a browser tunnels
 *   `ws://` WebSockets so, such as a dev server's hot reload): it comes to the same handler.
 * - A WebSocket upgrade to a suite host is piped to 127.0.0.1 on its port; to any other host it is
 *   recorded and refused like any request.
 * - A suite host ({@link isLoopbackHost}: *.shop.test, *.vercel.app, localhost) is forwarded to
 *   127.0.0.1 on the port of its URL (http or https as the URL says): the fixture server, or the demo
 *   server. Nothing is resolved by DNS.
 * - `https://buy.stripe.com/**` is answered by {@link STRIPE_STAND_IN}, and a navigation to it is
 *   recorded ({@link Traffic.stripe}); other requests to it (a favicon) get a 404.
 * - Any other host: recorded with its full URL ({@link Traffic.offsite}) and refused by the fence
 *   itself (403, never forwarded). Nothing leaves the machine.
 *
 * With `initScript` (the session's, see `SessionOptions`), the fence puts that script first in every HTML
 * page it forwards, in every engine alike.
 *
 * With `reportErrors` (WebKit, whose WebDriver has no log API) the fence also injects a small script at
 * the top of every HTML page it forwards, which reports uncaught errors, unhandled rejections and
 * console.error() calls back to the fence with a synchronous request (so a report is in before the page
 * can navigate away). It cannot see pages the fence does not forward: the Stripe stand-in (no script),
 * about:blank, data: and blob: documents, and errors thrown before its script runs.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { isLoopbackHost, isStripeUrl, STRIPE_STAND_IN } from './types.js';

/** What one session's browser asked for. */
export interface Traffic {
  /** Navigations to https://buy.stripe.com/**, in order (answered by the stand-in). */
  stripe: string[];
  /** Requests to any other non-suite host, in order (refused by the fence with a 403). */
  offsite: string[];
  /** Errors the injected reporter sent (`reportErrors` only). */
  errors: string[];
  /** The suite's host names the browser asked for (where its cookies can be). */
  hosts: Set<string>;
  /** Whether it asked a suite host over https (where `Secure` cookies can be). */
  https: boolean;
}

export interface FenceOptions {
  /** Inject the error reporter into forwarded HTML pages (see the module comment). */
  reportErrors?: boolean;
  /** A script to run before any other of every HTML page the fence forwards (the session's `initScript`). */
  initScript?: string;
}

/** A running fence. */
export interface Fence {
  /** Its loopback port: the browser's http and https proxy is `127.0.0.1:<port>`. */
  readonly port: number;
  readonly traffic: Traffic;
  close(): Promise<void>;
}

/** Paths under which the fence answers itself, on any suite host. */
export const FENCE_PATH = '/__engagetrack_fence__/';

/** An empty page the fence serves itself on any suite host (the WebKit driver reads cookies there). */
export const JAR_PATH = `${FENCE_PATH}jar`;

const TLS_FOLDER = new URL('../fixtures/tls/', import.meta.url);

let contexts: { suite: tls.SecureContext; stripe: tls.SecureContext } | undefined;

/** The TLS identities of the fence: the suite's certificate, and buy.stripe.com's (both test-only). */
function secureContexts(): { suite: tls.SecureContext; stripe: tls.SecureContext } {
  const read = (name: string) => readFileSync(new URL(name, TLS_FOLDER));
  contexts ??= {
    suite: tls.createSecureContext({ key: read('key.pem'), cert: read('cert.pem') }),
    stripe: tls.createSecureContext({ key: read('stripe-key.pem'), cert: read('stripe-cert.pem') }),
  };
  return contexts;
}

/**
 * Reports errors to the fence: the first script of every page the fence forwards when `reportErrors`
 * is on. It removes itself from the document, so the page's DOM is what the server sent.
 */
export const ERROR_REPORTER = `<script>(() => {
  const report = (text) => {
    try {
      const request = new XMLHttpRequest();
      request.open('POST', location.origin + '${FENCE_PATH}error', false);
      request.send(String(text).slice(0, 4000));
    } catch {}
  };
  addEventListener('error', (event) => report('uncaught: ' + event.message));
  addEventListener('unhandledrejection', (event) =>
    report('uncaught (in promise): ' + String((event.reason && event.reason.message) || event.reason)));
  const consoleError = console.error;
  console.error = function (...args) {
    try {
      report('console.error: ' + args.map(String).join(' '));
    } catch {}
    return consoleError.apply(this, args);
  };
  document.currentScript.remove();
})();</script>`;

/**
 * The session's init script as the first script of a page: it runs, then removes itself (a page that
 * hydrates its whole document, such as a Next.js app, finds only what the server sent).
 */
function initScriptTag(source: string): string {
  // Inside <script>, only `</script` ends it early: written `<\/script`, the same in a string or a regex.
  return `<script>(() => {\n${source.replace(/<\/script/gi, '<\\/script')}\n})();document.currentScript.remove();</script>`;
}

/** `html` with `scripts` as its first scripts (after `<head>`, else after the doctype). */
export function injectScripts(html: string, scripts: string): string {
  const at = html.match(/<head(\s[^>]*)?>/i) ?? html.match(/<!doctype[^>]*>/i);
  if (!at || at.index === undefined) return scripts + html;
  const end = at.index + at[0].length;
  return html.slice(0, end) + scripts + html.slice(end);
}

/** The fence's answer to a request for any other host. */
const REFUSED =
  '<!doctype html><link rel="icon" href="data:,"><title>Refused by the test fence</title><p>Not one of the suite\'s hosts: nothing was sent to it.</p>';

/** Whether a request is a navigation (a document in a tab or a frame), not a subresource. */
function isNavigation(request: http.IncomingMessage): boolean {
  const destination = request.headers['sec-fetch-dest'];
  if (destination) return destination === 'document' || destination === 'iframe' || destination === 'frame';
  return String(request.headers.accept ?? '').includes('text/html');
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** Forwards a suite request to 127.0.0.1 on its URL's port, with `inject` (scripts) at the top of an HTML answer. */
function forward(request: http.IncomingMessage, response: http.ServerResponse, url: URL, inject: string): void {
  const secure = url.protocol === 'https:';
  const headers = { ...request.headers };
  delete headers['proxy-connection'];
  delete headers['proxy-authorization'];
  // Scripts go into the HTML as text: ask the server for it uncompressed (next start compresses).
  if (inject) delete headers['accept-encoding'];
  const upstream = (secure ? https : http).request(
    {
      host: '127.0.0.1',
      port: Number(url.port) || (secure ? 443 : 80),
      method: request.method,
      path: `${url.pathname}${url.search}`,
      headers,
      rejectUnauthorized: false,
    },
    (answer) => {
      const status = answer.statusCode ?? 502;
      const html = String(answer.headers['content-type'] ?? '').startsWith('text/html');
      if (!inject || !html || answer.headers['content-encoding'] || request.method !== 'GET') {
        response.writeHead(status, answer.headers);
        answer.pipe(response);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = injectScripts(Buffer.concat(chunks).toString('utf8'), inject);
        const { 'content-length': _length, 'transfer-encoding': _encoding, ...rest } = answer.headers;
        response.writeHead(status, { ...rest, 'content-length': Buffer.byteLength(body) });
        response.end(body);
      });
    },
  );
  upstream.on('error', (error) => {
    if (response.headersSent) return void response.destroy();
    response.writeHead(502, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      `<!doctype html><link rel="icon" href="data:,"><title>Bad gateway</title><p>engagetrack test fence: nothing answers ${url.host} on 127.0.0.1 (${(error as NodeJS.ErrnoException).code ?? error.message}).</p>`,
    );
  });
  request.pipe(upstream);
}

/**
 * Pipes a WebSocket upgrade request for a suite host to 127.0.0.1 on its URL's port (TLS for wss:),
 * request head first; both sides end together.
 */
function forwardUpgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer, url: URL): void {
  const secure = url.protocol === 'https:' || url.protocol === 'wss:';
  const port = Number(url.port) || (secure ? 443 : 80);
  const upstream = secure
    ? tls.connect({ host: '127.0.0.1', port, servername: url.hostname, rejectUnauthorized: false })
    : net.connect({ host: '127.0.0.1', port });
  const lines = [`${request.method} ${url.pathname}${url.search} HTTP/1.1`];
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    if (!/^proxy-/i.test(request.rawHeaders[i])) lines.push(`${request.rawHeaders[i]}: ${request.rawHeaders[i + 1]}`);
  }
  upstream.once(secure ? 'secureConnect' : 'connect', () => {
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  upstream.on('error', () => socket.destroy());
  socket.on('error', () => upstream.destroy());
  socket.on('close', () => upstream.destroy());
}

/** Starts a fence on a free loopback port. */
export async function startFence(options: FenceOptions = {}): Promise<Fence> {
  const traffic: Traffic = { stripe: [], offsite: [], errors: [], hosts: new Set(), https: false };
  /** What goes at the top of every HTML page the fence forwards: the error reporter, then the init script. */
  const inject = `${options.reportErrors ? ERROR_REPORTER : ''}${options.initScript ? initScriptTag(options.initScript) : ''}`;
  const sockets = new Set<Socket>();
  /** The origin each tunnelled connection was opened for (by CONNECT): `https://host:port` or `http://host:port`. */
  const targets = new WeakMap<Socket, string>();

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse, url: URL) => {
    if (isLoopbackHost(url.hostname) && url.pathname.startsWith(FENCE_PATH)) {
      if (url.pathname === `${FENCE_PATH}error`) {
        traffic.errors.push(await readBody(request));
        response.writeHead(204, { 'cache-control': 'no-store' });
        return void response.end();
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return void response.end('<!doctype html><title>engagetrack test fence</title>');
    }
    if (isLoopbackHost(url.hostname)) {
      traffic.hosts.add(url.hostname);
      if (url.protocol === 'https:') traffic.https = true;
      return forward(request, response, url, inject);
    }
    if (isStripeUrl(url)) {
      // Record what a buyer's navigation asked Stripe for (not a favicon of the stand-in).
      const navigation = isNavigation(request);
      if (navigation) traffic.stripe.push(url.href);
      response.writeHead(navigation ? 200 : 404, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      return void response.end(STRIPE_STAND_IN);
    }
    // Refused with a response, not a dropped connection: a browser retries a GET whose connection
    // closed without an answer (Firefox up to 9 times), which would record one click many times.
    // The page declares its icon, so a browser does not come back for the host's /favicon.ico.
    traffic.offsite.push(url.href);
    response.writeHead(403, { 'content-type': 'text/html; charset=utf-8', connection: 'close' });
    response.end(REFUSED);
  };

  // Requests the browser proxies in absolute form (plain http), and CONNECT tunnels (https).
  const server = http.createServer((request, response) => {
    let url: URL | undefined;
    try {
      url = /^https?:\/\//i.test(request.url ?? '') ? new URL(request.url!) : undefined;
    } catch {
      url = undefined;
    }
    if (!url) {
      response.writeHead(400, { 'content-type': 'text/plain' });
      return void response.end('engagetrack test fence: a proxy request needs an absolute URL');
    }
    void handle(request, response, url);
  });
  /**
   * WebSocket upgrades (a dev server's hot reload): a suite host's is piped through, any other is
   * recorded and refused.
   */
  const upgrade = (request: http.IncomingMessage, socket: Duplex, head: Buffer, url: URL) => {
    if (isLoopbackHost(url.hostname)) {
      traffic.hosts.add(url.hostname);
      return forwardUpgrade(request, socket, head, url);
    }
    traffic.offsite.push(url.href);
    socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
  };
  // What the browser sends inside the tunnels, once the fence has terminated their TLS (https), or as
  // it is (plain http in a tunnel: `ws://`).
  const tunnelled = http.createServer((request, response) => {
    const target = targets.get(request.socket);
    if (!target) return void request.socket.destroy();
    void handle(request, response, new URL(request.url ?? '/', target));
  });
  tunnelled.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const target = targets.get(request.socket as Socket);
    if (!target) return void socket.destroy();
    upgrade(request, socket, head, new URL(request.url ?? '/', target));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  });
  server.on('connect', (request: http.IncomingMessage, socket: Socket, head: Buffer) => {
    let target: URL;
    try {
      target = new URL(`https://${request.url}`);
    } catch {
      return void socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n');
    }
    socket.write('HTTP/1.1 200 Connection established\r\n\r\n');
    if (head.length) socket.unshift(head);
    // The tunnel's first byte tells TLS (a handshake record, 0x16) from plain http.
    socket.once('readable', () => {
      const first = socket.read(1) as Buffer | null;
      if (!first) return void socket.destroy();
      socket.unshift(first);
      if (first[0] !== 0x16) {
        targets.set(socket, `http://${target.host}`);
        return void tunnelled.emit('connection', socket);
      }
      const { suite, stripe } = secureContexts();
      const secure = new tls.TLSSocket(socket, {
        isServer: true,
        secureContext: target.hostname === 'buy.stripe.com' ? stripe : suite,
      });
      secure.on('error', () => secure.destroy());
      targets.set(secure, `https://${target.host}`);
      tunnelled.emit('connection', secure);
    });
  });
  // A WebSocket asked of the proxy in absolute form (`GET ws://…` is sent as `GET http://…`).
  server.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    let url: URL;
    try {
      url = new URL(request.url ?? '');
    } catch {
      return void socket.destroy();
    }
    upgrade(request, socket, head, url);
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  return {
    port,
    traffic,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      tunnelled.closeAllConnections();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
