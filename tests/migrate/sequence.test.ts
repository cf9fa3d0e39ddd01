/**
 * The must-show sequence, on both dialects: each schema edit gets `migrate new`, `up`
 * (data still there, database matches the schema), `down` (database exactly as before,
 * by introspection), and `up` again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { comparableSchema, type SchemaIR } from '@dbgen/runtime';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
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
import { liveSchema, migrate, query, sortedColumns, writeSchema } from './support/run.js';

const users = (columns = [col('name', 'text', { nullable: false })], extra = {}) =>
  table(
    'users',
    [
      id(),
      ...columns,
      col('mood', enumColumnType('mood'), {
        nullable: false,
        default: { kind: 'string', value: 'happy' },
      }),
    ],
    extra,
  );

const mood = enumeration('mood', ['happy', 'sad']);
const posts = (titleType = 'text', extra = {}) =>
  table(
    'posts',
    [id(), col('user_id', 'integer'), col('title', titleType, { nullable: false })],
    extra,
  );

const bio = col('bio', 'text');
const score = col('score', 'integer', { nullable: false, default: { kind: 'number', value: 0 } });
const fullName = col('full_name', 'text', { nullable: false });
const postsFk = {
  foreignKeys: [foreignKey(['user_id'], 'users', ['id'], { onDelete: 'cascade' })],
};
const titleIndex = { indexes: [index(['title'])] };

/** [step name, schema after it, extra `migrate new` flags, flags for `up`]. */
const steps: [string, SchemaIR, string[], string[]][] = [
  ['add table', schema([users(), posts()], [mood]), [], []],
  [
    'add nullable column',
    schema([users([col('name', 'text', { nullable: false }), bio]), posts()], [mood]),
    [],
    [],
  ],
  [
    'add not null column with default',
    schema([users([col('name', 'text', { nullable: false }), bio, score]), posts()], [mood]),
    [],
    [],
  ],
  [
    'change a type',
    schema(
      [users([col('name', 'text', { nullable: false }), bio, score]), posts('varchar(200)')],
      [mood],
    ),
    [],
    [],
  ],
  [
    'rename a column',
    schema([users([fullName, bio, score]), posts('varchar(200)')], [mood]),
    ['--rename', 'users.name=full_name'],
    [],
  ],
  [
    'add an fk',
    schema([users([fullName, bio, score]), posts('varchar(200)', postsFk)], [mood]),
    [],
    [],
  ],
  ['drop the fk', schema([users([fullName, bio, score]), posts('varchar(200)')], [mood]), [], []],
  [
    'add an index',
    schema([users([fullName, bio, score]), posts('varchar(200)', titleIndex)], [mood]),
    [],
    [],
  ],
  [
    'add an enum value',
    schema(
      [users([fullName, bio, score]), posts('varchar(200)', titleIndex)],
      [enumeration('mood', ['happy', 'sad', 'meh'])],
    ),
    [],
    [],
  ],
  [
    'drop a column',
    schema(
      [users([fullName, score]), posts('varchar(200)', titleIndex)],
      [enumeration('mood', ['happy', 'sad', 'meh'])],
    ),
    [],
    ['--force'],
  ],
];

for (const dialect of DIALECTS) {
  describe(`migration sequence on ${dialect}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(dialect);
    });
    after(async () => db.drop());

    test('initial schema, then every edit up, down, up with data kept', async () => {
      const initial = schema([users()], [mood]);
      const file = writeSchema(db.dir, initial);
      await migrate(db.dir, db.url, ['new', 'initial', '--schema', file]);
      await migrate(db.dir, db.url, ['up']);
      await query(db.url, `INSERT INTO users (name, mood) VALUES ('ann', 'sad'), ('bob', 'happy')`);
      let previous = await liveSchema(db.url);
      assert.deepEqual(
        comparableSchema(previous, dialect),
        comparableSchema(sortedColumns(initial), dialect),
      );

      for (const [name, next, newFlags, upFlags] of steps) {
        writeSchema(db.dir, next);
        const created = await migrate(db.dir, db.url, ['new', name, '--schema', file, ...newFlags]);
        assert.match(created.stdout, /^wrote .*\.js/, name);
        await migrate(db.dir, db.url, ['up', ...upFlags]);
        const upgraded = await liveSchema(db.url);
        assert.deepEqual(
          comparableSchema(upgraded, dialect),
          comparableSchema(sortedColumns(next), dialect),
          `${name}: up matches the schema`,
        );
        const rows = await query(db.url, 'SELECT count(*) AS n FROM users');
        assert.equal(Number(rows[0]?.['n']), 2, `${name}: users kept`);
        if (name !== 'add table') {
          const posted = await query(db.url, 'SELECT count(*) AS n FROM posts');
          assert.equal(Number(posted[0]?.['n']), 2, `${name}: posts kept`);
        }

        await migrate(db.dir, db.url, ['down', '--force']);
        assert.deepEqual(
          await liveSchema(db.url),
          previous,
          `${name}: down restores the previous schema`,
        );
        await migrate(db.dir, db.url, ['up', '--force']);
        assert.deepEqual(await liveSchema(db.url), upgraded, `${name}: up again`);
        if (name === 'add table')
          await query(
            db.url,
            `INSERT INTO posts (user_id, title) VALUES (1, 'hello'), (2, 'world')`,
          );
        previous = upgraded;
      }

      const people = await query(db.url, 'SELECT full_name, mood, score FROM users ORDER BY id');
      assert.deepEqual(
        people.map((r) => [r['full_name'], r['mood'], Number(r['score'])]),
        [
          ['ann', 'sad', 0],
          ['bob', 'happy', 0],
        ],
      );
      const titles = await query(db.url, 'SELECT title FROM posts ORDER BY id');
      assert.deepEqual(
        titles.map((r) => r['title']),
        ['hello', 'world'],
      );
      const again = await migrate(db.dir, db.url, ['new', 'nothing', '--schema', file]);
      assert.equal(
        again.stdout,
        'no changes: the schema matches the last migration; nothing written',
      );
    });
  });
}
