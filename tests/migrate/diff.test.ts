/** Autogenerate without a database: the exact operations a diff produces, and file round trips. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  applyOperations,
  comparableSchema,
  diffSchemas,
  emptySchema,
  loadMigrations,
  migrationSource,
  operationSource,
  RenameUndecidedError,
} from '@dbgen/runtime';
import { col, enumOf, fk, id, index, schema, table } from './support/ir.js';

const before = schema(
  [
    table('users', [id(), col('name', 'text', { nullable: false }), col('age', 'int')]),
    table('posts', [id(), col('user_id', 'integer'), col('body', 'text')]),
  ],
  [enumOf('mood', ['happy', 'sad'])],
);
const after = schema(
  [
    table('users', [
      id(),
      col('name', 'varchar(100)', { nullable: false, default: { kind: 'string', value: 'anon' } }),
      col('mood', 'mood', { enumOf: 'mood' }),
    ]),
    table('posts', [id(), col('user_id', 'integer'), col('body', 'text')], {
      foreignKeys: [fk(['user_id'], 'users', ['id'], { onDelete: 'set null' })],
      indexes: [index(['user_id'])],
    }),
  ],
  [enumOf('mood', ['happy', 'meh', 'sad'])],
);

test('the diff lists each change once, in dependency order, and down undoes up', () => {
  const { up, down } = diffSchemas(before, after, { renamesDecided: true });
  assert.deepEqual(
    up.map((o) => operationSource(o, '')),
    [
      `op.addEnumValue('mood', 'meh', { after: 'happy' })`,
      `op.alterColumn('users', 'name', { type: 'varchar(100)', default: 'anon' })`,
      `op.addColumn('users', { name: 'mood', enum: 'mood' })`,
      `op.dropColumn('users', 'age')`,
      `op.createIndex('posts', { name: 'posts_user_id_idx', columns: ['user_id'] })`,
      `op.addForeignKey('posts', {
  name: 'posts_user_id_fkey',
  columns: ['user_id'],
  target: 'users',
  targetColumns: ['id'],
  onDelete: 'set null',
})`,
    ],
  );
  assert.deepEqual(
    down.map((o) => operationSource(o, '')),
    [
      `op.dropForeignKey('posts', 'posts_user_id_fkey')`,
      `op.dropIndex('posts', 'posts_user_id_idx')`,
      `op.alterColumn('users', 'name', { type: 'text', default: null })`,
      `op.addColumn('users', { name: 'age', type: 'int' })`,
      `op.dropEnumValue('mood', 'meh')`,
      `op.dropColumn('users', 'mood')`,
    ],
  );
  for (const dialect of ['postgres', 'sqlite'] as const) {
    const upState = applyOperations(
      applyOperations(emptySchema(), diffSchemas(emptySchema(), before).up),
      up,
    );
    assert.deepEqual(comparableSchema(upState, dialect), comparableSchema(after, dialect));
    assert.deepEqual(
      comparableSchema(applyOperations(upState, down), dialect),
      comparableSchema(before, dialect),
    );
  }
});

test('a possible rename is never decided silently', () => {
  const renamed = schema(
    [
      table('users', [id(), col('full_name', 'text', { nullable: false }), col('age', 'int')]),
      before.tables[1]!,
    ],
    before.enums,
  );
  assert.throws(
    () => diffSchemas(before, renamed),
    (error: unknown) =>
      error instanceof RenameUndecidedError &&
      JSON.stringify(error.questions) ===
        JSON.stringify([
          { kind: 'column', table: 'public.users', removed: ['name'], added: ['full_name'] },
        ]),
  );
  const { up, down } = diffSchemas(before, renamed, {
    renames: { columns: { 'public.users': { name: 'full_name' } } },
  });
  assert.deepEqual(
    up.map((o) => operationSource(o, '')),
    [`op.renameColumn('users', 'name', 'full_name')`],
  );
  assert.deepEqual(
    down.map((o) => operationSource(o, '')),
    [`op.renameColumn('users', 'full_name', 'name')`],
  );
  const dropped = diffSchemas(before, renamed, { renamesDecided: true });
  assert.deepEqual(
    dropped.up.map((o) => o.kind),
    ['addColumn', 'dropColumn'],
  );
  const tables = diffSchemas(
    before,
    schema(
      [before.tables[0]!, { ...before.tables[1]!, key: 'public.articles', name: 'articles' }],
      before.enums,
    ),
    {
      renames: { tables: { 'public.posts': 'articles' } },
    },
  );
  assert.deepEqual(
    tables.up.map((o) => operationSource(o, '')),
    [`op.renameTable('posts', 'articles')`],
  );
});

test('operations written to a migration file load back as the same schema change', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dbgen-diff-'));
  try {
    const first = diffSchemas(emptySchema(), before);
    const second = diffSchemas(before, after, { renamesDecided: true });
    writeFileSync(
      join(dir, '0001_a.js'),
      migrationSource({ revision: 'aaa', parent: null, name: 'a', ...first }),
    );
    writeFileSync(
      join(dir, '0002_b.js'),
      migrationSource({ revision: 'bbb', parent: 'aaa', name: 'b', ...second }),
    );
    const [a, b] = await loadMigrations(dir);
    assert.ok(a && b);
    assert.equal(b.parent, 'aaa');
    const state = applyOperations(applyOperations(emptySchema(), a.up), b.up);
    for (const dialect of ['postgres', 'sqlite'] as const) {
      assert.deepEqual(comparableSchema(state, dialect), comparableSchema(after, dialect));
      assert.deepEqual(
        comparableSchema(applyOperations(state, b.down), dialect),
        comparableSchema(before, dialect),
      );
    }
    writeFileSync(
      join(dir, '0003_c.js'),
      migrationSource({ revision: 'ccc', parent: 'aaa', name: 'c', up: [], down: [] }),
    );
    await assert.rejects(
      loadMigrations(dir),
      /0002_b\.js and 0003_c\.js all follow aaa; set one's `parent` to the other's revision/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
