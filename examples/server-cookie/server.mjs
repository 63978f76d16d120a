#!/usr/bin/env node
// A shop's own server that sets the EngageTrack visitor cookie on every HTML page it serves, so the
// visitor ID outlives Safari's 7-day cap on cookies written by script (see README.md). Plain
// `node:http`, no framework; the pages load the script-tag bundle and carry Stripe Payment Links.
//
//   npm run build && node examples/server-cookie/server.mjs          http://localhost:5179/
//   CONSENT=required node examples/server-cookie/server.mjs          with a consent banner
//
// PORT overrides the port (PORT=0 picks a free one). The script-tag bundle is the repository's build.

import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { identityCookie } from 'engagetrack/server';
import { CONSENT_COOKIE, consentGiven } from './consent.mjs';

const BUNDLE = fileURLToPath(new URL('../../dist/engagetrack.min.js', import.meta.url));
/** `CONSENT=required`: the shop asks for consent, and sets the cookie only while it stands. */
const consentRequired = process.env.CONSENT === 'required';

/** The shop's pages: path → title and body. Payment Links are plain HTML, as Stripe gives them. */
const PAGES = {
  '/': {
    title: 'Acme Coffee',
    body: `<p>Fresh beans every month. <a id="to-pricing" href="/pricing">See every plan</a>.</p>
  <p><a id="monthly" class="buy" href="https://buy.stripe.com/test_server_cookie_monthly">Subscribe: $18 / month</a></p>
  <p><a id="gift" class="buy" href="https://buy.stripe.com/test_server_cookie_gift?prefilled_promo_code=WELCOME">Buy a gift card</a></p>`,
  },
  '/pricing': {
    title: 'Acme Coffee: pricing',
    body: `<p><a id="to-home" href="/">Back to the shop</a></p>
  <p><a id="annual" class="buy" href="https://buy.stripe.com/test_server_cookie_annual">Subscribe: $180 / year</a></p>
  <p><a id="sampler" class="buy" href="https://buy.stripe.com/test_server_cookie_sampler">Sampler box: $25</a></p>`,
  },
};

/**
 * A stand-in for a consent tool (Cookiebot, OneTrust, …): the choice lives in the tool's own cookie,
 * which the server reads (consent.mjs), and the SDK hears it through setConsent() on every page load.
 */
const BANNER = `<div id="banner">
    <p id="consent-state"></p>
    <button id="accept" type="button">Accept analytics</button>
    <button id="decline" type="button">Decline</button>
  </div>
  <script>
    function consentChoice() {
      return (document.cookie.match(/(?:^|; )${CONSENT_COOKIE}=(\\w+)/) || [])[1];
    }
    function showConsent() {
      document.getElementById('consent-state').textContent = 'Analytics: ' + (consentChoice() || 'not asked yet');
    }
    function choose(granted) {
      document.cookie = '${CONSENT_COOKIE}=' + (granted ? 'granted' : 'denied') + '; path=/; max-age=31536000; samesite=lax';
      // true: the SDK stores its IDs; false: it deletes its cookies, engagetrack_vid included.
      engagetrack.setConsent(granted);
      showConsent();
    }
    if (consentChoice() === 'granted') engagetrack.setConsent(true);
    document.getElementById('accept').onclick = function () { choose(true); };
    document.getElementById('decline').onclick = function () { choose(false); };
    showConsent();
  </script>`;

/** A page of the shop: the script-tag bundle, the visitor ID the server chose, the content. */
function render({ title, body }, visitorId) {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="data:,">
  <title>${title}</title>
  <script src="/dist/engagetrack.min.js"${consentRequired ? ' data-consent="required"' : ''}></script>
  <style>
    body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
    .buy { display: inline-block; background: #635bff; color: #fff; padding: .5rem 1rem; border-radius: 6px; text-decoration: none; }
    #banner { border: 1px solid #ccc; border-radius: 8px; padding: 0 1rem 1rem; }
  </style>
</head>
<body>
  <h1>${title}</h1>
  ${body}
  <p>Visitor ID set by the server: <code id="server-visitor">${visitorId || 'none'}</code></p>
  ${consentRequired ? BANNER : ''}
</body>
</html>
`;
}

const server = http.createServer(async (request, response) => {
  try {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname === '/dist/engagetrack.min.js') {
      const bundle = await readFile(BUNDLE).catch(() => undefined);
      if (!bundle) return response.writeHead(404).end('Not found (run `npm run build` first)');
      // Not a page: no visitor cookie on scripts, images or API responses.
      return response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(bundle);
    }
    const page = PAGES[pathname];
    if (!page) return response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');

    // Per visitor: a shared cache must never keep a page with its Set-Cookie (every visitor would get
    // the same ID).
    const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'private, no-store' };
    let visitorId = '';
    // Where consent is required, only while it stands: before consent the cookie must not be set, and
    // after a withdrawal (the SDK deleted it) this response would bring it back.
    if (!consentRequired || consentGiven(request.headers.cookie)) {
      // `secure: false` because this example runs on plain http, where a Secure cookie is refused.
      // Served over https, drop the option: the cookie is then Secure.
      const cookie = identityCookie(request.headers.cookie, { secure: false });
      visitorId = cookie.visitorId;
      headers['set-cookie'] = cookie.setCookie;
    }
    response.writeHead(200, headers).end(render(page, visitorId));
  } catch (error) {
    if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(String(error));
  }
});

const port = Number(process.env.PORT ?? 5179);
server.listen(port, '127.0.0.1', () => {
  const mode = consentRequired ? ' (consent required)' : '';
  console.log(`EngageTrack server-cookie example${mode}: http://localhost:${server.address().port}/  (Ctrl+C to stop)`);
});
server.on('error', (error) => {
  console.error(`EngageTrack server-cookie example: cannot listen on port ${port}: ${error.message}`);
  process.exit(1);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
