import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPaymentProvider, type PaymentProvider } from '../src/services/payment-service.js';
import {
  API,
  bearer,
  createAdmin,
  createCatalog,
  registerUser,
  setupTestApp,
  teardown,
  type Catalog,
  type TestUser,
} from './helpers.js';

let app: Express;
let admin: TestUser;
let alice: TestUser;
let bob: TestUser;
let catalog: Catalog;

const shippingAddress = {
  name: 'Alice Example',
  line1: 'Hauptstraße 1',
  city: 'Berlin',
  postalCode: '10115',
  country: 'DE',
};

const stockOf = async (id: string): Promise<number> =>
  (await request(app).get(`${API}/products/${id}`).expect(200)).body.stock;

beforeAll(async () => {
  app = await setupTestApp();
  admin = await createAdmin(app);
  alice = await registerUser(app, 'Alice');
  bob = await registerUser(app, 'Bob');
  catalog = await createCatalog(app, admin);
});

afterAll(teardown);

describe('placing orders', () => {
  it('requires authentication and a valid body', async () => {
    await request(app).post(`${API}/orders`).send({ items: [], shippingAddress }).expect(401);
    const res = await request(app).post(`${API}/orders`).set(bearer(alice)).send({ items: [], shippingAddress }).expect(400);
    expect(res.body.errors[0].path).toBe('body.items');
    await request(app)
      .post(`${API}/orders`)
      .set(bearer(alice))
      .send({ items: [{ productId: catalog.products.novel, quantity: 1 }], shippingAddress: { ...shippingAddress, country: 'Germany' } })
      .expect(400);
  });

  it('creates an order, prices it from the catalogue and reserves stock', async () => {
    const res = await request(app)
      .post(`${API}/orders`)
      .set(bearer(alice))
      .send({
        items: [
          { productId: catalog.products.novel, quantity: 2 },
          { productId: catalog.products.headphones, quantity: 1 },
          { productId: catalog.products.novel, quantity: 1 },
        ],
        shippingAddress,
      })
      .expect(201);

    expect(res.body).toMatchObject({ userId: alice.id, status: 'pending', total: 127.4, currency: 'EUR', shippingAddress });
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ productId: catalog.products.novel, quantity: 3, unitPrice: 12.5 }),
        expect.objectContaining({ productId: catalog.products.headphones, quantity: 1, unitPrice: 89.9 }),
      ]),
    );
    expect(res.headers.location).toBe(`${API}/orders/${res.body.id}`);
    expect(await stockOf(catalog.products.novel)).toBe(47);
    expect(await stockOf(catalog.products.headphones)).toBe(9);
  });

  it('refuses orders that exceed stock, and changes nothing', async () => {
    const res = await request(app)
      .post(`${API}/orders`)
      .set(bearer(alice))
      .send({
        items: [
          { productId: catalog.products.novel, quantity: 1 },
          { productId: catalog.products.cookbook, quantity: 1 },
        ],
        shippingAddress,
      })
      .expect(409);
    expect(res.body.detail).toContain('Not enough stock');
    expect(await stockOf(catalog.products.novel)).toBe(47);
  });

  it('refuses unknown products', async () => {
    await request(app)
      .post(`${API}/orders`)
      .set(bearer(alice))
      .send({ items: [{ productId: '00000000-0000-4000-8000-000000000000', quantity: 1 }], shippingAddress })
      .expect(404);
  });
});

describe('reading orders', () => {
  let bobsOrder: string;

  beforeAll(async () => {
    const res = await request(app)
      .post(`${API}/orders`)
      .set(bearer(bob))
      .send({ items: [{ productId: catalog.products.keyboard, quantity: 1 }], shippingAddress })
      .expect(201);
    bobsOrder = res.body.id;
  });

  it('lists only the caller’s own orders', async () => {
    const res = await request(app).get(`${API}/orders`).set(bearer(bob)).expect(200);
    expect(res.body.data.map((o: { id: string }) => o.id)).toEqual([bobsOrder]);
    expect(res.body.pagination).toEqual({ limit: 20, offset: 0, total: 1 });

    const spoofed = await request(app).get(`${API}/orders?userId=${alice.id}`).set(bearer(bob)).expect(200);
    expect(spoofed.body.data.map((o: { id: string }) => o.id)).toEqual([bobsOrder]);
  });

  it('lets admins list everybody’s orders with filters', async () => {
    const all = await request(app).get(`${API}/orders?limit=1`).set(bearer(admin)).expect(200);
    expect(all.body.data).toHaveLength(1);
    expect(all.body.pagination.total).toBe(2);

    const bobs = await request(app).get(`${API}/orders?userId=${bob.id}&status=pending`).set(bearer(admin)).expect(200);
    expect(bobs.body.data.map((o: { id: string }) => o.id)).toEqual([bobsOrder]);
    await request(app).get(`${API}/orders?status=lost`).set(bearer(admin)).expect(400);
  });

  it('hides other people’s orders', async () => {
    await request(app).get(`${API}/orders/${bobsOrder}`).expect(401);
    await request(app).get(`${API}/orders/${bobsOrder}`).set(bearer(alice)).expect(404);
    await request(app).get(`${API}/orders/${bobsOrder}`).set(bearer(bob)).expect(200);
    await request(app).get(`${API}/orders/${bobsOrder}`).set(bearer(admin)).expect(200);
  });
});

describe('order lifecycle', () => {
  const placeOrder = async (user: TestUser, quantity = 1): Promise<string> =>
    (
      await request(app)
        .post(`${API}/orders`)
        .set(bearer(user))
        .send({ items: [{ productId: catalog.products.headphones, quantity }], shippingAddress })
        .expect(201)
    ).body.id;

  it('pays, ships and delivers an order', async () => {
    const id = await placeOrder(alice);
    await request(app).post(`${API}/orders/${id}/pay`).set(bearer(bob)).expect(404);

    const paid = await request(app).post(`${API}/orders/${id}/pay`).set(bearer(alice)).expect(200);
    expect(paid.body.order.status).toBe('paid');
    expect(paid.body.payment).toMatchObject({ provider: 'offline', status: 'succeeded' });
    expect(paid.body.order.paymentIntentId).toBe(paid.body.payment.intentId);
    await request(app).post(`${API}/orders/${id}/pay`).set(bearer(alice)).expect(409);

    await request(app).patch(`${API}/orders/${id}/status`).set(bearer(alice)).send({ status: 'shipped' }).expect(403);
    await request(app).patch(`${API}/orders/${id}/status`).set(bearer(admin)).send({ status: 'delivered' }).expect(409);
    const shipped = await request(app)
      .patch(`${API}/orders/${id}/status`)
      .set(bearer(admin))
      .send({ status: 'shipped' })
      .expect(200);
    expect(shipped.body.status).toBe('shipped');
    const delivered = await request(app)
      .patch(`${API}/orders/${id}/status`)
      .set(bearer(admin))
      .send({ status: 'delivered' })
      .expect(200);
    expect(delivered.body.status).toBe('delivered');

    await request(app).post(`${API}/orders/${id}/cancel`).set(bearer(alice)).expect(409);
    await request(app)
      .patch(`${API}/orders/00000000-0000-4000-8000-000000000000/status`)
      .set(bearer(admin))
      .send({ status: 'shipped' })
      .expect(404);
  });

  it('keeps the order pending while the payment provider waits for confirmation', async () => {
    const pendingProvider: PaymentProvider = {
      name: 'fake',
      createPaymentIntent: async ({ orderId }) => ({
        provider: 'fake',
        intentId: `pi_fake_${orderId}`,
        status: 'pending',
        clientSecret: 'secret_123',
      }),
    };
    setPaymentProvider(pendingProvider);
    try {
      const id = await placeOrder(alice);
      const res = await request(app).post(`${API}/orders/${id}/pay`).set(bearer(alice)).expect(200);
      expect(res.body.order).toMatchObject({ status: 'pending', paymentIntentId: `pi_fake_${id}` });
      expect(res.body.payment.clientSecret).toBe('secret_123');
    } finally {
      setPaymentProvider(undefined);
    }
  });

  it('cancels a pending order and puts the stock back', async () => {
    const before = await stockOf(catalog.products.headphones);
    const id = await placeOrder(bob, 2);
    expect(await stockOf(catalog.products.headphones)).toBe(before - 2);

    await request(app).post(`${API}/orders/${id}/cancel`).set(bearer(alice)).expect(404);
    const res = await request(app).post(`${API}/orders/${id}/cancel`).set(bearer(bob)).expect(200);
    expect(res.body.status).toBe('cancelled');
    expect(await stockOf(catalog.products.headphones)).toBe(before);
  });
});

describe('admin statistics', () => {
  it('summarises the store for admins', async () => {
    await request(app).get(`${API}/admin/stats`).set(bearer(alice)).expect(403);
    const res = await request(app).get(`${API}/admin/stats`).set(bearer(admin)).expect(200);
    expect(res.body).toMatchObject({ users: 3, activeProducts: 4, lowStockProducts: 2 });
    expect(res.body.ordersByStatus).toMatchObject({ delivered: 1, cancelled: 1 });
    expect(res.body.revenue).toBeCloseTo(89.9);
  });
});
