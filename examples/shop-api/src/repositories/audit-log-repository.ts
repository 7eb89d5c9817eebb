import { db, type Queryable } from '../db/index.js';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  metadata?: Record<string, unknown>;
}

export async function insert(entry: AuditEntry, conn: Queryable = db): Promise<void> {
  await conn.query(
    `INSERT INTO audit_logs (actor_id, action, entity_type, entity_id, metadata)
     VALUES ($1, $2, $3, $4, $5)`,
    [entry.actorId, entry.action, entry.entityType, entry.entityId, JSON.stringify(entry.metadata ?? {})],
  );
}

export async function listForEntity(
  entityType: string,
  entityId: string,
): Promise<{ actorId: string | null; action: string; metadata: Record<string, unknown>; createdAt: Date }[]> {
  const { rows } = await db.query<{
    actor_id: string | null;
    action: string;
    metadata: Record<string, unknown>;
    created_at: Date;
  }>(
    `SELECT actor_id, action, metadata, created_at
       FROM audit_logs
      WHERE entity_type = $1 AND entity_id = $2
      ORDER BY id`,
    [entityType, entityId],
  );
  return rows.map((row) => ({
    actorId: row.actor_id,
    action: row.action,
    metadata: row.metadata,
    createdAt: row.created_at,
  }));
}
