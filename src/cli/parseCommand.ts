import { parseArgs } from 'node:util';
import { CouldNotRun } from './CouldNotRun.js';

/** What `engagetrack verify` was asked to do. */
export interface VerifyCommand {
  urls: string[];
  /** Print an array of reports as JSON instead of the readable text. */
  json: boolean;
  /** The Chrome or Chromium executable to use. */
  browser?: string;
  /** How long a page may take to load and be checked, in ms. */
  timeout: number;
  /** Click each payment link and check the URL that would have left. */
  click: boolean;
}

/** The line that reminds of the syntax after an error. */
const SYNTAX =
  'Usage: engagetrack verify <url…> [--json] [--browser <path>] [--timeout <ms>] [--no-click] (--help: more)';

export const USAGE = `Usage: engagetrack verify <url…> [--json] [--browser <path>] [--timeout <ms>] [--no-click]

Checks the EngageTrack installation of each page in a local Chrome or Chromium (headless): the
same report as ?engagetrack_verify shows on the page, then a click on each payment link, with
Stripe's hosts intercepted (nothing reaches Stripe, the page does not leave), to check that the
URL that would have left carries the page's visitor and session IDs.

A URL without http:// or https:// is read as http:// for localhost, 127.0.0.1 and [::1] (a local
dev server: localhost:3000/pricing) and as https:// for any other host (shop.example/pricing).

Options:
  --json            print the reports as a JSON array
  --browser <path>  the browser to use (else CHROME_PATH, Playwright's Chrome channel, the usual
                    install paths of Chrome and Chromium)
  --timeout <ms>    how long each page may take to load and be checked (default 30000)
  --no-click        do not click the payment links
  -h, --help        this help

Exit code: 0 every page is ready, 1 a page has a problem of severity error, 2 could not run
(bad arguments, no browser, playwright-core not installed, a page that did not open).
Needs playwright-core (npm install --save-dev playwright-core): it drives your own Chrome and
downloads nothing.`;

/** The hosts of this machine: a development server there speaks plain http. */
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The page to open for an argument. Without `http://` or `https://` it is an address: `http://` for
 * this machine (`localhost:3000/pricing`, `127.0.0.1:8080`, `[::1]:3000`), `https://` for any other
 * host (`shop.example/pricing`). (`localhost:3000` is a host and a port, not a scheme: a scheme is
 * followed by `//`, or by something other than a port.) Another scheme (`ftp://`, `file:`) is refused.
 */
function pageUrl(given: string): string {
  const scheme = /^[a-z][a-z\d+.-]*:/i.test(given) && !/^[^/?#:]+:\d+([/?#]|$)/.test(given);
  let url: URL;
  try {
    url = new URL(scheme ? given : `https://${given}`);
    if (!scheme && LOOPBACK.includes(url.hostname)) url.protocol = 'http:';
  } catch {
    throw new CouldNotRun(`Not a URL: ${given}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CouldNotRun(`Not an http(s) URL: ${given}`);
  }
  return url.href;
}

/** Node's own parser: unknown options and missing values throw. */
function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean' },
      browser: { type: 'string' },
      timeout: { type: 'string' },
      'no-click': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/**
 * Reads the command line (without `node` and the script): `verify <url…>` and its options, or
 * `help`. Throws {@link CouldNotRun} with the usage for anything else.
 */
export function parseCommand(args: string[]): VerifyCommand | 'help' {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new CouldNotRun(`${(error as Error).message}\n${SYNTAX}`);
  }
  const { values, positionals } = parsed;
  const [command, ...urls] = positionals;
  if (values.help || command === 'help') return 'help';
  if (command !== 'verify') {
    throw new CouldNotRun(`${command ? `Unknown command: ${command}` : 'No command given'}\n${SYNTAX}`);
  }
  if (!urls.length) throw new CouldNotRun(`No URL given\n${SYNTAX}`);
  const timeout = values.timeout === undefined ? 30_000 : Number(values.timeout);
  if (!Number.isInteger(timeout) || timeout <= 0) {
    throw new CouldNotRun(`--timeout takes a number of milliseconds, not ${values.timeout}`);
  }
  return {
    urls: urls.map(pageUrl),
    json: !!values.json,
    browser: values.browser,
    timeout,
    click: !values['no-click'],
  };
}
