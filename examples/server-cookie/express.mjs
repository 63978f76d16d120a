// Express-style middleware that sets the EngageTrack visitor cookie on the shop's HTML pages, so the
// visitor ID outlives Safari's 7-day cap on cookies written by script. Works with Express, Connect
// and plain `node:http` (it uses only Node's own request and response):
//
//   import express from 'express';
//   import { consentGiven } from './consent.mjs';
//   import { engagetrackVisitorCookie } from './express.mjs';
//
//   const app = express();
//   app.use(engagetrackVisitorCookie());                              // no consent needed
//   app.use(engagetrackVisitorCookie({ hasConsent: consentGiven }));  // consent required
//
// Mount it before the routes that render pages, after express.static() (assets need no cookie).

import { identityCookie } from 'engagetrack/server';

/**
 * The middleware. On a page request (GET or HEAD that accepts `text/html`) it calls `identityCookie()`
 * with the request's `Cookie` header, appends the `Set-Cookie` to the response (keeping any other)
 * and puts the visitor ID in `res.locals.engagetrackVisitorId` (Express), for templates that render
 * it (a Checkout Session's metadata, a server-rendered link). Other requests are left alone.
 *
 * @param {object} [options]
 * @param {(cookieHeader: string | undefined) => boolean} [options.hasConsent] Where consent is
 *   required: whether the visitor's consent stands, read from the consent tool's own cookie (see
 *   consent.mjs). Without it, no consent is needed. While it returns false no cookie is set, so a
 *   withdrawal (which deletes the cookie in the browser) is not undone by the next response.
 * @param {string} [options.domain] `Domain` of the cookie, e.g. `shop.com` for `www.` and `app.`.
 * @param {number} [options.maxAge] Seconds; default 400 days.
 * @param {boolean} [options.secure] `false` for development on plain http.
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse & { locals?: Record<string, unknown> }, next: () => void) => void}
 */
export function engagetrackVisitorCookie({ hasConsent, ...cookieOptions } = {}) {
  return (req, res, next) => {
    const cookieHeader = req.headers.cookie;
    if (isPageRequest(req) && (!hasConsent || hasConsent(cookieHeader))) {
      const { visitorId, setCookie } = identityCookie(cookieHeader, cookieOptions);
      // appendHeader (Node 18.3+) keeps the Set-Cookie headers other middleware added.
      if (setCookie) res.appendHeader('Set-Cookie', setCookie);
      if (res.locals) res.locals.engagetrackVisitorId = visitorId;
    }
    next();
  };
}

/**
 * A browser loading a page: GET or HEAD, accepting HTML (navigations send `Accept: text/html,…`).
 * Images, scripts, `fetch()` calls and form posts get no cookie: the page they belong to set it.
 */
function isPageRequest(req) {
  return (req.method === 'GET' || req.method === 'HEAD') && /\btext\/html\b/.test(req.headers.accept ?? '');
}
