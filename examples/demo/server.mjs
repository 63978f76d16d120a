#!/usr/bin/env node
// The demo server (`npm run demo`): plain Node, no dependencies. Serves, on http://localhost:5178
// (the PORT environment variable overrides; PORT=0 picks a free port):
//   /                            the demo page (examples/demo/index.html), with the script-tag bundle
//   /examples/demo/checkout.html the local stand-in of Stripe's checkout page (the demo never contacts Stripe)
//   /examples/script-tag/, /examples/spa/, /examples/decorate-url/   the other browser examples
//   /dist/*                      the built SDK (`npm run build`, which `npm run demo` runs first), with the
//                                verify bundle next to it (`/?engagetrack_verify`: the SDK loads it from there)
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PUBLIC = ['dist', 'examples/demo', 'examples/script-tag', 'examples/spa', 'examples/decorate-url'];
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};

/** The file for a URL path, or undefined if it is not one of the public folders. */
function fileFor(pathname) {
  if (pathname === '/') return path.join(ROOT, 'examples/demo/index.html');
  const relative = path.posix.normalize(decodeURIComponent(pathname)).replace(/^\/+/, '');
  const allowed = PUBLIC.some((folder) => relative === folder || relative.startsWith(`${folder}/`));
  return allowed ? path.join(ROOT, relative) : undefined;
}

const server = http.createServer(async (request, response) => {
  const send = (status, type, body, headers = {}) => {
    response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
    response.end(body);
  };
  try {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/favicon.ico') return send(204, 'image/x-icon', '');
    let file = fileFor(url.pathname);
    if (!file) return send(404, 'text/plain; charset=utf-8', 'Not found');
    if ((await stat(file).catch(() => undefined))?.isDirectory()) {
      if (!url.pathname.endsWith('/'))
        return send(301, 'text/plain', '', { location: `${url.pathname}/${url.search}` });
      file = path.join(file, 'index.html');
    }
    const body = await readFile(file).catch(() => undefined);
    if (!body) {
      const hint = url.pathname.startsWith('/dist/') ? ' (run `npm run build` first)' : '';
      return send(404, 'text/plain; charset=utf-8', `Not found${hint}`);
    }
    send(200, TYPES[path.extname(file)] ?? 'application/octet-stream', body);
  } catch (error) {
    send(500, 'text/plain; charset=utf-8', String(error));
  }
});

const port = Number(process.env.PORT ?? 5178);
server.listen(port, '127.0.0.1', () => {
  const { port: actual } = server.address();
  console.log(`EngageTrack demo: http://localhost:${actual}/  (Ctrl+C to stop)`);
});
server.on('error', (error) => {
  console.error(`EngageTrack demo: cannot listen on port ${port}: ${error.message} (set PORT to use another port)`);
  process.exit(1);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
