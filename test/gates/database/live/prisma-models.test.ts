/**
 * The Prisma models as the query translation reads them: delegate names, the table (`@@map`,
 * `@@schema`), columns (`@map`), keys, compound unique inputs, and the join of each relation.
 */
import { describe, expect, it } from 'vitest';
import { delegateName, prismaModels } from '../../../../src/gates/database/live/prisma-models.js';
import { projectContext } from '../../../helpers/gates.js';

const SCHEMA = `model User {
  id      String @id @map("user_id")
  email   String
  written Post[] @relation("written")
  edited  Post[] @relation(name: "edited")
  groups  Group[]

  @@map("app_users")
  @@schema("auth")
}

model Post {
  id       Int    @id
  authorId String
  editorId String?
  author   User   @relation("written", fields: [authorId], references: [id])
  editor   User?  @relation("edited", fields: [editorId], references: [id])
}

model Group {
  id    Int    @id
  users User[]
}

model Seat {
  row    Int
  number Int
  hall   String

  @@id([row, number], name: "place")
  @@unique([hall, row])
}
`;

const modelsOf = async (files: Record<string, string>) => prismaModels(await projectContext(files));

describe('prismaModels', () => {
  it('delegate names lower the first letter only', () => {
    expect(['User', 'OrderItem', 'URLAlias'].map(delegateName)).toEqual(['user', 'orderItem', 'uRLAlias']);
  });

  it('the table with @@map and @@schema (public when none), columns with @map, the key', async () => {
    const models = await modelsOf({ 'prisma/schema.prisma': SCHEMA });
    expect([...models.keys()]).toEqual(['user', 'post', 'group', 'seat']);
    const user = models.get('user');
    expect(user?.table).toBe('"auth"."app_users"');
    expect(models.get('post')?.table).toBe('"public"."Post"');
    expect([...(user?.columns ?? [])]).toEqual([
      ['id', 'user_id'],
      ['email', 'email'],
    ]);
    expect(user?.key).toEqual(['id']);
  });

  it('compound unique inputs: the default name from the fields, or the name given', async () => {
    const seat = (await modelsOf({ 'prisma/schema.prisma': SCHEMA })).get('seat');
    expect([...(seat?.compounds ?? [])]).toEqual([
      ['row_number', ['row', 'number']],
      ['hall_row', ['hall', 'row']],
      ['place', ['row', 'number']],
    ]);
    expect(seat?.key).toEqual(['row', 'number']);
  });

  it('relations join on their own key, or on the other side of the same named relation', async () => {
    const models = await modelsOf({ 'prisma/schema.prisma': SCHEMA });
    const user = models.get('user');
    expect(user?.relations.get('written')).toEqual({ model: 'Post', list: true, holdsKey: false, join: [{ own: 'id', other: 'authorId' }] });
    expect(user?.relations.get('edited')).toEqual({ model: 'Post', list: true, holdsKey: false, join: [{ own: 'id', other: 'editorId' }] });
    expect(models.get('post')?.relations.get('editor')).toEqual({ model: 'User', list: false, holdsKey: true, join: [{ own: 'editorId', other: 'id' }] });
    // An implicit many-to-many has a join table no side names: no join, and filters on it are left out.
    expect(user?.relations.get('groups')).toEqual({ model: 'Group', list: true, holdsKey: false });
  });

  it('a multi-file schema relates models across files; a file that does not parse adds none', async () => {
    const models = await modelsOf({
      'prisma/schema/user.prisma': 'model User {\n  id Int @id\n  posts Post[]\n}\n',
      'prisma/schema/post.prisma': 'model Post {\n  id Int @id\n  userId Int\n  user User @relation(fields: [userId], references: [id])\n}\n',
      'prisma/schema/broken.prisma': 'model Broken {\n  id Int @id\n',
    });
    expect([...models.keys()].sort()).toEqual(['post', 'user']);
    expect(models.get('user')?.relations.get('posts')?.join).toEqual([{ own: 'id', other: 'userId' }]);
  });
});
