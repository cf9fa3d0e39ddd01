/** Autogenerate without a database: the exact operations a diff produces, and file round trips. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { compileSchema } from '@dbgen/generator';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  applyOperations,
  comparableSchema,
  diffSchemas,
  emptySchema,
  headsOf,
  loadMigrations,
  migrationSource,
  newMigration,
  unmigratedChanges,
  operationSource,
  RenameUndecidedError,
} from '@dbgen/runtime';
import {
  enumColumnType,
  enumeration,
  foreignKey,
  id,
  index,
  schema,
  table,
} from '../support/ir.js';
import { col } from './support/ir.js';
import { CORPUS as CORPUS_ROOT } from '../support/corpus.js';

const before = schema(
  [
    table('users', [id(), col('name', 'text', { nullable: false }), col('age', 'int')]),
    table('posts', [id(), col('user_id', 'integer'), col('body', 'text')]),
  ],
  [enumeration('mood', ['happy', 'sad'])],
);
const after = schema(
  [
    table('users', [
      id(),
      col('name', 'varchar(100)', { nullable: false, default: { kind: 'string', value: 'anon' } }),
      col('mood', enumColumnType('mood')),
    ]),
    table('posts', [id(), col('user_id', 'integer'), col('body', 'text')], {
      foreignKeys: [foreignKey(['user_id'], 'users', ['id'], { onDelete: 'set null' })],
      indexes: [index(['user_id'])],
    }),
  ],
  [enumeration('mood', ['happy', 'meh', 'sad'])],
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
  // Default constraint names follow the table: renamed with it, in an order that applies
  // (the old key dropped before the rename, under the old name, which frees its name).
  const withKey = schema([table('users', [id(), col('email', 'text', { unique: true })])]);
  const people = schema([table('people', [id(), col('email', 'text', { unique: true })])]);
  const moved = diffSchemas(withKey, people, { renames: { tables: { 'public.users': 'people' } } });
  assert.deepEqual(
    moved.up.map((o) => operationSource(o, '')),
    [
      `op.dropUnique('users', 'users_email_key')`,
      `op.renameTable('users', 'people')`,
      `op.addUnique('people', { name: 'people_email_key', columns: ['email'] })`,
    ],
  );
  const start = applyOperations(emptySchema(), diffSchemas(emptySchema(), withKey).up);
  const there = applyOperations(start, moved.up);
  assert.deepEqual(comparableSchema(there, 'sqlite'), comparableSchema(people, 'sqlite'));
  const back = applyOperations(there, moved.down);
  assert.deepEqual(comparableSchema(back, 'sqlite'), comparableSchema(withKey, 'sqlite'));
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
    // Two migrations with one parent are two branches (two heads), joined by `migrate merge`.
    assert.deepEqual(
      headsOf(await loadMigrations(dir)).map((m) => m.revision),
      ['bbb', 'ccc'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Every corpus schema: `migrate new` from nothing, then `migrate check` finds no change. */
test('autogenerated migrations hold every valid corpus schema (check passes right after new)', async () => {
  const corpus = join(CORPUS_ROOT, 'valid');
  if (!existsSync(corpus)) return;
  const files = readdirSync(corpus, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.dbml'))
    .map((f) => join(corpus, f));
  let checked = 0;
  for (const file of files) {
    const { ir } = compileSchema(file);
    if (!ir) continue;
    const dir = mkdtempSync(join(tmpdir(), 'dbgen-corpus-'));
    try {
      let result;
      try {
        result = await newMigration(dir, 'initial', ir);
      } catch (error) {
        // Autogenerate refuses what it cannot express; anything else is a bug.
        assert.match((error as Error).message, /primary key|does not exist/, file);
        continue;
      }
      const remaining = await unmigratedChanges(dir, ir);
      assert.deepEqual(
        remaining.map((o) => operationSource(o, '')),
        [],
        `${file}: ${result.written ? 'check after new' : 'empty schema'}`,
      );
      checked += 1;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  assert.ok(checked > 10, `${checked} corpus schemas checked`);
});
