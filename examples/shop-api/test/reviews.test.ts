import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

beforeAll(async () => {
  app = await setupTestApp();
  admin = await createAdmin(app);
  alice = await registerUser(app, 'Alice');
  bob = await registerUser(app, 'Bob');
  catalog = await createCatalog(app, admin);
});

afterAll(teardown);

describe('reviews', () => {
  const reviewsUrl = () => `${API}/products/${catalog.products.novel}/reviews`;

  it('requires authentication and validates the rating', async () => {
    await request(app).post(reviewsUrl()).send({ rating: 5, title: 'Great' }).expect(401);
    await request(app).post(reviewsUrl()).set(bearer(alice)).send({ rating: 6, title: 'Great' }).expect(400);
    await request(app)
      .post(`${API}/products/00000000-0000-4000-8000-000000000000/reviews`)
      .set(bearer(alice))
      .send({ rating: 5, title: 'Great' })
      .expect(404);
  });

  it('accepts one review per user and product', async () => {
    const res = await request(app)
      .post(reviewsUrl())
      .set(bearer(alice))
      .send({ rating: 5, title: 'Loved it', body: 'Could not put it down.' })
      .expect(201);
    expect(res.body).toMatchObject({ rating: 5, title: 'Loved it', authorName: 'Alice', userId: alice.id });

    await request(app).post(reviewsUrl()).set(bearer(alice)).send({ rating: 1, title: 'Changed my mind' }).expect(409);
    await request(app).post(reviewsUrl()).set(bearer(bob)).send({ rating: 2, title: 'Meh' }).expect(201);
  });

  it('lists reviews with the average rating', async () => {
    const res = await request(app).get(`${reviewsUrl()}?limit=1`).expect(200);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.pagination).toEqual({ limit: 1, offset: 0, total: 2 });
    expect(res.body.averageRating).toBe(3.5);

    const empty = await request(app).get(`${API}/products/${catalog.products.keyboard}/reviews`).expect(200);
    expect(empty.body).toMatchObject({ data: [], averageRating: null });
  });

  it('lets the author or an admin delete a review', async () => {
    const list = await request(app).get(reviewsUrl()).expect(200);
    const byAlice = list.body.data.find((r: { userId: string }) => r.userId === alice.id).id;
    const byBob = list.body.data.find((r: { userId: string }) => r.userId === bob.id).id;

    await request(app).delete(`${API}/reviews/${byAlice}`).expect(401);
    await request(app).delete(`${API}/reviews/${byAlice}`).set(bearer(bob)).expect(403);
    await request(app).delete(`${API}/reviews/${byAlice}`).set(bearer(alice)).expect(204);
    await request(app).delete(`${API}/reviews/${byBob}`).set(bearer(admin)).expect(204);
    await request(app).delete(`${API}/reviews/${byBob}`).set(bearer(admin)).expect(404);

    const after = await request(app).get(reviewsUrl()).expect(200);
    expect(after.body.pagination.total).toBe(0);
  });
});
