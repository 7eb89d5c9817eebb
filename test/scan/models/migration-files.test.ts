import { describe, expect, it } from 'vitest';
import { compareNatural, findMigrationFiles } from '../../../src/scan/models/sql/migration-files.js';

describe('findMigrationFiles', () => {
  it('orders Prisma migrations by their folder and never applies down.sql', () => {
    const paths = [
      'prisma/migrations/20240120110000_create_orders/migration.sql',
      'prisma/migrations/20240105093000_create_users/down.sql',
      'prisma/migrations/20240105093000_create_users/migration.sql',
      'prisma/schema.prisma',
      'src/db/queries.sql',
    ];
    expect(findMigrationFiles(paths)).toEqual([
      'prisma/migrations/20240105093000_create_users/migration.sql',
      'prisma/migrations/20240120110000_create_orders/migration.sql',
    ]);
  });

  it('compares version numbers as numbers and skips *.down.sql', () => {
    const paths = ['migrations/10_tags.up.sql', 'migrations/2_posts.up.sql', 'migrations/2_posts.down.sql', 'migrations/1_init.up.sql'];
    expect(findMigrationFiles(paths)).toEqual(['migrations/1_init.up.sql', 'migrations/2_posts.up.sql', 'migrations/10_tags.up.sql']);
  });

  it('finds drizzle-kit output and Supabase migrations; ignores fixtures and dependencies', () => {
    const paths = [
      'drizzle/0001_add_posts.sql',
      'drizzle/0000_init.sql',
      'supabase/migrations/20240101000000_init.sql',
      'node_modules/pkg/migrations/1.sql',
      'test/fixtures/migrations/1.sql',
    ];
    expect(findMigrationFiles(paths)).toEqual(['drizzle/0000_init.sql', 'drizzle/0001_add_posts.sql', 'supabase/migrations/20240101000000_init.sql']);
  });

  it('with a configured directory, takes every SQL file under it and nothing else', () => {
    const paths = ['sql/schema/002_b.sql', 'sql/schema/001_a.sql', 'sql/schema/001_a_down.sql', 'migrations/1_other.sql'];
    expect(findMigrationFiles(paths, { dir: './sql/schema/' })).toEqual(['sql/schema/001_a.sql', 'sql/schema/002_b.sql']);
  });
});

describe('compareNatural', () => {
  it('orders digit runs by value', () => {
    expect(['v10', 'v9', 'v100', 'v009a'].sort(compareNatural)).toEqual(['v9', 'v009a', 'v10', 'v100']);
  });
});
