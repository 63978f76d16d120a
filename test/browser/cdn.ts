/**
 * A stand-in for the CDN a merchant loads the SDK from, and for a merchant site that runs RequireJS,
 * on one loopback port (for loaders.test.ts and sri.test.ts). Pages are opened on
 * `http://www.shop.test:PORT/…` and the CDN is `http://cdn.shop.test:PORT/…`: another origin, as
 * unpkg is for a shop, so `integrity` and `crossorigin` work as they do there.
 *
 * - `/engagetrack@<version>/dist/<file>` (unpkg's path) and `/npm/engagetrack@<version>/dist/<file>`
 *   (jsDelivr's): the built file, for this package's version only, with `Access-Control-Allow-Origin: *`
 *   as both CDNs send it. Under `/tampered/…` the same file with one byte changed (still a valid script).
 * - `/requirejs/require.js`: the real RequireJS (npm `requirejs`); `/amd/<module>.js`: the site's own
 *   AMD modules (test/browser/fixtures/amd).
 * - `/pages/<key>`: a page a test registered with {@link CdnServer.page}.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { cdnSnippets } from '../../scripts/sri.mjs';
import type { Session } from './drivers/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = path.resolve(process.env.ENGAGETRACK_DIST || path.join(ROOT, 'dist'));
const AMD = path.join(ROOT, 'test/browser/fixtures/amd');
const REQUIRE_JS = path.join(ROOT, 'node_modules/requirejs/require.js');

/** What the tampered copy changes: one byte of the link parameter's name (the code still runs, with another value). */
export const TAMPERED = { from: 'engagetrack_session_id', to: 'engagetrack_session_iD' };

export interface CdnServer {
  readonly port: number;
  /** The CDN origin, `http://cdn.shop.test:PORT`: it stands for `https://unpkg.com` in README snippets. */
  readonly origin: string;
  /** Serves `html` (`{{links}}` becomes the suite's merchant page, fixtures/links.html) on www.shop.test; returns its URL. */
  page(html: string): string;
  close(): Promise<void>;
}

const version = async () => JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')).version as string;

/** The response to `pathname`, or undefined (404). */
async function answer(
  pathname: string,
  pages: Map<string, string>,
): Promise<{ type: string; body: string | Buffer; cors?: boolean } | undefined> {
  const js = 'text/javascript; charset=utf-8';
  const cdn = /^(\/tampered)?(?:\/npm)?\/engagetrack@([^/]+)\/dist\/(engagetrack[\w.-]*\.js)$/.exec(pathname);
  if (cdn) {
    const [, tampered, wanted, file] = cdn;
    if (wanted !== (await version())) return undefined;
    const content = await readFile(path.join(DIST, file)).catch(() => undefined);
    if (!content) return undefined;
    if (!tampered) return { type: js, body: content, cors: true };
    const text = content.toString('utf8');
    // The string literal of the parameter name (not the metadata's key of the same name).
    const literal = `"${TAMPERED.from}"`;
    if (!text.includes(literal)) throw new Error(`${file} no longer contains ${literal}`);
    return { type: js, body: text.replace(literal, `"${TAMPERED.to}"`), cors: true };
  }
  if (pathname === '/requirejs/require.js') return { type: js, body: await readFile(REQUIRE_JS) };
  const amd = /^\/amd\/([\w-]+\.js)$/.exec(pathname);
  if (amd) return { type: js, body: await readFile(path.join(AMD, amd[1])) };
  const page = /^\/pages\/(\w+)$/.exec(pathname);
  if (page && pages.has(page[1])) return { type: 'text/html; charset=utf-8', body: pages.get(page[1])! };
  return undefined;
}

/** A stand-in for the tests of the calling `describe`, started before them and closed after: its getter. */
export function standInForTests(): () => CdnServer {
  let cdn: CdnServer | undefined;
  beforeAll(async () => {
    cdn = await startCdn();
  });
  afterAll(() => cdn?.close());
  return () => {
    if (!cdn) throw new Error('the CDN stand-in starts in beforeAll');
    return cdn;
  };
}

/** Starts the stand-in on a free loopback port. */
export async function startCdn(): Promise<CdnServer> {
  const pages = new Map<string, string>();
  const links = await readFile(path.join(ROOT, 'test/browser/fixtures/links.html'), 'utf8');
  const server = http.createServer((request, response) => {
    const { pathname } = new URL(request.url || '/', 'http://localhost');
    if (pathname === '/favicon.ico') return void response.writeHead(204).end();
    answer(pathname, pages).then(
      (found) => {
        if (!found) {
          response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
          return;
        }
        response.writeHead(200, {
          'content-type': found.type,
          'cache-control': 'no-store',
          ...(found.cors ? { 'access-control-allow-origin': '*' } : {}),
        });
        response.end(found.body);
      },
      (error) => response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: `http://cdn.shop.test:${port}`,
    page(html) {
      const key = Math.random().toString(36).slice(2);
      pages.set(key, html.replaceAll('{{links}}', links));
      return `http://www.shop.test:${port}/pages/${key}`;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** README's URLs with the stand-in's origin for unpkg's and jsDelivr's (the paths are the same). */
function onStandIn(text: string, origin: string): string {
  return text.replaceAll('https://unpkg.com/', `${origin}/`).replaceAll('https://cdn.jsdelivr.net/', `${origin}/`);
}

/** README's first `<script>` element for `file` (with its integrity), loading from the stand-in at `origin`. */
export function readmeSnippet(file: string, origin: string): string {
  const snippet = cdnSnippets(README).find((found) => found.file === file && found.tag.startsWith('<script'));
  if (!snippet) throw new Error(`README.md has no snippet for ${file}`);
  return `${onStandIn(snippet.tag, origin)}</script>`;
}

/** The README code block that contains `marker`, loading from the stand-in at `origin`. */
export function readmeCode(marker: string, origin: string): string {
  const block = README.split('```').find((part, index) => index % 2 === 1 && part.includes(marker));
  if (!block) throw new Error(`README.md has no code block with ${marker}`);
  return onStandIn(block.slice(block.indexOf('\n') + 1), origin);
}

/**
 * The errors the page reported (uncaught, console.error, and what the engine itself logs as an error),
 * once it reported any (10 s at most), for a test that expects them (`t.allowPageErrors()`).
 */
export async function pageErrors(session: Session): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const errors = await session.errors();
    if (errors.length || Date.now() > deadline) return errors;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
