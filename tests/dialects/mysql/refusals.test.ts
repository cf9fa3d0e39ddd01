/**
 * What MariaDB lacks is refused before any DDL runs (issue 16): a schema with an expression
 * index, pushed or migrated, used to create the tables before it and then fail at the
 * index, half-applied. Now push, `migrate up` and `dbgen sql --dialect mysql` refuse with
 * an UnsupportedFeatureError naming the index, print one line, exit 1, and leave the
 * database as it was (`migrate reset` refuses before dropping anything, and a refused
 * `migrate up` on a fresh database leaves no table at all, not even its history); the same
 * schema without the index pushes fine. An indexed column changed to text, which MySQL
 * fails at (1170) after the statements before it, is refused likewise.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pushSchema, UnsupportedFeatureError } from '@dbgen/runtime';
import { createTestDatabase, type TestDatabase } from '../../migrate/support/databases.js';
import { migrationDatabase } from '../../support/migration-database.js';
import { migrate, query, runCli } from '../../migrate/support/run.js';
import { compileDbml } from '../../migrate/schema-depth/support.js';
import {
  allTables,
  errorLines,
  handWritten,
  migratedTo,
  userTables,
} from './support/refused-run.js';

/** Tables first, the index MariaDB lacks last: the order that used to half-apply. */
const SCHEMA = (indexPart: string) => `
Table users {
  id integer [pk]
  email varchar(255) [not null]
  bio text [default: 'none']
  indexes {
    ${indexPart} [name: 'users_email_lower_idx']
  }
}

Table posts {
  id integer [pk]
  author_id integer [not null, ref: > users.id]
  title varchar(200) [not null, unique]
}
`;
const WITH_EXPRESSION = SCHEMA('`lower(email)`');
const WITHOUT = SCHEMA('email');

const REFUSAL =
  /^error: index "users_email_lower_idx" on public\.users: MariaDB [\d.]+ has no expression indexes \(MySQL has them from 8\.0\.13; index a generated column instead\)$/;

describe('MariaDB: what the server lacks is refused before any DDL runs', () => {
  const fresh = migrationDatabase('mysql');

  test('pushSchema throws UnsupportedFeatureError; no table is created', async () => {
    const ir = compileDbml(fresh.db.dir, 'expression.dbml', WITH_EXPRESSION);
    await assert.rejects(
      pushSchema({ connection: fresh.connection, schema: ir, force: true }),
      (error: unknown) => {
        assert.ok(error instanceof UnsupportedFeatureError, String(error));
        assert.equal(error.code, 'UNSUPPORTED_FEATURE');
        assert.match(error.where, /index "users_email_lower_idx" on public\.users/);
        assert.match(error.dialect, /^MariaDB /);
        return true;
      },
    );
    assert.deepEqual(await userTables(fresh.db.url), []);
  });

  test('dbgen push prints one line, exits 1, no stack trace, changes nothing', async () => {
    compileDbml(fresh.db.dir, 'expression.dbml', WITH_EXPRESSION);
    const run = await runCli(
      ['push', '--schema', 'expression.dbml', '--url', fresh.db.url],
      fresh.db.dir,
    );
    assert.equal(run.code, 1, run.stdout);
    assert.deepEqual(errorLines(run.stderr).length, 1, run.stderr);
    assert.match(errorLines(run.stderr)[0] ?? '', REFUSAL);
    assert.equal(run.stdout, '');
    assert.deepEqual(await userTables(fresh.db.url), []);
  });

  test('dbgen sql --dialect mysql refuses likewise, printing no SQL', async () => {
    compileDbml(fresh.db.dir, 'expression.dbml', WITH_EXPRESSION);
    const run = await runCli(
      ['sql', '--dialect', 'mysql', '--schema', 'expression.dbml'],
      fresh.db.dir,
    );
    assert.equal(run.code, 1, run.stdout);
    assert.equal(run.stdout, '');
    assert.deepEqual(errorLines(run.stderr), [
      'error: index "users_email_lower_idx" on public.users: mysql (MariaDB or MySQL 8) has no expression indexes (MySQL has them from 8.0.13; index a generated column instead)',
    ]);
  });

  test('migrate up of a migration with the index stops before its first statement', async () => {
    compileDbml(fresh.db.dir, 'expression.dbml', WITH_EXPRESSION);
    // Written: MySQL 8.0.13+ has expression indexes, and `migrate new` has no server to ask.
    const written = await migrate(fresh.db.dir, fresh.db.url, [
      'new',
      'initial',
      '--schema',
      'expression.dbml',
    ]);
    assert.match(
      written.stderr,
      /^warning: index "users_email_lower_idx" on public\.users: mysql \(MariaDB or MySQL 8\) has no expression indexes .*; kept, as MySQL 8\.0\.13\+ has them/,
    );
    const run = await migrate(fresh.db.dir, fresh.db.url, ['up'], 1);
    assert.deepEqual(errorLines(run.stderr).length, 1, run.stderr);
    assert.match(errorLines(run.stderr)[0] ?? '', REFUSAL);
    // Refused before the history tables are made: the fresh database has no table at all.
    assert.deepEqual(await allTables(fresh.db.url), []);
  });

  test('migrate new for the URL refuses what no MySQL or MariaDB has, writing nothing', async () => {
    compileDbml(
      fresh.db.dir,
      'gist.dbml',
      SCHEMA('email [type: gist]').replace(" [name: 'users_email_lower_idx']", ''),
    );
    const before = readdirSync(join(fresh.db.dir, 'migrations'));
    const run = await migrate(
      fresh.db.dir,
      fresh.db.url,
      ['new', 'gist', '--schema', 'gist.dbml'],
      1,
    );
    assert.deepEqual(errorLines(run.stderr), [
      'error: index "users_email_idx" on public.users: mysql has no gist indexes',
    ]);
    assert.deepEqual(readdirSync(join(fresh.db.dir, 'migrations')), before);
  });

  test('the same schema without the expression index pushes, then has nothing to push', async () => {
    writeFileSync(join(fresh.db.dir, 'without.dbml'), WITHOUT);
    const first = await runCli(
      ['push', '--schema', 'without.dbml', '--url', fresh.db.url],
      fresh.db.dir,
    );
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual((await userTables(fresh.db.url)).sort(), ['posts', 'users']);
    // The text default is written `('none')` (MySQL wants an expression) and reads back equal.
    const again = await runCli(
      ['push', '--schema', 'without.dbml', '--url', fresh.db.url],
      fresh.db.dir,
    );
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /nothing to push/);
    const [row] = await query(
      fresh.db.url,
      "SELECT column_default AS d FROM information_schema.columns WHERE table_schema = database() AND table_name = 'users' AND column_name = 'bio'",
    );
    assert.equal(row?.d, "'none'");
  });

  test('migrate reset refuses before it drops anything', async () => {
    // The migrations folder holds the expression-index migration written above.
    const run = await migrate(fresh.db.dir, fresh.db.url, ['reset', '--yes'], 1);
    assert.match(errorLines(run.stderr).join('\n'), /has no expression indexes/);
    assert.deepEqual((await userTables(fresh.db.url)).sort(), ['posts', 'users']);
  });
});

describe('MariaDB: migrate up renders every pending migration before applying the first', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase('mysql');
  });
  after(async () => db.drop());

  test('a refused second migration keeps the first from running', async () => {
    compileDbml(db.dir, 'first.dbml', 'Table tags {\n  id integer [pk]\n}\n');
    await migrate(db.dir, db.url, ['new', 'tags', '--schema', 'first.dbml']);
    compileDbml(db.dir, 'second.dbml', `Table tags {\n  id integer [pk]\n}\n${WITH_EXPRESSION}`);
    await migrate(db.dir, db.url, ['new', 'users', '--schema', 'second.dbml']);
    const run = await migrate(db.dir, db.url, ['up'], 1);
    assert.match(errorLines(run.stderr)[0] ?? '', REFUSAL);
    assert.deepEqual(await allTables(db.url), []);
  });
});

describe('MariaDB: migrate down renders every migration it reverts before reverting the first', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase('mysql');
  });
  after(async () => db.drop());

  test('a refused down of the second migration to revert keeps the first from being reverted', async () => {
    compileDbml(db.dir, 'first.dbml', 'Table tags {\n  id integer [pk]\n}\n');
    await migrate(db.dir, db.url, ['new', 'tags', '--schema', 'first.dbml']);
    // A hand-edited down that MariaDB cannot run (it has no expression indexes).
    const dir = join(db.dir, 'migrations');
    const first = join(dir, readdirSync(dir).find((f) => f.endsWith('.js')) as string);
    const text = readFileSync(first, 'utf8');
    writeFileSync(
      first,
      text.replace(
        'export const down = (op) => [',
        "export const down = (op) => [\n  op.createIndex('tags', { name: 'tags_twice_idx', parts: [{ sql: 'id * 2' }] }),",
      ),
    );
    compileDbml(db.dir, 'second.dbml', `Table tags {\n  id integer [pk]\n}\n${WITHOUT}`);
    await migrate(db.dir, db.url, ['new', 'users', '--schema', 'second.dbml']);
    await migrate(db.dir, db.url, ['up']);
    const applied = await query(db.url, 'SELECT revision FROM dbgen_migrations');
    assert.equal(applied.length, 2);

    const run = await migrate(db.dir, db.url, ['down', 'base'], 1);
    assert.match(errorLines(run.stderr)[0] ?? '', /tags_twice_idx.*has no expression indexes/);
    assert.deepEqual(await query(db.url, 'SELECT revision FROM dbgen_migrations'), applied);
    assert.deepEqual((await userTables(db.url)).sort(), ['posts', 'tags', 'users']);
  });
});

/** `users` with `email` of `type`, indexed by `index`; `extra` goes in its indexes too. */
const INDEXED = (type: string, index = 'users_email_idx', extra = '') => `
Table users {
  id integer [pk]
  email ${type} [not null]
  bio text
  indexes {
    email [name: '${index}']
    ${extra}
  }
}
`;

const RETYPE_REFUSAL = (index: string): RegExp =>
  new RegExp(
    `^error: index "${index}" on public\\.users: mysql has no change of an indexed column to text, blob or json \\(column "email": .*; drop the index first and create it again after the change, or use varchar\\(n\\)\\)$`,
  );

/** `users.email`'s type as the server has it, and the prefix length its index keys. */
async function emailColumn(url: string): Promise<{ type: string; keyed: unknown }[]> {
  const rows = await query(
    url,
    "SELECT c.data_type AS type, s.sub_part AS keyed FROM information_schema.columns c JOIN information_schema.statistics s ON s.table_schema = c.table_schema AND s.table_name = c.table_name AND s.column_name = c.column_name WHERE c.table_schema = database() AND c.table_name = 'users' AND c.column_name = 'email'",
  );
  return rows.map((r) => ({ type: String(r['type']), keyed: r['keyed'] }));
}

describe('MariaDB: an indexed column changed to text is refused before any DDL runs', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase('mysql');
    await migratedTo(db, 'varchar.dbml', INDEXED('varchar(255)'));
  });
  after(async () => db.drop());

  test('push refuses, naming the index; the column and its index stay as they were', async () => {
    compileDbml(db.dir, 'text.dbml', INDEXED('text'));
    const run = await runCli(['push', '--schema', 'text.dbml', '--url', db.url], db.dir);
    assert.equal(run.code, 1, run.stdout);
    assert.equal(run.stdout, '');
    assert.deepEqual(errorLines(run.stderr).length, 1, run.stderr);
    assert.match(errorLines(run.stderr)[0] ?? '', RETYPE_REFUSAL('users_email_idx'));
    assert.deepEqual(await emailColumn(db.url), [{ type: 'varchar', keyed: null }]);
  });

  test('migrate new refuses it, writing nothing: no MySQL or MariaDB takes it', async () => {
    const before = readdirSync(join(db.dir, 'migrations'));
    const run = await migrate(db.dir, db.url, ['new', 'text', '--schema', 'text.dbml'], 1);
    assert.deepEqual(errorLines(run.stderr).length, 1, run.stderr);
    assert.match(errorLines(run.stderr)[0] ?? '', RETYPE_REFUSAL('users_email_idx'));
    assert.deepEqual(readdirSync(join(db.dir, 'migrations')), before);
  });

  test('migrate up of a hand-written migration doing it stops before its first statement', async () => {
    const file = await handWritten(
      db,
      'retype',
      "op.addColumn('users', { name: 'nickname', type: 'varchar(50)', nullable: true }), op.alterColumn('users', 'email', { type: 'text' })",
    );
    try {
      const run = await migrate(db.dir, db.url, ['up'], 1);
      assert.deepEqual(errorLines(run.stderr).length, 1, run.stderr);
      assert.match(errorLines(run.stderr)[0] ?? '', RETYPE_REFUSAL('users_email_idx'));
      const columns = await query(
        db.url,
        "SELECT column_name AS c FROM information_schema.columns WHERE table_schema = database() AND table_name = 'users' ORDER BY c",
      );
      assert.deepEqual(
        columns.map((r) => r['c']),
        ['bio', 'email', 'id'],
      );
      assert.equal((await query(db.url, 'SELECT revision FROM dbgen_migrations')).length, 1);
      assert.deepEqual(await emailColumn(db.url), [{ type: 'varchar', keyed: null }]);
    } finally {
      rmSync(file);
    }
  });

  test('with the index dropped first, the change applies; the index keys the first 255 characters', async () => {
    // Renamed: the migration drops the old index before the change and makes the new one after.
    compileDbml(db.dir, 'text-renamed.dbml', INDEXED('text', 'users_email_prefix_idx'));
    await migrate(db.dir, db.url, ['new', 'text', '--schema', 'text-renamed.dbml']);
    await migrate(db.dir, db.url, ['up']);
    assert.deepEqual(await emailColumn(db.url), [{ type: 'longtext', keyed: 255 }]);
  });

  test('back to varchar with the index kept: migrate new refuses (its down could not run)', async () => {
    compileDbml(db.dir, 'back.dbml', INDEXED('varchar(255)', 'users_email_prefix_idx'));
    const before = readdirSync(join(db.dir, 'migrations'));
    const run = await migrate(db.dir, db.url, ['new', 'back', '--schema', 'back.dbml'], 1);
    assert.match(errorLines(run.stderr)[0] ?? '', RETYPE_REFUSAL('users_email_prefix_idx'));
    assert.deepEqual(readdirSync(join(db.dir, 'migrations')), before);
  });

  test('migrate down that changes it to text under its index is refused before reverting anything', async () => {
    await handWritten(
      db,
      'back',
      "op.alterColumn('users', 'email', { type: 'varchar(255)' })",
      "op.alterColumn('users', 'email', { type: 'text' })",
    );
    await migrate(db.dir, db.url, ['up']);
    // MariaDB keys the varchar whole again.
    assert.deepEqual(await emailColumn(db.url), [{ type: 'varchar', keyed: null }]);
    const applied = await query(db.url, 'SELECT revision FROM dbgen_migrations');
    const run = await migrate(db.dir, db.url, ['down', 'base'], 1);
    assert.deepEqual(errorLines(run.stderr).length, 1, run.stderr);
    assert.match(errorLines(run.stderr)[0] ?? '', RETYPE_REFUSAL('users_email_prefix_idx'));
    assert.deepEqual(await query(db.url, 'SELECT revision FROM dbgen_migrations'), applied);
    assert.deepEqual(await emailColumn(db.url), [{ type: 'varchar', keyed: null }]);
  });

  test('an index and a unique key over a column already text: by a prefix, and hashed', async () => {
    compileDbml(
      db.dir,
      'bio.dbml',
      INDEXED(
        'varchar(255)',
        'users_email_prefix_idx',
        "bio [name: 'users_bio_idx']\n    bio [unique, name: 'users_bio_key']",
      ),
    );
    await migrate(db.dir, db.url, ['new', 'bio', '--schema', 'bio.dbml']);
    await migrate(db.dir, db.url, ['up']);
    const keys = await query(
      db.url,
      "SELECT index_name AS i, sub_part AS keyed, index_type AS kind FROM information_schema.statistics WHERE table_schema = database() AND table_name = 'users' AND column_name = 'bio' ORDER BY i",
    );
    assert.deepEqual(
      keys.map((r) => [r['i'], r['keyed'], r['kind']]),
      [
        ['users_bio_idx', 255, 'BTREE'],
        ['users_bio_key', null, 'HASH'],
      ],
    );
  });
});
