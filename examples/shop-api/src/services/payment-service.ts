import type Stripe from 'stripe';
import { config } from '../config.js';
import { HttpError } from '../lib/http-error.js';

export interface PaymentRequest {
  orderId: string;
  amountCents: number;
  currency: string;
  customerEmail: string;
}

export interface PaymentIntentResult {
  provider: string;
  intentId: string;
  /** `succeeded` when the charge is complete, `pending` while the client still has to confirm it. */
  status: 'succeeded' | 'pending';
  clientSecret: string | null;
}

export interface PaymentProvider {
  readonly name: string;
  createPaymentIntent(request: PaymentRequest): Promise<PaymentIntentResult>;
}

/** Stripe PaymentIntents; the SDK is only loaded once a secret key is configured. */
export class StripePaymentProvider implements PaymentProvider {
  readonly name = 'stripe';
  private client: Promise<Stripe> | undefined;

  constructor(private readonly secretKey: string) {}

  private stripe(): Promise<Stripe> {
    this.client ??= import('stripe').then(({ default: StripeClient }) => new StripeClient(this.secretKey));
    return this.client;
  }

  async createPaymentIntent(request: PaymentRequest): Promise<PaymentIntentResult> {
    const stripe = await this.stripe();
    const intent = await stripe.paymentIntents.create(
      {
        amount: request.amountCents,
        currency: request.currency.toLowerCase(),
        receipt_email: request.customerEmail,
        metadata: { orderId: request.orderId },
        automatic_payment_methods: { enabled: true },
      },
      { idempotencyKey: `order-${request.orderId}` },
    );
    return {
      provider: this.name,
      intentId: intent.id,
      status: intent.status === 'succeeded' ? 'succeeded' : 'pending',
      clientSecret: intent.client_secret,
    };
  }
}

/**
 * Local development / test stand-in: every payment succeeds immediately and
 * nothing leaves the process.
 */
export class OfflinePaymentProvider implements PaymentProvider {
  readonly name = 'offline';

  async createPaymentIntent(request: PaymentRequest): Promise<PaymentIntentResult> {
    return {
      provider: this.name,
      intentId: `pi_offline_${request.orderId.replaceAll('-', '')}`,
      status: 'succeeded',
      clientSecret: null,
    };
  }
}

class UnconfiguredPaymentProvider implements PaymentProvider {
  readonly name = 'unconfigured';

  async createPaymentIntent(): Promise<PaymentIntentResult> {
    throw new HttpError(503, 'Service Unavailable', 'Payments are not configured');
  }
}

let provider: PaymentProvider | undefined;

export function paymentProvider(): PaymentProvider {
  if (!provider) {
    if (config.stripeSecretKey) provider = new StripePaymentProvider(config.stripeSecretKey);
    else if (config.nodeEnv === 'production') provider = new UnconfiguredPaymentProvider();
    else provider = new OfflinePaymentProvider();
  }
  return provider;
}

/** Replaces the provider, e.g. with a fake in tests. */
export function setPaymentProvider(next: PaymentProvider | undefined): void {
  provider = next;
}
