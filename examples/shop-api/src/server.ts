import type { Server } from 'node:http';
import { createApp } from './app.js';
import { config } from './config.js';
import { connect, disconnect } from './db/index.js';
import { migrate } from './db/migrate.js';
import { seedDemoCatalog } from './db/seed.js';
import { ensureAdmin } from './services/user-service.js';

async function main(): Promise<void> {
  const startedAt = Date.now();
  await connect({ databaseUrl: config.databaseUrl, dataDir: config.pgliteDataDir });
  const applied = await migrate();
  if (applied.length > 0) console.log(`[shop-api] applied migrations: ${applied.join(', ')}`);
  if (config.seedDemoData) await seedDemoCatalog();

  const adminEmail = process.env.ADMIN_EMAIL;
  const adminPassword = process.env.ADMIN_PASSWORD;
  if (adminEmail && adminPassword) {
    await ensureAdmin({ email: adminEmail.toLowerCase(), password: adminPassword, name: 'Administrator' });
  }

  const app = createApp();
  const server: Server = app.listen(config.port, config.host, () => {
    const database = config.databaseUrl ? 'postgres' : `pglite (${config.pgliteDataDir ?? 'in-memory'})`;
    console.log(
      `[shop-api] listening on http://${config.host}:${config.port} (db: ${database}, ready in ${Date.now() - startedAt} ms)`,
    );
  });

  const shutdown = (signal: string) => {
    console.log(`[shop-api] ${signal} received, shutting down`);
    server.close(() => {
      disconnect()
        .catch((err: unknown) => console.error('[shop-api] error while closing the database', err))
        .finally(() => process.exit(0));
    });
    // Keep-alive connections must not hold the process open forever.
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('[shop-api] failed to start', err);
  process.exit(1);
});
