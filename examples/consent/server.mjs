#!/usr/bin/env node
// The consent example (`npm run example:consent`): a shop page with an IAB TCF banner and a Google
// Consent Mode banner, and the consent bundle following both. Serves, on http://localhost:5179 (PORT
// overrides; PORT=0 picks a free port):
//   /               the page (index.html) and its banner code (app.js)
//   /tcf-cmp.js     the example CMP (IAB Tech Lab's @iabtcf/cmpapi and @iabtcf/core), bundled at start
//   /iab-stub.js    the IAB stub (@iabtcf/stub), the first script of a TCF page
//   /dist/*         the built SDK (`npm run build`, which `npm run example:consent` runs first)
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCmp, iabStub } from './build.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const generated = { '/tcf-cmp.js': await bundleCmp(), '/iab-stub.js': await iabStub() };
const files = { '/': 'index.html', '/index.html': 'index.html', '/app.js': 'app.js', '/app.css': 'app.css' };
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css' };

const server = http.createServer(async (request, response) => {
  const send = (status, type, body) => {
    response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    response.end(body);
  };
  const { pathname } = new URL(request.url ?? '/', 'http://localhost');
  if (pathname === '/favicon.ico') return send(204, 'image/x-icon', '');
  if (generated[pathname]) return send(200, TYPES['.js'], generated[pathname]);
  let file = files[pathname] && path.join(HERE, files[pathname]);
  if (pathname.startsWith('/dist/') && /^[\w.-]+$/.test(pathname.slice(6))) file = path.join(DIST, pathname.slice(6));
  const body = file && (await readFile(file).catch(() => undefined));
  if (!body)
    return send(
      404,
      'text/plain; charset=utf-8',
      pathname.startsWith('/dist/') ? 'Not found (run `npm run build`)' : 'Not found',
    );
  send(200, TYPES[path.extname(file)] ?? 'application/octet-stream', body);
});

const port = Number(process.env.PORT ?? 5179);
server.listen(port, '127.0.0.1', () => {
  console.log(`EngageTrack consent example: http://localhost:${server.address().port}/  (Ctrl+C to stop)`);
});
server.on('error', (error) => {
  console.error(`EngageTrack consent example: cannot listen on port ${port}: ${error.message} (set PORT)`);
  process.exit(1);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
