import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, bearer, createAdmin, registerUser, setupTestApp, teardown, type TestUser } from './helpers.js';

let app: Express;

beforeAll(async () => {
  app = await setupTestApp();
});

afterAll(teardown);

describe('health', () => {
  it('reports ok', async () => {
    const res = await request(app).get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers unknown routes with problem details', async () => {
    const res = await request(app).get(`${API}/does-not-exist`).expect(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, title: 'Not Found', instance: `${API}/does-not-exist` });
  });
});

describe('registration and login', () => {
  it('registers a customer and returns a bearer token', async () => {
    const res = await request(app)
      .post(`${API}/auth/register`)
      .send({ email: 'Alice@Example.com', password: 'supersecret1', name: 'Alice' })
      .expect(201);
    expect(res.body).toMatchObject({
      tokenType: 'Bearer',
      user: { email: 'alice@example.com', name: 'Alice', role: 'customer' },
    });
    expect(res.body.user).not.toHaveProperty('passwordHash');
    expect(res.body.accessToken).toEqual(expect.any(String));
  });

  it('rejects a duplicate e-mail address', async () => {
    const res = await request(app)
      .post(`${API}/auth/register`)
      .send({ email: 'alice@example.com', password: 'another-pass', name: 'Alice 2' })
      .expect(409);
    expect(res.body.title).toBe('Conflict');
  });

  it('validates the registration body', async () => {
    const res = await request(app)
      .post(`${API}/auth/register`)
      .send({ email: 'not-an-email', password: 'short' })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.email', 'body.password', 'body.name']));
  });

  it('rejects malformed JSON', async () => {
    const res = await request(app)
      .post(`${API}/auth/login`)
      .set('Content-Type', 'application/json')
      .send('{"email": ')
      .expect(400);
    expect(res.body.detail).toBe('Malformed JSON body');
  });

  it('logs in with the right password only', async () => {
    const ok = await request(app)
      .post(`${API}/auth/login`)
      .send({ email: 'alice@example.com', password: 'supersecret1' })
      .expect(200);
    expect(ok.body.user.email).toBe('alice@example.com');

    const wrong = await request(app)
      .post(`${API}/auth/login`)
      .send({ email: 'alice@example.com', password: 'wrong-password' })
      .expect(401);
    const unknown = await request(app)
      .post(`${API}/auth/login`)
      .send({ email: 'nobody@example.com', password: 'wrong-password' })
      .expect(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });
});

describe('current user', () => {
  let customer: TestUser;

  beforeAll(async () => {
    customer = await registerUser(app, 'Bob');
  });

  it('requires a token', async () => {
    await request(app).get(`${API}/auth/me`).expect(401);
    await request(app).get(`${API}/auth/me`).set('Authorization', 'Basic abc').expect(401);
    const res = await request(app).get(`${API}/auth/me`).set('Authorization', 'Bearer not.a.jwt').expect(401);
    expect(res.body.detail).toBe('Invalid access token');
  });

  it('returns the profile of the token owner', async () => {
    const res = await request(app).get(`${API}/auth/me`).set(bearer(customer)).expect(200);
    expect(res.body).toMatchObject({ id: customer.id, email: customer.email, name: 'Bob', role: 'customer' });
  });

  it('updates the name and the password', async () => {
    const renamed = await request(app).patch(`${API}/users/me`).set(bearer(customer)).send({ name: 'Robert' }).expect(200);
    expect(renamed.body.name).toBe('Robert');

    await request(app)
      .patch(`${API}/users/me`)
      .set(bearer(customer))
      .send({ currentPassword: 'wrong', newPassword: 'brand-new-password' })
      .expect(400);
    await request(app)
      .patch(`${API}/users/me`)
      .set(bearer(customer))
      .send({ currentPassword: 'correct horse battery', newPassword: 'brand-new-password' })
      .expect(200);
    await request(app)
      .post(`${API}/auth/login`)
      .send({ email: customer.email, password: 'brand-new-password' })
      .expect(200);
  });

  it('rejects empty or unknown profile changes', async () => {
    await request(app).patch(`${API}/users/me`).set(bearer(customer)).send({}).expect(400);
    await request(app).patch(`${API}/users/me`).set(bearer(customer)).send({ role: 'admin' }).expect(400);
  });
});

describe('user administration', () => {
  it('lets only admins list users, with pagination', async () => {
    const customer = await registerUser(app);
    const admin = await createAdmin(app);

    await request(app).get(`${API}/users`).expect(401);
    await request(app).get(`${API}/users`).set(bearer(customer)).expect(403);

    const res = await request(app).get(`${API}/users?limit=2&offset=0`).set(bearer(admin)).expect(200);
    expect(res.body.data).toHaveLength(2);
    expect(res.body.pagination).toMatchObject({ limit: 2, offset: 0 });
    expect(res.body.pagination.total).toBeGreaterThanOrEqual(4);

    await request(app).get(`${API}/users?limit=1000`).set(bearer(admin)).expect(400);
  });
});

describe('rate limiting', () => {
  it('answers 429 with problem details once the auth limit is used up', async () => {
    const limited = await setupTestApp({ rateLimit: { windowMs: 60_000, max: 100, authMax: 2 } });
    const attempt = () =>
      request(limited).post(`${API}/auth/login`).send({ email: 'alice@example.com', password: 'wrong-password' });
    await attempt().expect(401);
    await attempt().expect(401);
    const res = await attempt().expect(429);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
  });
});
