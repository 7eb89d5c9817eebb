import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../src/app.js';
import { connect, disconnect } from '../src/db/index.js';
import { migrate } from '../src/db/migrate.js';
import { OfflinePaymentProvider, setPaymentProvider } from '../src/services/payment-service.js';
import { ensureAdmin } from '../src/services/user-service.js';

export const API = '/api/v1';

const GENEROUS_LIMITS = { windowMs: 60_000, max: 10_000, authMax: 10_000 };

/** Fresh in-memory database with all migrations applied, plus an app instance. */
export async function setupTestApp(options: Parameters<typeof createApp>[0] = {}): Promise<Express> {
  await connect();
  await migrate();
  setPaymentProvider(new OfflinePaymentProvider());
  return createApp({ rateLimit: GENEROUS_LIMITS, ...options });
}

export async function teardown(): Promise<void> {
  setPaymentProvider(undefined);
  await disconnect();
}

let userCounter = 0;

export interface TestUser {
  id: string;
  email: string;
  token: string;
}

export async function registerUser(app: Express, name = 'Test Customer'): Promise<TestUser> {
  userCounter += 1;
  const email = `customer${userCounter}.${Date.now()}@example.com`;
  const res = await request(app)
    .post(`${API}/auth/register`)
    .send({ email, password: 'correct horse battery', name })
    .expect(201);
  return { id: res.body.user.id, email, token: res.body.accessToken };
}

export async function createAdmin(app: Express): Promise<TestUser> {
  const email = 'admin@example.com';
  const password = 'admin-password-123';
  const admin = await ensureAdmin({ email, password, name: 'Admin' });
  const res = await request(app).post(`${API}/auth/login`).send({ email, password }).expect(200);
  return { id: admin.id, email, token: res.body.accessToken };
}

export const bearer = (user: TestUser) => ({ Authorization: `Bearer ${user.token}` });

export interface Catalog {
  categories: { electronics: string; books: string };
  products: { headphones: string; keyboard: string; novel: string; cookbook: string };
}

/** Creates two categories and four products through the admin API. */
export async function createCatalog(app: Express, admin: TestUser): Promise<Catalog> {
  const category = async (slug: string, name: string) =>
    (await request(app).post(`${API}/categories`).set(bearer(admin)).send({ slug, name }).expect(201)).body.id as string;
  const electronics = await category('electronics', 'Electronics');
  const books = await category('books', 'Books');

  const product = async (sku: string, name: string, price: number, stock: number, categoryId: string) =>
    (
      await request(app)
        .post(`${API}/products`)
        .set(bearer(admin))
        .send({ sku, name, price, stock, categoryId, description: `${name} description` })
        .expect(201)
    ).body.id as string;

  return {
    categories: { electronics, books },
    products: {
      headphones: await product('EL-100', 'Headphones', 89.9, 10, electronics),
      keyboard: await product('EL-200', 'Keyboard', 129, 5, electronics),
      novel: await product('BK-100', 'A Novel', 12.5, 50, books),
      cookbook: await product('BK-200', 'Cookbook', 24.99, 0, books),
    },
  };
}
