// A Stripe webhook endpoint that ties payments back to the EngageTrack visit they came from.
//
//   STRIPE_WEBHOOK_SECRET=whsec_... STRIPE_SECRET_KEY=sk_test_... node examples/webhook-server/server.mjs
//
// Plain `node:http`, no framework: the one thing that matters is to verify the signature over the
// *raw* request body (a body parser that re-serializes JSON breaks it). See README.md.

import { realpathSync } from 'node:fs';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { attributionFromCheckoutSession } from 'engagetrack/server';
import Stripe from 'stripe';

/** Stripe's events are a few kilobytes; refuse anything far larger before reading it all. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * An HTTP server that accepts Stripe webhooks on `POST {path}`.
 *
 * - Verifies the `Stripe-Signature` header with `stripe.webhooks.constructEvent` (signature and
 *   timestamp, 5 minutes' tolerance): a missing or bad signature, or a body that is not a JSON event,
 *   gets 400 and nothing is recorded.
 * - `checkout.session.completed`: records the purchase with its attribution
 *   (`attributionFromCheckoutSession(event.data.object)`; `null` when the payment came from no
 *   EngageTrack visit, so unattributed revenue is still counted).
 * - `charge.refunded`: records the refund.
 * - Every other event type: 200, nothing recorded (subscribe the endpoint to the events you need only).
 * - `record` failing (a database down): 500, so Stripe retries the delivery later.
 *
 * @param {object} options
 * @param {string} options.secret The endpoint's signing secret (`whsec_...`).
 * @param {(entry: object) => void | Promise<void>} [options.record] Where entries go (default: one JSON line on stdout).
 * @param {string} [options.stripeKey] Any key: verification is local, no API call is made.
 * @param {string} [options.path] Default `/webhooks/stripe`.
 */
export function createWebhookServer({
  secret,
  record = logEntry,
  stripeKey = 'sk_test_placeholder',
  path = '/webhooks/stripe',
} = {}) {
  if (!secret) throw new Error('createWebhookServer: the webhook signing secret (whsec_...) is required');
  const stripe = new Stripe(stripeKey);

  return createServer((request, response) => {
    const reply = (status, body) => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    handle(request, response, reply).catch((error) => {
      // A bug, not a bad delivery: answer 500 (Stripe retries) instead of crashing the process.
      console.error('engagetrack webhook: unexpected error:', error);
      if (response.headersSent) response.destroy();
      else reply(500, { error: 'internal error' });
    });
  });

  async function handle(request, response, reply) {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== path) return reply(404, { error: 'not found' });
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      return reply(405, { error: 'method not allowed' });
    }

    let rawBody;
    try {
      rawBody = await readBody(request);
    } catch (error) {
      // The rest of the body is not read: close the connection rather than keep it half-read.
      response.setHeader('connection', 'close');
      return reply(error.status ?? 400, { error: error.message });
    }

    let event;
    try {
      // Throws on a missing or bad signature, a stale timestamp, and (after verifying) on a body that
      // is not JSON.
      event = stripe.webhooks.constructEvent(rawBody, request.headers['stripe-signature'], secret);
    } catch (error) {
      return reply(400, { error: `Webhook error: ${error.message}` });
    }
    if (!isEvent(event)) return reply(400, { error: 'Webhook error: the body is not a Stripe event' });

    const entry = toEntry(event);
    if (!entry) return reply(200, { received: true, handled: false });
    try {
      await record(entry);
    } catch (error) {
      console.error(`engagetrack webhook: could not record ${event.id}:`, error);
      return reply(500, { error: 'could not record the event' });
    }
    return reply(200, { received: true, handled: true });
  }
}

/**
 * What to store for an event, or `null` for an event type this endpoint ignores. `eventId` is there
 * so the store can drop duplicates: Stripe may deliver an event more than once.
 */
function toEntry(event) {
  const object = event.data.object;
  switch (event.type) {
    case 'checkout.session.completed':
      return {
        type: 'checkout',
        eventId: event.id,
        livemode: event.livemode,
        checkoutSessionId: object.id,
        // The keys to tie later events back to this purchase: a refund's charge carries the
        // payment_intent (one-off payments), renewal invoices carry the subscription.
        paymentIntentId: idOf(object.payment_intent),
        subscriptionId: idOf(object.subscription),
        invoiceId: idOf(object.invoice),
        customerId: idOf(object.customer),
        paymentLinkId: idOf(object.payment_link),
        mode: object.mode,
        // 'unpaid' for delayed payment methods (bank debits): the money arrives with
        // checkout.session.async_payment_succeeded, or not at all (…_failed).
        paymentStatus: object.payment_status,
        amountTotal: object.amount_total,
        currency: object.currency,
        attribution: attributionFromCheckoutSession(object),
      };
    case 'charge.refunded':
      // A refund carries no attribution of its own. Tie it back to the purchase recorded above:
      //  - one-off payments (Payment Link or Checkout in `payment` mode): find the checkout entry whose
      //    paymentIntentId is this charge's payment_intent, and subtract amountRefunded from its
      //    revenue (amount_refunded is cumulative: store the latest value per charge, don't add them up);
      //  - subscriptions: the charge paid an invoice. Find the invoice with
      //    stripe.invoicePayments.list({ payment: { type: 'payment_intent', payment_intent } }), take
      //    its subscription (invoice.parent.subscription_details.subscription) and the visitor you
      //    stored for that subscription when its checkout completed.
      return {
        type: 'refund',
        eventId: event.id,
        livemode: event.livemode,
        chargeId: object.id,
        paymentIntentId: idOf(object.payment_intent),
        customerId: idOf(object.customer),
        amount: object.amount,
        amountRefunded: object.amount_refunded,
        fullyRefunded: object.refunded,
        currency: object.currency,
      };
    default:
      return null;
  }
}

/** Whether a verified, parsed body has the shape of a Stripe event this code can read. */
function isEvent(event) {
  return (
    event !== null &&
    typeof event === 'object' &&
    typeof event.id === 'string' &&
    typeof event.type === 'string' &&
    event.data !== null &&
    typeof event.data === 'object' &&
    event.data.object !== null &&
    typeof event.data.object === 'object'
  );
}

/** A Stripe reference field: an ID, an expanded object, or null. */
function idOf(value) {
  return typeof value === 'string' ? value : (value?.id ?? null);
}

/** The raw body, as bytes: the signature is computed over exactly these. */
async function readBody(request) {
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error('body too large'), { status: 413 });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The default recorder: one JSON line per entry, for a log pipeline (or your eyes). */
function logEntry(entry) {
  console.log(JSON.stringify(entry));
}

// Run directly: `node examples/webhook-server/server.mjs`.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const secret = process.env.STRIPE_WEBHOOK_SECRET;
  if (!secret) {
    console.error('Set STRIPE_WEBHOOK_SECRET (the whsec_... that `stripe listen` prints). See README.md.');
    process.exit(1);
  }
  const port = Number(process.env.PORT ?? 4242);
  const server = createWebhookServer({ secret, stripeKey: process.env.STRIPE_SECRET_KEY });
  server.listen(port, () => {
    console.error(`engagetrack webhook server: POST http://localhost:${server.address().port}/webhooks/stripe`);
  });
}
