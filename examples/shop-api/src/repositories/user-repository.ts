import { db, type Queryable } from '../db/index.js';
import type { Role } from '../middleware/auth.js';
import type { Pagination } from '../lib/pagination.js';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
  updatedAt: Date;
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  created_at: Date;
  updated_at: Date;
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findById(id: string, conn: Queryable = db): Promise<User | undefined> {
  const { rows } = await conn.query<UserRow>(`SELECT id, email, name, role, password_hash, created_at, updated_at FROM users WHERE id = $1`, [id]);
  return rows[0] && toUser(rows[0]);
}

/** Returns the user together with the password hash, for credential checks only. */
export async function findCredentialsByEmail(
  email: string,
): Promise<{ user: User; passwordHash: string } | undefined> {
  const { rows } = await db.query<UserRow>(`SELECT id, email, name, role, password_hash, created_at, updated_at FROM users WHERE email = $1`, [email]);
  const row = rows[0];
  return row && { user: toUser(row), passwordHash: row.password_hash };
}

export async function findPasswordHash(id: string): Promise<string | undefined> {
  const { rows } = await db.query<Pick<UserRow, 'password_hash'>>('SELECT password_hash FROM users WHERE id = $1', [id]);
  return rows[0]?.password_hash;
}

export async function create(input: {
  email: string;
  name: string;
  passwordHash: string;
  role?: Role;
}): Promise<User> {
  const { rows } = await db.query<UserRow>(
    `INSERT INTO users (email, name, password_hash, role)
     VALUES ($1, $2, $3, $4)
     RETURNING id, email, name, role, password_hash, created_at, updated_at`,
    [input.email, input.name, input.passwordHash, input.role ?? 'customer'],
  );
  return toUser(rows[0]!);
}

export async function update(
  id: string,
  changes: { name?: string | undefined; passwordHash?: string | undefined },
): Promise<User | undefined> {
  const { rows } = await db.query<UserRow>(
    `UPDATE users
        SET name = COALESCE($2, name),
            password_hash = COALESCE($3, password_hash),
            updated_at = CURRENT_TIMESTAMP
      WHERE id = $1
      RETURNING id, email, name, role, password_hash, created_at, updated_at`,
    [id, changes.name ?? null, changes.passwordHash ?? null],
  );
  return rows[0] && toUser(rows[0]);
}

export async function setRole(email: string, role: Role): Promise<User | undefined> {
  const { rows } = await db.query<UserRow>(
    `UPDATE users SET role = $2, updated_at = CURRENT_TIMESTAMP WHERE email = $1 RETURNING id, email, name, role, password_hash, created_at, updated_at`,
    [email, role],
  );
  return rows[0] && toUser(rows[0]);
}

export async function list({ limit, offset }: Pagination): Promise<{ items: User[]; total: number }> {
  const [page, count] = await Promise.all([
    db.query<UserRow>(
      `SELECT id, email, name, role, password_hash, created_at, updated_at
         FROM users
        ORDER BY created_at DESC, id
        LIMIT $1 OFFSET $2`,
      [limit, offset],
    ),
    db.query<{ total: number }>('SELECT count(*)::int AS total FROM users'),
  ]);
  return { items: page.rows.map(toUser), total: count.rows[0]?.total ?? 0 };
}
