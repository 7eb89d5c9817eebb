import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail } from '../src/services/audit-service.js';
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
let customer: TestUser;
let catalog: Catalog;

beforeAll(async () => {
  app = await setupTestApp();
  admin = await createAdmin(app);
  customer = await registerUser(app);
  catalog = await createCatalog(app, admin);
});

afterAll(teardown);

describe('categories', () => {
  it('lists categories publicly', async () => {
    const res = await request(app).get(`${API}/categories`).expect(200);
    expect(res.body.data.map((c: { slug: string }) => c.slug)).toEqual(['books', 'electronics']);
  });

  it('only lets admins create categories', async () => {
    await request(app).post(`${API}/categories`).send({ slug: 'toys', name: 'Toys' }).expect(401);
    await request(app).post(`${API}/categories`).set(bearer(customer)).send({ slug: 'toys', name: 'Toys' }).expect(403);
    await request(app).post(`${API}/categories`).set(bearer(admin)).send({ slug: 'Toys!', name: 'Toys' }).expect(400);
    await request(app).post(`${API}/categories`).set(bearer(admin)).send({ slug: 'books', name: 'Again' }).expect(409);
  });

  it('creates sub-categories of existing categories only', async () => {
    const res = await request(app)
      .post(`${API}/categories`)
      .set(bearer(admin))
      .send({ slug: 'e-readers', name: 'E-Readers', parentId: catalog.categories.electronics })
      .expect(201);
    expect(res.body.parentId).toBe(catalog.categories.electronics);
    expect(res.headers.location).toBe(`${API}/categories/${res.body.id}`);

    await request(app)
      .post(`${API}/categories`)
      .set(bearer(admin))
      .send({ slug: 'orphans', name: 'Orphans', parentId: '00000000-0000-4000-8000-000000000000' })
      .expect(404);
  });
});

describe('product listing', () => {
  it('paginates', async () => {
    const first = await request(app).get(`${API}/products?limit=2&offset=0`).expect(200);
    expect(first.body.data.map((p: { name: string }) => p.name)).toEqual(['A Novel', 'Cookbook']);
    expect(first.body.pagination).toEqual({ limit: 2, offset: 0, total: 4 });

    const second = await request(app).get(`${API}/products?limit=2&offset=2`).expect(200);
    expect(second.body.data.map((p: { name: string }) => p.name)).toEqual(['Headphones', 'Keyboard']);
  });

  it('filters by category and price range', async () => {
    const books = await request(app).get(`${API}/products?category=books`).expect(200);
    expect(books.body.data.map((p: { sku: string }) => p.sku)).toEqual(['BK-100', 'BK-200']);

    const range = await request(app).get(`${API}/products?minPrice=20&maxPrice=100`).expect(200);
    expect(range.body.data.map((p: { sku: string }) => p.sku)).toEqual(['BK-200', 'EL-100']);
    expect(range.body.pagination.total).toBe(2);

    const both = await request(app).get(`${API}/products?category=electronics&maxPrice=100`).expect(200);
    expect(both.body.data).toHaveLength(1);
    expect(both.body.data[0]).toMatchObject({ sku: 'EL-100', price: 89.9, categorySlug: 'electronics' });
  });

  it('rejects invalid filters', async () => {
    const res = await request(app).get(`${API}/products?minPrice=50&maxPrice=10`).expect(400);
    expect(res.body.errors[0].path).toBe('query.minPrice');
    await request(app).get(`${API}/products?limit=0`).expect(400);
    await request(app).get(`${API}/products?offset=-1`).expect(400);
  });

  it('searches by name', async () => {
    const res = await request(app).get(`${API}/products/search?q=board`).expect(200);
    expect(res.body.data.map((p: { sku: string }) => p.sku)).toEqual(['EL-200']);
    await request(app).get(`${API}/products/search?q=a`).expect(400);
  });
});

describe('product CRUD', () => {
  it('reads a single product', async () => {
    const res = await request(app).get(`${API}/products/${catalog.products.novel}`).expect(200);
    expect(res.body).toMatchObject({ sku: 'BK-100', price: 12.5, currency: 'EUR', stock: 50, isActive: true });
    await request(app).get(`${API}/products/00000000-0000-4000-8000-000000000000`).expect(404);
    await request(app).get(`${API}/products/not-a-uuid`).expect(400);
  });

  it('creates products as admin only, with validation', async () => {
    const body = { sku: 'EL-300', name: 'Monitor', price: 199.99, stock: 3, categoryId: catalog.categories.electronics };
    await request(app).post(`${API}/products`).send(body).expect(401);
    await request(app).post(`${API}/products`).set(bearer(customer)).send(body).expect(403);
    await request(app).post(`${API}/products`).set(bearer(admin)).send({ ...body, price: 1.999 }).expect(400);
    await request(app)
      .post(`${API}/products`)
      .set(bearer(admin))
      .send({ ...body, categoryId: '00000000-0000-4000-8000-000000000000' })
      .expect(404);

    const res = await request(app).post(`${API}/products`).set(bearer(admin)).send(body).expect(201);
    expect(res.body).toMatchObject({ sku: 'EL-300', price: 199.99, currency: 'EUR', stock: 3 });
    expect(res.headers.location).toBe(`${API}/products/${res.body.id}`);
    await request(app).post(`${API}/products`).set(bearer(admin)).send(body).expect(409);

    const trail = await auditTrail('product', res.body.id);
    expect(trail).toEqual([expect.objectContaining({ actorId: admin.id, action: 'product.create' })]);
  });

  it('updates products as admin', async () => {
    const id = catalog.products.headphones;
    await request(app).patch(`${API}/products/${id}`).set(bearer(customer)).send({ price: 1 }).expect(403);
    await request(app).patch(`${API}/products/${id}`).set(bearer(admin)).send({}).expect(400);
    await request(app).patch(`${API}/products/${id}`).set(bearer(admin)).send({ sku: 'X-1' }).expect(400);

    const res = await request(app)
      .patch(`${API}/products/${id}`)
      .set(bearer(admin))
      .send({ price: 79.9, name: 'Headphones Pro' })
      .expect(200);
    expect(res.body).toMatchObject({ name: 'Headphones Pro', price: 79.9, sku: 'EL-100' });

    await request(app)
      .patch(`${API}/products/00000000-0000-4000-8000-000000000000`)
      .set(bearer(admin))
      .send({ price: 1 })
      .expect(404);
  });

  it('adjusts stock', async () => {
    const id = catalog.products.keyboard;
    const res = await request(app)
      .patch(`${API}/products/${id}/stock`)
      .set(bearer(admin))
      .send({ delta: 7, reason: 'restock' })
      .expect(200);
    expect(res.body).toEqual({ id, stock: 12 });

    await request(app)
      .patch(`${API}/products/${id}/stock`)
      .set(bearer(admin))
      .send({ delta: -100, reason: 'correction' })
      .expect(409);
    await request(app)
      .patch(`${API}/products/00000000-0000-4000-8000-000000000000/stock`)
      .set(bearer(admin))
      .send({ delta: 1, reason: 'restock' })
      .expect(404);
    await request(app)
      .patch(`${API}/products/${id}/stock`)
      .set(bearer(admin))
      .send({ delta: 0, reason: 'restock' })
      .expect(400);
  });

  it('archives products so they disappear from the catalogue', async () => {
    const id = catalog.products.cookbook;
    await request(app).delete(`${API}/products/${id}`).expect(401);
    await request(app).delete(`${API}/products/${id}`).set(bearer(customer)).expect(403);
    await request(app).delete(`${API}/products/${id}`).set(bearer(admin)).expect(204);

    await request(app).get(`${API}/products/${id}`).expect(404);
    await request(app).get(`${API}/products/${id}?includeInactive=true`).set(bearer(customer)).expect(404);
    const asAdmin = await request(app).get(`${API}/products/${id}?includeInactive=true`).set(bearer(admin)).expect(200);
    expect(asAdmin.body.isActive).toBe(false);

    const publicList = await request(app).get(`${API}/products?category=books`).expect(200);
    expect(publicList.body.data.map((p: { sku: string }) => p.sku)).toEqual(['BK-100']);
    const adminList = await request(app)
      .get(`${API}/products?category=books&includeInactive=true`)
      .set(bearer(admin))
      .expect(200);
    expect(adminList.body.pagination.total).toBe(2);

    await request(app).delete(`${API}/products/00000000-0000-4000-8000-000000000000`).set(bearer(admin)).expect(404);
  });
});
