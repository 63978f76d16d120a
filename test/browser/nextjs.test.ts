// examples/nextjs, in every engine: a Next.js 16 App Router app with <EngageTrack /> in its server
// component app/layout.tsx, built with `next build` (Turbopack) and served by `next start`, then run
// with `next dev`. Next.js resolves `engagetrack/react` and `engagetrack` through the package's
// exports (`import` condition) to dist/, via node_modules/engagetrack (examples/link-package.mjs).
// What a Next.js developer must see: server-rendered links decorated after hydration, the links of a
// page reached by client-side navigation (next/link) decorated, one automatic mode, a click that
// leaves with the IDs, and no hydration error or warning in production or in development (where the
// App Router runs StrictMode).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { linkPackage } from '../../examples/link-package.mjs';
import type { Session } from './drivers/index.js';
import { ID, nextStripeRequest, params, waitUntil } from './helpers.js';
import { type ServerProcess, startServerProcess } from './processes.js';
import { hrefOnceDecorated, probeScript } from './react-probe.js';
import { describeInBrowsers, it } from './setup.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/nextjs/', import.meta.url));
const NEXT = fileURLToPath(new URL('../../node_modules/next/dist/bin/next', import.meta.url));
/** The children run as a developer runs next (vitest's NODE_ENV=test would make Next.js warn). */
const ENV = { NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: undefined };
/** How long `next build` may take: about 15 s here alone, several times that on a loaded machine. */
const BUILD_TIMEOUT = 150_000;

/** `next build` in the example folder; rejects with its output if it fails. */
function nextBuild(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [NEXT, 'build'],
      { cwd: EXAMPLE, env: { ...process.env, ...ENV }, timeout: BUILD_TIMEOUT, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(`next build failed:\n${stdout}\n${stderr}`)) : resolve()),
    );
  });
}

/** `next start` or `next dev` on a free loopback port. */
function nextServer(command: 'start' | 'dev'): Promise<ServerProcess> {
  return startServerProcess(process.execPath, [NEXT, command, '--port', '0', '--hostname', '127.0.0.1'], {
    cwd: EXAMPLE,
    env: ENV,
    address: /http:\/\/127\.0\.0\.1:\d+/,
  });
}

// One production build and one development server for every engine, made at the same time (Next.js 16 keeps
// next dev's output in .next/dev, apart from next build's): about 15 s each alone here.
let production: ServerProcess | undefined;
let development: ServerProcess | undefined;
beforeAll(async () => {
  linkPackage();
  const started = await Promise.allSettled([
    nextBuild().then(() => nextServer('start')),
    nextServer('dev').then(async (server) => {
      // next dev compiles a route on its first request (seconds here, more under load): both
      // pages now, so that the waits of the test are about the browser, not the compiler.
      for (const path of ['/', '/pricing']) {
        const response = await fetch(new URL(path, server.address));
        await response.text();
        if (!response.ok) throw new Error(`next dev: ${path} answered ${response.status}`);
      }
      return server;
    }),
  ]);
  [production, development] = started.map((result) => (result.status === 'fulfilled' ? result.value : undefined));
  const failed = started.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
  if (failed.length) throw failed[0];
}, BUILD_TIMEOUT + 60_000);
afterAll(async () => {
  await Promise.all([production?.stop(), development?.stop()]);
});

describeInBrowsers('examples/nextjs (Next.js 16 App Router)', (t) => {
  /** A session on `base` with the probe installed before any page script. */
  const open = async (base: string) => {
    const session = await t.open({ initScript: probeScript() });
    await session.goto(base);
    return session;
  };

  /**
   * The home page's links decorated after hydration, then a client-side navigation (the page is
   * not reloaded) to /pricing, whose links are decorated with the same IDs. Returns those IDs.
   */
  const homeThenPricing = async (session: Session) => {
    const coffee = params((await waitUntil(session, hrefOnceDecorated, 'coffee'))!);
    expect(coffee.client_reference_id).toMatch(ID);
    const ids = {
      client_reference_id: coffee.client_reference_id,
      prefilled_email: '',
      engagetrack_session_id: coffee.engagetrack_session_id,
    };
    expect(coffee).toEqual(ids);
    expect(params((await waitUntil(session, hrefOnceDecorated, 'gift'))!)).toEqual({
      prefilled_promo_code: 'WELCOME',
      ...ids,
    });

    // Mark this document: a full page load would lose the mark.
    await session.evaluate(() => {
      (window as unknown as { pageMark: number }).pageMark = 42;
    });
    await session.click('#to-pricing');
    for (const id of ['starter', 'pro', 'team']) {
      expect(params((await waitUntil(session, hrefOnceDecorated, id))!)).toEqual(ids);
    }
    expect(new URL(await session.url()).pathname).toBe('/pricing');
    expect(await session.evaluate(() => (window as unknown as { pageMark?: number }).pageMark)).toBe(42);
    return ids;
  };

  describe('next build, next start', () => {
    it('the server sends the links undecorated; after hydration they are, and so are those of a page reached with next/link; one automatic mode; no hydration message', async () => {
      const html = await (await fetch(production!.address)).text();
      expect(html).toContain('<a id="coffee" href="https://buy.stripe.com/test_next_coffee">');
      expect(html).not.toContain('client_reference_id');

      const session = await open(production!.address);
      await homeThenPricing(session);
      const probe = await session.evaluate(() => window.__probe);
      // Production: no StrictMode double effects; one init(), never stopped (the layout stays).
      expect({ started: probe.started, stopped: probe.stopped }).toEqual({ started: 1, stopped: 0 });
      expect(probe.hrefWrites).toEqual({ coffee: 1, gift: 1, starter: 1, pro: 1, team: 1 });
      expect(probe.messages).toEqual([]);
    });

    it('a click on a payment link of the client-navigated page leaves for Stripe with the IDs', async () => {
      const session = await open(production!.address);
      const ids = await homeThenPricing(session);
      await session.click('#team');
      expect(params(await nextStripeRequest(session))).toEqual(ids);
    });
  });

  describe('next dev', () => {
    it('no hydration error or warning in the development build; StrictMode leaves one automatic mode; links decorated on both pages', async () => {
      const session = await open(development!.address);
      await homeThenPricing(session);
      const probe = await session.evaluate(() => window.__probe);
      // The App Router runs StrictMode in development: init(), stop(), init().
      expect({ started: probe.started, stopped: probe.stopped }).toEqual({ started: 2, stopped: 1 });
      expect(probe.hrefWrites).toEqual({ coffee: 1, gift: 1, starter: 1, pro: 1, team: 1 });
      expect(probe.messages.filter((message) => /hydrat/i.test(message))).toEqual([]);
      expect(probe.messages).toEqual([]);
    });

    it("the browser's modules of the package are dist/react.mjs and dist/index.mjs: the exports' import condition, one core", async () => {
      const session = await open(development!.address);
      await waitUntil(session, hrefOnceDecorated, 'coffee');
      // Development chunks name each module by its path (`[project]/dist/index.mjs [app-client] …`).
      const modules = await session.evaluate(async () => {
        const chunks = performance
          .getEntriesByType('resource')
          .map((entry) => entry.name)
          .filter((url) => new URL(url).pathname.startsWith('/_next/static/chunks/'));
        const names = new Set<string>();
        for (const chunk of chunks) {
          const code = await (await fetch(chunk)).text();
          for (const [name] of code.matchAll(/\[project\]\/(?:dist|src)\/[\w./-]+/g)) names.add(name);
        }
        return [...names].sort();
      });
      expect(modules).toEqual(['[project]/dist/index.mjs', '[project]/dist/react.mjs']);
    });
  });
});
