// Types for server.mjs (so TypeScript code, such as server.test.ts, can use it).
import type { Server } from 'node:http';

/** What `attributionFromCheckoutSession` returns (the `Attribution` type of `engagetrack/server`). */
export interface WebhookAttribution {
  visitorId: string;
  sessionId: string | null;
  source: 'metadata' | 'client_reference_id';
}

/** A completed checkout (`checkout.session.completed`). */
export interface CheckoutEntry {
  type: 'checkout';
  eventId: string;
  livemode: boolean;
  checkoutSessionId: string;
  paymentIntentId: string | null;
  subscriptionId: string | null;
  invoiceId: string | null;
  customerId: string | null;
  paymentLinkId: string | null;
  mode: string;
  paymentStatus: string;
  amountTotal: number | null;
  currency: string | null;
  /** `null`: the payment came from no EngageTrack visit (or a reference the SDK did not write). */
  attribution: WebhookAttribution | null;
}

/** A refund (`charge.refunded`); tie it back to a checkout by `paymentIntentId`. */
export interface RefundEntry {
  type: 'refund';
  eventId: string;
  livemode: boolean;
  chargeId: string;
  paymentIntentId: string | null;
  customerId: string | null;
  amount: number;
  /** Cumulative: everything refunded on this charge so far. */
  amountRefunded: number;
  fullyRefunded: boolean;
  currency: string;
}

export type WebhookEntry = CheckoutEntry | RefundEntry;

export interface WebhookServerOptions {
  /** The endpoint's signing secret (`whsec_...`). */
  secret: string;
  /** Where entries go; a rejection answers 500 so Stripe retries. Default: one JSON line on stdout. */
  record?: (entry: WebhookEntry) => void | Promise<void>;
  /** Any key works: verification is local. */
  stripeKey?: string;
  /** Default `/webhooks/stripe`. */
  path?: string;
}

export function createWebhookServer(options: WebhookServerOptions): Server;
