import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkoutApiSession, paymentLinkSession } from '../../test/fixtures/stripe.js';
import type { WebhookEntry, WebhookServerOptions } from './server.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVER_FILE = fileURLToPath(new URL('./server.mjs', import.meta.url));
const SECRET = 'whsec_test_5f0c2a9e8b7d4c3f9a1e6b2d8c4f7a03';
const WEBHOOK_PATH = '/webhooks/stripe';

const VISITOR = '5f0c2a9e8b7d4c3f9a1e6b2d8c4f7a03';
const SESSION = 'c19d7e2f4a6b8c0d1e3f5a7b9c2d4e6f';

// Only the webhook helpers are used: signing happens locally, no request reaches Stripe.
const stripe = new Stripe('sk_test_placeholder');

let createWebhookServer: typeof import('./server.mjs').createWebhookServer;

beforeAll(async () => {
  // server.mjs imports `engagetrack/server`, which resolves to the built dist/server.mjs.
  if (!existsSync(`${ROOT}dist/server.mjs`)) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  ({ createWebhookServer } = await import('./server.mjs'));
}, 180_000);

// ---- fixtures: events as Stripe sends them (trimmed to realistic fields) ----

let eventCounter = 0;
function event(type: string, object: Record<string, unknown>) {
  eventCounter += 1;
  return {
    id: `evt_1QxYzAbCdEfGhIjK${String(eventCounter).padStart(6, '0')}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
}

function refundedCharge() {
  return {
    id: 'ch_3QxYzAbCdEfGhIjK0xYzAbCd',
    object: 'charge',
    amount: 4900,
    amount_captured: 4900,
    amount_refunded: 1500,
    captured: true,
    created: 1767225700,
    currency: 'usd',
    customer: null,
    livemode: false,
    metadata: {},
    paid: true,
    payment_intent: 'pi_3QxYzAbCdEfGhIjK0aBcDeFg',
    refunded: false,
    status: 'succeeded',
  };
}

// ---- helpers ----

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      return closed;
    }),
  );
});

/** Starts the example on a free port with an in-memory recorder. */
async function start(options: Partial<WebhookServerOptions> = {}) {
  const entries: WebhookEntry[] = [];
  const server = createWebhookServer({
    secret: SECRET,
    record: (entry) => {
      entries.push(entry);
    },
    ...options,
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, url: `${base}${WEBHOOK_PATH}`, entries };
}

function sign(payload: string, secret = SECRET, timestamp?: number): string {
  return stripe.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp ? { timestamp } : {}) });
}

async function post(url: string, body: string, signature?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (signature !== undefined) headers['stripe-signature'] = signature;
  // A server that never answers fails the test in seconds, not at the test timeout.
  const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(5000) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Posts an event signed as Stripe would. */
function deliver(url: string, payload: object) {
  const body = JSON.stringify(payload, null, 2); // Stripe sends pretty-printed JSON
  return post(url, body, sign(body));
}

// ---- tests ----

describe('checkout.session.completed', () => {
  it('attributes a Checkout Sessions API payment from its metadata', async () => {
    const { url, entries } = await start();
    const evt = event(
      'checkout.session.completed',
      checkoutApiSession({ order_id: '1042', engagetrack_visitor_id: VISITOR, engagetrack_session_id: SESSION }),
    );
    expect(await deliver(url, evt)).toEqual({ status: 200, body: { received: true, handled: true } });
    expect(entries).toEqual([
      {
        type: 'checkout',
        eventId: evt.id,
        livemode: false,
        checkoutSessionId: 'cs_test_b9Y8x7W6v5U4t3S2r1Q0pOnMlKjIhGfEdCbA',
        paymentIntentId: 'pi_3QyZaBcDeFgHiJkL1bCdEfGh',
        subscriptionId: null,
        invoiceId: null,
        customerId: 'cus_RaBcDeFgHiJkLm',
        paymentLinkId: null,
        mode: 'payment',
        paymentStatus: 'paid',
        amountTotal: 4900,
        currency: 'usd',
        attribution: { visitorId: VISITOR, sessionId: SESSION, source: 'metadata' },
      },
    ]);
  });

  it('attributes a Payment Link payment from client_reference_id <visitor>_<session>', async () => {
    const { url, entries } = await start();
    const evt = event('checkout.session.completed', paymentLinkSession(`${VISITOR}_${SESSION}`));
    expect((await deliver(url, evt)).status).toBe(200);
    expect(entries).toEqual([
      expect.objectContaining({
        type: 'checkout',
        eventId: evt.id,
        checkoutSessionId: 'cs_test_a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuVwXyZ',
        paymentIntentId: 'pi_3QxYzAbCdEfGhIjK0aBcDeFg',
        paymentLinkId: 'plink_1QxYzAbCdEfGhIjKlMnOpQrS',
        amountTotal: 4900,
        attribution: { visitorId: VISITOR, sessionId: SESSION, source: 'client_reference_id' },
      }),
    ]);
  });

  it('attributes a Payment Link payment from a bare visitor client_reference_id', async () => {
    const { url, entries } = await start();
    expect((await deliver(url, event('checkout.session.completed', paymentLinkSession(VISITOR)))).status).toBe(200);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      type: 'checkout',
      attribution: { visitorId: VISITOR, sessionId: null, source: 'client_reference_id' },
    });
  });

  it('records the subscription of a subscription-mode Payment Link, for renewals to be attributed', async () => {
    const { url, entries } = await start();
    const session = paymentLinkSession(`${VISITOR}_${SESSION}`, {
      mode: 'subscription',
      payment_intent: null,
      subscription: 'sub_1QxYzAbCdEfGhIjKmNoPqRsT',
      invoice: 'in_1QxYzAbCdEfGhIjKaBcDeFgH',
      customer: 'cus_RaBcDeFgHiJkLm',
    });
    expect((await deliver(url, event('checkout.session.completed', session))).status).toBe(200);
    expect(entries[0]).toMatchObject({
      mode: 'subscription',
      paymentIntentId: null,
      subscriptionId: 'sub_1QxYzAbCdEfGhIjKmNoPqRsT',
      invoiceId: 'in_1QxYzAbCdEfGhIjKaBcDeFgH',
      customerId: 'cus_RaBcDeFgHiJkLm',
      attribution: { visitorId: VISITOR, sessionId: SESSION, source: 'client_reference_id' },
    });
  });

  it('records an unattributable payment with attribution null (revenue is still counted)', async () => {
    const { url, entries } = await start();
    for (const reference of ['user_42', null]) {
      expect((await deliver(url, event('checkout.session.completed', paymentLinkSession(reference)))).status).toBe(200);
    }
    expect(entries.map((entry) => entry.type === 'checkout' && entry.attribution)).toEqual([null, null]);
  });

  it('answers only after the record is stored', async () => {
    const entries: WebhookEntry[] = [];
    const { url } = await start({
      record: async (entry) => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        entries.push(entry);
      },
    });
    expect((await deliver(url, event('checkout.session.completed', paymentLinkSession(VISITOR)))).status).toBe(200);
    expect(entries).toHaveLength(1);
  });
});

describe('charge.refunded', () => {
  it('records the refund with the payment_intent that ties it to the checkout', async () => {
    const { url, entries } = await start();
    const evt = event('charge.refunded', refundedCharge());
    expect(await deliver(url, evt)).toEqual({ status: 200, body: { received: true, handled: true } });
    expect(entries).toEqual([
      {
        type: 'refund',
        eventId: evt.id,
        livemode: false,
        chargeId: 'ch_3QxYzAbCdEfGhIjK0xYzAbCd',
        paymentIntentId: 'pi_3QxYzAbCdEfGhIjK0aBcDeFg',
        customerId: null,
        amount: 4900,
        amountRefunded: 1500,
        fullyRefunded: false,
        currency: 'usd',
      },
    ]);
  });

  it('lets the refund be matched to the purchase it reverses', async () => {
    const { url, entries } = await start();
    await deliver(url, event('checkout.session.completed', paymentLinkSession(`${VISITOR}_${SESSION}`)));
    await deliver(url, event('charge.refunded', refundedCharge()));
    const [checkout, refund] = entries;
    expect(checkout?.type).toBe('checkout');
    expect(refund?.type).toBe('refund');
    expect(refund?.paymentIntentId).toBe(checkout?.paymentIntentId);
    expect(checkout?.type === 'checkout' && checkout.attribution?.visitorId).toBe(VISITOR);
  });
});

describe('events it does not handle', () => {
  it.each([
    ['customer.created', { id: 'cus_RaBcDeFgHiJkLm', object: 'customer', email: 'buyer@example.com' }],
    ['checkout.session.expired', paymentLinkSession(VISITOR, { status: 'expired', payment_status: 'unpaid' })],
    ['payment_intent.succeeded', { id: 'pi_3QxYzAbCdEfGhIjK0aBcDeFg', object: 'payment_intent', amount: 4900 }],
  ])('answers 200 to %s and records nothing', async (type, object) => {
    const { url, entries } = await start();
    expect(await deliver(url, event(type, object))).toEqual({ status: 200, body: { received: true, handled: false } });
    expect(entries).toEqual([]);
  });
});

describe('rejected deliveries: 400 and nothing recorded', () => {
  const good = () => event('checkout.session.completed', paymentLinkSession(`${VISITOR}_${SESSION}`));

  it('rejects a signature made with another secret', async () => {
    const { url, entries } = await start();
    const body = JSON.stringify(good());
    const response = await post(url, body, sign(body, 'whsec_someone_else'));
    expect(response.status).toBe(400);
    expect(String(response.body.error)).toMatch(/signature/i);
    expect(entries).toEqual([]);
  });

  it('rejects a body changed after signing', async () => {
    const { url, entries } = await start();
    const body = JSON.stringify(good());
    const signature = sign(body);
    expect((await post(url, body.replace('"amount_total":4900', '"amount_total":1'), signature)).status).toBe(400);
    expect((await post(url, `${body} `, signature)).status).toBe(400);
    expect(entries).toEqual([]);
    // The same body and signature, unchanged, are accepted (so the rejections above are the tampering's).
    expect((await post(url, body, signature)).status).toBe(200);
    expect(entries).toHaveLength(1);
  });

  it('rejects a missing Stripe-Signature header', async () => {
    const { url, entries } = await start();
    expect((await post(url, JSON.stringify(good()))).status).toBe(400);
    expect(entries).toEqual([]);
  });

  it.each([
    ['empty', ''],
    ['garbage', 'not-a-signature'],
    ['no v1 signature', `t=${Math.floor(Date.now() / 1000)}`],
    ['a bad v1 signature', `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`],
  ])('rejects a malformed Stripe-Signature header (%s)', async (_label, signature) => {
    const { url, entries } = await start();
    expect((await post(url, JSON.stringify(good()), signature)).status).toBe(400);
    expect(entries).toEqual([]);
  });

  it('rejects a replay: a valid signature older than five minutes', async () => {
    const { url, entries } = await start();
    const body = JSON.stringify(good());
    expect((await post(url, body, sign(body, SECRET, Math.floor(Date.now() / 1000) - 600))).status).toBe(400);
    expect(entries).toEqual([]);
  });

  it.each([
    ['truncated JSON', '{"id":"evt_1","object":"event","type":"checkout.session.completed","data":{'],
    ['not JSON', 'id=evt_1&type=checkout.session.completed'],
    ['an empty body', ''],
  ])('rejects a correctly signed malformed body (%s)', async (_label, body) => {
    const { url, entries } = await start();
    const response = await post(url, body, sign(body));
    expect(response.status).toBe(400);
    expect(entries).toEqual([]);
  });

  it.each([
    ['null', 'null'],
    ['an array', '[]'],
    ['a string', '"checkout.session.completed"'],
    ['an event without data', '{"id":"evt_1","object":"event","type":"checkout.session.completed"}'],
    [
      'an event whose data.object is null',
      '{"id":"evt_1","object":"event","type":"checkout.session.completed","data":{"object":null}}',
    ],
    ['an event without a type', '{"id":"evt_1","object":"event","data":{"object":{}}}'],
  ])('rejects correctly signed JSON that is not an event (%s)', async (_label, body) => {
    const { url, entries } = await start();
    expect((await post(url, body, sign(body))).status).toBe(400);
    expect(entries).toEqual([]);
  });

  it('refuses an oversized body with 413, without reading it all, and closes the connection', async () => {
    const { url, entries } = await start();
    const body = JSON.stringify({ ...good(), padding: 'x'.repeat(2 * 1024 * 1024) });
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'stripe-signature': sign(body) },
      body,
      signal: AbortSignal.timeout(5000),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
    expect(entries).toEqual([]);
  });
});

describe('HTTP surface', () => {
  it('answers 405 to another method and 404 to another path', async () => {
    const { base, url, entries } = await start();
    const get = await fetch(url);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const body = JSON.stringify(event('checkout.session.completed', paymentLinkSession(VISITOR)));
    expect((await post(`${base}/other`, body, sign(body))).status).toBe(404);
    expect(entries).toEqual([]);
  });

  it('answers 500 when the record cannot be stored, so Stripe retries', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      for (const record of [
        () => {
          throw new Error('database down');
        },
        () => Promise.reject(new Error('database down')),
      ]) {
        const { url } = await start({ record });
        expect((await deliver(url, event('checkout.session.completed', paymentLinkSession(VISITOR)))).status).toBe(500);
      }
      expect(error).toHaveBeenCalled();
    } finally {
      error.mockRestore();
    }
  });

  it('requires a signing secret', () => {
    expect(() => createWebhookServer({ secret: '' })).toThrow(/secret/);
  });

  it('logs one JSON line per entry by default', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const { url } = await start({ record: undefined });
      await deliver(url, event('checkout.session.completed', paymentLinkSession(`${VISITOR}_${SESSION}`)));
      expect(log).toHaveBeenCalledTimes(1);
      expect(JSON.parse(String(log.mock.calls[0]?.[0]))).toMatchObject({
        type: 'checkout',
        attribution: { visitorId: VISITOR, sessionId: SESSION, source: 'client_reference_id' },
      });
    } finally {
      log.mockRestore();
    }
  });
});

describe('run with plain node', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill();
  });

  function run(env: Record<string, string>) {
    const child = spawn(process.execPath, [SERVER_FILE], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    const until = (test: () => boolean) =>
      vi.waitFor(
        () => {
          if (!test()) throw new Error(`waiting; stdout: ${stdout} stderr: ${stderr}`);
        },
        { timeout: 10_000, interval: 25 },
      );
    return { child, out: () => stdout, err: () => stderr, until };
  }

  it('serves webhooks and logs the attribution', async () => {
    const server = run({ STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_SECRET_KEY: 'sk_test_placeholder', PORT: '0' });
    await server.until(() => /localhost:\d+\//.test(server.err()));
    const port = /localhost:(\d+)\//.exec(server.err())?.[1];
    const url = `http://127.0.0.1:${port}${WEBHOOK_PATH}`;

    const body = JSON.stringify({ not: 'signed' });
    expect((await post(url, body, sign(body, 'whsec_someone_else'))).status).toBe(400);
    expect((await deliver(url, event('checkout.session.completed', paymentLinkSession(VISITOR)))).status).toBe(200);
    await server.until(() => server.out().includes('\n'));
    const lines = server.out().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      type: 'checkout',
      attribution: { visitorId: VISITOR, sessionId: null, source: 'client_reference_id' },
    });
  });

  it('exits with a hint when STRIPE_WEBHOOK_SECRET is missing', async () => {
    const server = run({});
    const code = await new Promise((resolve) => server.child.on('exit', resolve));
    expect(code).toBe(1);
    expect(server.err()).toMatch(/STRIPE_WEBHOOK_SECRET/);
  });
});
