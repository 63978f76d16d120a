// `npm run bench`: measures the script-tag bundle against the EngageTrack docs snippet in Chromium,
// in one run, alternating A/B, and reports medians and ratios (never asserted: time is not
// deterministic; the byte budgets are checked by `npm test`): the first and repeat decoration
// passes, automatic mode on 1,000 inserted links, 2,000 unrelated DOM changes on a page with 2,000
// payment links against a do-nothing MutationObserver, the getters against as many document.cookie
// reads, how long verify() (engagetrack/verify) takes on the 5,000-link page, the bundles' bytes and
// what an app bundle carries per import. Writes bench/results/<time>.json.
//
//   ROUNDS=15 CHROMIUM_PATH=/usr/bin/chromium npm run bench
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { findChromium, LAUNCH_ARGS } from './chromium.mjs';
import { IMPORTS, treeShakenSize } from './treeShake.mjs';

const budgets = JSON.parse(readFileSync(new URL('./budgets.json', import.meta.url), 'utf8'));

const ROUNDS = Number(process.env.ROUNDS || 11);
const LINKS = 5000;
const ANCHORS = 10000;
const INSERTED = 1000;
const CALLS = 10000;
const CHURN_LINKS = 2000;
const CHURN_CYCLES = 2000;
const bundle = readFileSync(new URL('../dist/engagetrack.min.js', import.meta.url));
const debugBundle = readFileSync(new URL('../dist/engagetrack.debug.min.js', import.meta.url));
const consentBundle = readFileSync(new URL('../dist/engagetrack.consent.min.js', import.meta.url));
const verifyBundle = readFileSync(new URL('../dist/engagetrack.verify.min.js', import.meta.url));
const verifyModule = readFileSync(new URL('../dist/verify.mjs', import.meta.url));

/** The docs snippet's loop (../shared/docs/stripe-payment-links.txt), without its DOMContentLoaded wrapper. */
const SNIPPET = `
  const visitorId = window.engagetrack?.getVisitorId() || "";
  const sessionId = window.engagetrack?.getSessionId() || "";
  document.querySelectorAll('a[href*="buy.stripe.com"]').forEach((link) => {
    const url = new URL(link.href);
    url.searchParams.set("client_reference_id", visitorId);
    url.searchParams.set("prefilled_email", url.searchParams.get("prefilled_email") || "");
    url.searchParams.set("engagetrack_session_id", sessionId);
    link.href = url.toString();
  });`;

/** 10,000 anchors, every other one a Payment Link (some with their own parameters). */
function anchors() {
  let html = '';
  for (let i = 0; i < ANCHORS; i++) {
    html +=
      i % 2
        ? `<a href="https://example.com/products/${i}?ref=nav">Product ${i}</a>\n`
        : `<a href="https://buy.stripe.com/test_${i.toString(36)}${i % 10 === 0 ? '?prefilled_promo_code=SAVE10' : ''}">Buy ${i}</a>\n`;
  }
  return html;
}
const page = (head) =>
  `<!doctype html><html><head><meta charset="utf-8">${head}</head><body><main>${anchors()}</main></body></html>`;
const pages = {
  // The SDK configured but not started: the pass is what is timed.
  '/sdk.html': page('<script src="/engagetrack.min.js" data-auto="false"></script>'),
  // The same SDK (the snippet reads the IDs from it), the snippet's loop timed.
  '/snippet.html': page('<script src="/engagetrack.min.js" data-auto="false"></script>'),
  // The 5,000 links decorated by automatic mode: what verify() looks at.
  '/verify.html': page('<script src="/engagetrack.min.js"></script>'),
  // Automatic mode running on a page with no payment link yet.
  '/auto.html':
    '<!doctype html><html><head><script src="/engagetrack.min.js"></script></head><body><main></main></body></html>',
  '/blank.html': '<!doctype html><html><head></head><body><main></main></body></html>',
  // 2,000 payment links: the SDK in automatic mode, or a MutationObserver on the same targets that
  // does nothing (the floor of any observer design).
  '/churn-sdk.html': churnPage('<script src="/engagetrack.min.js"></script>'),
  '/churn-floor.html': churnPage(
    `<script>new MutationObserver(() => {}).observe(document, { childList: true, subtree: true, attributeFilter: ['href', 'client-reference-id'] });</script>`,
  ),
};

/** A page with CHURN_LINKS payment links among as many other elements. */
function churnPage(head) {
  let html = '';
  for (let i = 0; i < CHURN_LINKS; i++) {
    html += `<li><a href="https://buy.stripe.com/test_${i}">Buy ${i}</a> <span>Item ${i}</span></li>\n`;
  }
  return `<!doctype html><html><head><meta charset="utf-8">${head}</head><body><ul>${html}</ul></body></html>`;
}

const server = createServer((request, response) => {
  const path = new URL(request.url, 'http://x').pathname;
  if (path === '/engagetrack.min.js') {
    response.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
  } else if (path === '/verify.mjs') {
    response.writeHead(200, { 'content-type': 'text/javascript' }).end(verifyModule);
  } else if (pages[path]) {
    response.writeHead(200, { 'content-type': 'text/html' }).end(pages[path]);
  } else response.writeHead(404).end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const executablePath = findChromium();
if (!executablePath) {
  console.error('bench: no Chromium found (set CHROMIUM_PATH, or apt-get install chromium)');
  process.exit(1);
}
const browser = await chromium.launch({ executablePath, args: LAUNCH_ARGS });
const tab = await (await browser.newContext()).newPage();
await tab.route('https://buy.stripe.com/**', (route) => route.abort());
const version = browser.version();

/** Milliseconds `source` takes on a fresh copy of `path` (new document each time). */
async function timeOnFreshPage(path, source) {
  await tab.goto(origin + path);
  return tab.evaluate((code) => {
    const run = new Function(code);
    const start = performance.now();
    run();
    return performance.now() - start;
  }, source);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
};

const snippet = [];
const first = [];
const repeat = [];
for (let round = 0; round < ROUNDS; round++) {
  // Alternate which side goes first, so warm-up and GC fall on both alike.
  const order = round % 2 ? ['sdk', 'snippet'] : ['snippet', 'sdk'];
  for (const side of order) {
    if (side === 'snippet') snippet.push(await timeOnFreshPage('/snippet.html', SNIPPET));
    else {
      first.push(await timeOnFreshPage('/sdk.html', 'engagetrack.decorateStripeLinks()'));
      repeat.push(
        await tab.evaluate(() => {
          const start = performance.now();
          window.engagetrack.decorateStripeLinks();
          return performance.now() - start;
        }),
      );
    }
  }
}
const check = await tab.evaluate(() => {
  const links = [...document.querySelectorAll('a[href*="buy.stripe.com"]')];
  return links.length === 5000 && links.every((link) => link.href.includes('engagetrack_session_id='));
});

// Automatic mode: a single-page app inserts 1,000 payment links at once. Timed from the insertion
// until a MutationObserver created after the SDK's (so called right after it, in the same
// microtask checkpoint) runs: insertion plus the SDK's observer work, no rendering. The same
// insertion on a page without the SDK is the baseline; the difference is the SDK's cost.
const insertLinks = (count) =>
  new Promise((resolve) => {
    const list = document.createElement('div');
    list.innerHTML = Array.from({ length: count }, (_, i) => `<a href="https://buy.stripe.com/test_${i}">Buy</a>`).join(
      '',
    );
    const main = document.querySelector('main');
    let start = 0;
    new MutationObserver(() => {
      const end = performance.now();
      const decorated = list.querySelectorAll('a[href*="engagetrack_session_id="]').length;
      resolve({ ms: end - start, decorated });
    }).observe(main, { childList: true });
    start = performance.now();
    main.append(list);
  });
const inserted = [];
const baseline = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const [path, into] of [
    ['/auto.html', inserted],
    ['/blank.html', baseline],
  ]) {
    await tab.goto(origin + path);
    const { ms, decorated } = await tab.evaluate(insertLinks, INSERTED);
    if (path === '/auto.html' && decorated !== INSERTED) throw new Error(`automatic mode decorated ${decorated} links`);
    into.push(ms);
  }
}

// A busy app: a tooltip added to <body> and removed, 2,000 times, each change seen by the observers
// on its own (a microtask in between). The SDK's page against the do-nothing observer's, alternating.
const churn = (cycles) =>
  (async () => {
    const start = performance.now();
    for (let i = 0; i < cycles; i++) {
      const tip = document.createElement('div');
      tip.className = 'tooltip';
      tip.innerHTML = '<span>Tip</span>';
      document.body.append(tip);
      await Promise.resolve();
      tip.remove();
      await Promise.resolve();
    }
    return performance.now() - start;
  })();
const churnSdk = [];
const churnFloor = [];
let churnDecorated = true;
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 ? ['floor', 'sdk'] : ['sdk', 'floor'];
  for (const side of order) {
    await tab.goto(`${origin}/churn-${side}.html`);
    if (side === 'floor') churnFloor.push(await tab.evaluate(churn, CHURN_CYCLES));
    else {
      churnSdk.push(await tab.evaluate(churn, CHURN_CYCLES));
      // The SDK's page still has every payment link decorated.
      churnDecorated &&= await tab.evaluate(
        () => document.querySelectorAll('a[href*="engagetrack_session_id="]').length === document.links.length,
      );
    }
  }
}

// The getters (served from memory for a second after the stores were read) against as many plain
// reads of document.cookie, in the same page, alternating.
const getterRuns = { getVisitorId: [], getSessionId: [], cookie: [] };
for (let round = 0; round < ROUNDS; round++) {
  await tab.goto(`${origin}/sdk.html`);
  const names = round % 2 ? ['cookie', 'getVisitorId', 'getSessionId'] : ['getVisitorId', 'getSessionId', 'cookie'];
  for (const name of names) {
    getterRuns[name].push(
      await tab.evaluate(
        ([what, calls]) => {
          const read = what === 'cookie' ? () => document.cookie : window.engagetrack[what];
          let sink = 0;
          const start = performance.now();
          for (let i = 0; i < calls; i++) sink += read().length;
          const ms = performance.now() - start;
          return sink > 0 ? ms : Number.NaN;
        },
        [name, CALLS],
      ),
    );
  }
}
// verify() from engagetrack/verify on the 5,000 decorated links among 10,000 anchors: the report's
// facts (the probe link, decorateUrl() asked once per host and once per payment link, the stores) and
// its rules. Reported, not budgeted: it runs on demand (?engagetrack_verify, the command line).
const verifyRuns = [];
let verifyReport;
for (let round = 0; round < ROUNDS; round++) {
  await tab.goto(`${origin}/verify.html`);
  const { ms, report } = await tab.evaluate(async () => {
    const { verify } = await import('/verify.mjs');
    const start = performance.now();
    const report = await verify();
    return { ms: performance.now() - start, report: { ok: report.ok, elements: report.elements.length } };
  });
  verifyRuns.push(ms);
  verifyReport = report;
}
await browser.close();
server.close();

const treeShaken = [];
for (const names of IMPORTS) treeShaken.push({ names, ...(await treeShakenSize(names)) });

const snippetMs = median(snippet);
const results = {
  date: new Date().toISOString(),
  chromium: version,
  rounds: ROUNDS,
  firstPass: { sdkMs: median(first), snippetMs, ratio: median(first) / snippetMs, budget: budgets.firstPassRatio },
  repeatPass: { sdkMs: median(repeat), ratio: median(repeat) / snippetMs, budget: budgets.repeatPassRatio },
  decoratedCorrectly: check,
  automaticMode: {
    links: INSERTED,
    ms: median(inserted),
    baselineMs: median(baseline),
    usPerLink: ((median(inserted) - median(baseline)) * 1000) / INSERTED,
  },
  churn: {
    links: CHURN_LINKS,
    cycles: CHURN_CYCLES,
    sdkMs: median(churnSdk),
    floorMs: median(churnFloor),
    ratio: median(churnSdk) / median(churnFloor),
    budget: budgets.churnRatio,
    decorated: churnDecorated,
  },
  getters: {
    calls: CALLS,
    getVisitorIdMs: median(getterRuns.getVisitorId),
    getSessionIdMs: median(getterRuns.getSessionId),
    cookieReadsMs: median(getterRuns.cookie),
    getVisitorIdRatio: median(getterRuns.getVisitorId) / median(getterRuns.cookie),
    getSessionIdRatio: median(getterRuns.getSessionId) / median(getterRuns.cookie),
    budget: budgets.getterRatio,
  },
  verify: { links: LINKS, anchors: ANCHORS, ms: median(verifyRuns), ...verifyReport },
  bundle: sizes(bundle),
  debugBundle: sizes(debugBundle),
  consentBundle: sizes(consentBundle),
  verifyBundle: sizes(verifyBundle),
  treeShaken: treeShaken.map(({ names, raw, gzip }) => ({
    import: names.join(', '),
    raw,
    gzip,
    budget: budgets.treeShakenGzipBytes[names.join(', ')],
  })),
};

function sizes(file) {
  return {
    raw: file.length,
    gzip: gzipSync(file, { level: 9 }).length,
    brotli: brotliCompressSync(file, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const f = (n, digits = 2) => n.toFixed(digits);
const mark = (ok) => (ok ? 'within budget' : 'OVER BUDGET');
const rows = [
  ['measure', 'result', 'budget'],
  [
    `first pass, ${LINKS} links / ${ANCHORS} anchors`,
    `${f(results.firstPass.sdkMs)} ms vs snippet ${f(snippetMs)} ms = ${f(results.firstPass.ratio)}×`,
    `≤ ${budgets.firstPassRatio}× (${mark(results.firstPass.ratio <= budgets.firstPassRatio)})`,
  ],
  [
    'repeat pass over decorated links',
    `${f(results.repeatPass.sdkMs)} ms = ${f(results.repeatPass.ratio)}× snippet`,
    `≤ ${budgets.repeatPassRatio}× (${mark(results.repeatPass.ratio <= budgets.repeatPassRatio)})`,
  ],
  [
    `automatic mode, ${INSERTED} links inserted`,
    `${f(results.automaticMode.ms)} ms (insertion alone ${f(results.automaticMode.baselineMs)} ms) = ${f(results.automaticMode.usPerLink)} µs/link`,
    'reported',
  ],
  [
    `${CHURN_CYCLES} unrelated add/remove cycles, ${CHURN_LINKS} payment links`,
    `${f(results.churn.sdkMs)} ms vs do-nothing observer ${f(results.churn.floorMs)} ms = ${f(results.churn.ratio)}×`,
    `≤ ${budgets.churnRatio}× (${mark(results.churn.ratio <= budgets.churnRatio)})`,
  ],
  ...['getVisitorId', 'getSessionId'].map((name) => [
    `${CALLS} × ${name}()`,
    `${f(results.getters[`${name}Ms`])} ms vs ${CALLS} document.cookie reads ${f(results.getters.cookieReadsMs)} ms = ${f(results.getters[`${name}Ratio`])}×`,
    `≤ ${budgets.getterRatio}× (${mark(results.getters[`${name}Ratio`] <= budgets.getterRatio)})`,
  ]),
  [
    `verify() on ${LINKS} payment links / ${ANCHORS} anchors`,
    `${f(results.verify.ms)} ms (report ok: ${results.verify.ok}, ${results.verify.elements} elements)`,
    'reported',
  ],
  [
    'script-tag bundle',
    `${results.bundle.raw} B raw, ${results.bundle.gzip} B gzip -9, ${results.bundle.brotli} B brotli`,
    `gzip ≤ ${budgets.scriptBundleGzipBytes} B (${mark(results.bundle.gzip <= budgets.scriptBundleGzipBytes)}; npm test checks it)`,
  ],
  [
    'debug script-tag bundle',
    `${results.debugBundle.raw} B raw, ${results.debugBundle.gzip} B gzip -9, ${results.debugBundle.brotli} B brotli`,
    'reported',
  ],
  [
    'consent script-tag bundle',
    `${results.consentBundle.raw} B raw, ${results.consentBundle.gzip} B gzip -9, ${results.consentBundle.brotli} B brotli`,
    `gzip ≤ ${budgets.consentBundleGzipBytes} B (${mark(results.consentBundle.gzip <= budgets.consentBundleGzipBytes)}; npm test checks it)`,
  ],
  [
    'verify bundle (loaded on ?engagetrack_verify)',
    `${results.verifyBundle.raw} B raw, ${results.verifyBundle.gzip} B gzip -9, ${results.verifyBundle.brotli} B brotli`,
    'reported',
  ],
  ...results.treeShaken.map(({ import: names, raw, gzip, budget }) => [
    `app bundle importing ${names === '*' ? 'everything' : names}`,
    `${raw} B raw, ${gzip} B gzip -9`,
    budget ? `gzip ≤ ${budget} B (${mark(gzip <= budget)}; npm test checks it)` : 'reported',
  ]),
];
const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
console.log(
  `Chromium ${version}, median of ${ROUNDS} alternating rounds${check && churnDecorated ? '' : ' — WARNING: the SDK left links undecorated'}`,
);
for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join(' | '));
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
const file = new URL(`./results/${results.date.replace(/[:.]/g, '-')}.json`, import.meta.url);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`written ${file.pathname}`);
