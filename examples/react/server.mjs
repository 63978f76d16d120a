#!/usr/bin/env node
// A React 19 app rendered on the server and hydrated in the browser, with <EngageTrack />
// (`npm run example:react`; builds the SDK first). Plain node:http; esbuild bundles the app when the
// server starts (build.mjs; nothing is written to the repository but .tmp/, git-ignored):
//   /            the app rendered by react-dom/server, then hydrated by /client.js
//   /client.js   client.jsx bundled with React's development build, which reports hydration mismatches
// On http://localhost:5179 (PORT overrides; PORT=0 picks a free port).
import http from 'node:http';
import { bundleClient, loadApp } from './build.mjs';

const [{ code: client }, App, React, { renderToString }] = await Promise.all([
  bundleClient(),
  loadApp(),
  import('react'),
  import('react-dom/server'),
]);

function page() {
  const html = renderToString(React.createElement(App));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>EngageTrack with React (server-rendered, hydrated)</title>
</head>
<body>
<div id="root">${html}</div>
<script type="module" src="/client.js"></script>
</body>
</html>
`;
}

const server = http.createServer((request, response) => {
  const send = (status, type, body) => {
    response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    response.end(body);
  };
  try {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname === '/') return send(200, 'text/html; charset=utf-8', page());
    if (pathname === '/client.js') return send(200, 'text/javascript; charset=utf-8', client);
    send(404, 'text/plain; charset=utf-8', 'Not found');
  } catch (error) {
    send(500, 'text/plain; charset=utf-8', String(error));
  }
});

const port = Number(process.env.PORT ?? 5179);
server.listen(port, '127.0.0.1', () => {
  console.log(`EngageTrack React example: http://localhost:${server.address().port}/  (Ctrl+C to stop)`);
});
server.on('error', (error) => {
  console.error(
    `EngageTrack React example: cannot listen on port ${port}: ${error.message} (set PORT to use another port)`,
  );
  process.exit(1);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
