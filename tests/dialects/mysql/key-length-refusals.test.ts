/**
 * Keys too long for InnoDB are refused before any DDL runs (issue 16): an index, a unique
 * key on MySQL, or a primary key over more than 3,072 bytes failed with error 1071 after
 * the migration's earlier statements had committed. Each refused case is shown to fail on
 * the server without the refusal; one just under the limit is applied; MariaDB's hashed
 * long unique key is pushed; a varchar lengthened under its index is refused by push,
 * `migrate up` and `migrate down` alike, leaving the database as it was.
 */
import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pushSchema, UnsupportedFeatureError } from '@dbgen/runtime';
import { createTestDatabase, type TestDatabase } from '../../migrate/support/databases.js';
import { migrationDatabase } from '../../support/migration-database.js';
import { migrate, query, runCli } from '../../migrate/support/run.js';
import { compileDbml } from '../../migrate/schema-depth/support.js';
import { errorLines, handWritten, migratedTo, userTables } from './support/refused-run.js';

/** `authors` first (the statement that used to commit), then `things` keyed by `key`. */
const SCHEMA = (columns: string, key: string) => `
Table authors {
  id integer [pk]
}

Table things {
  ${columns}
  indexes {
    ${key}
  }
}
`;

/** Refused cases: the DBML, what the server does with dbgen's SQL for it, the message. */
const REFUSED = [
  {
    name: 'an index over varchar(500) and varchar(300)',
    dbml: SCHEMA(
      'id integer [pk]\n  a varchar(500)\n  b varchar(300)',
      "(a, b) [name: 'things_ab_idx']",
    ),
    sql: 'CREATE INDEX `things_ab_idx` ON `things` (`a`, `b`)',
    message:
      /^index "things_ab_idx" on public\.things: mysql has no indexes longer than 3072 bytes \(3200 bytes: "a" varchar\(500\) 2000, "b" varchar\(300\) 1200;/,
  },
  {
    name: 'an index over varchar(768) and an integer',
    dbml: SCHEMA(
      'id integer [pk]\n  a varchar(768)\n  b integer',
      "(a, b) [name: 'things_ab_idx']",
    ),
    sql: 'CREATE INDEX `things_ab_idx` ON `things` (`a`, `b`)',
    message:
      /has no indexes longer than 3072 bytes \(3076 bytes: "a" varchar\(768\) 3072, "b" integer 4;/,
  },
  {
    name: 'an index over four text columns (255-character prefixes)',
    dbml: SCHEMA(
      'id integer [pk]\n  a text\n  b text\n  c text\n  d text',
      "(a, b, c, d) [name: 'things_abcd_idx']",
    ),
    sql: 'CREATE INDEX `things_abcd_idx` ON `things` (`a`(255), `b`(255), `c`(255), `d`(255))',
    message:
      /has no indexes longer than 3072 bytes \(4080 bytes: "a" text by its first 255 characters 1020,/,
  },
  {
    name: 'a primary key over varchar(500) and varchar(300)',
    dbml: SCHEMA('a varchar(500)\n  b varchar(300)', '(a, b) [pk]'),
    sql: 'ALTER TABLE `things` ADD PRIMARY KEY (`a`, `b`)',
    message:
      /^primary key of public\.things: mysql has no primary keys longer than 3072 bytes \(3200 bytes:/,
  },
] as const;

describe('MariaDB: a key too long for InnoDB is refused before any DDL runs', () => {
  const fresh = migrationDatabase('mysql');

  test('without the refusal, each fails on the server with error 1071', async () => {
    for (const c of REFUSED) {
      await fresh.connection.query(
        'CREATE TABLE `things` (`a` VARCHAR(500) NOT NULL, `b` VARCHAR(300) NOT NULL, `c` LONGTEXT, `d` LONGTEXT) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin',
      );
      if (c.name.includes('768'))
        await fresh.connection.query(
          'ALTER TABLE `things` MODIFY `a` VARCHAR(768), MODIFY `b` INT',
        );
      if (c.name.includes('text'))
        await fresh.connection.query(
          'ALTER TABLE `things` MODIFY `a` LONGTEXT, MODIFY `b` LONGTEXT',
        );
      await assert.rejects(
        fresh.connection.query(c.sql),
        /Specified key was too long; max key length is 3072 bytes/,
        c.name,
      );
      await fresh.connection.query('DROP TABLE `things`');
    }
  });

  test('pushSchema refuses each, naming the key and its bytes; no table is created', async () => {
    for (const c of REFUSED) {
      const ir = compileDbml(fresh.db.dir, 'long.dbml', c.dbml);
      await assert.rejects(
        pushSchema({ connection: fresh.connection, schema: ir, force: true }),
        (error) => {
          assert.ok(error instanceof UnsupportedFeatureError, String(error));
          assert.match(error.message, c.message, c.name);
          assert.match(error.message, /use a shorter varchar\(n\) or fewer columns/);
          return true;
        },
      );
      assert.deepEqual(await userTables(fresh.db.url), [], c.name);
    }
  });

  test('dbgen push prints one line and exits 1', async () => {
    compileDbml(fresh.db.dir, 'long.dbml', REFUSED[0].dbml);
    const run = await runCli(
      ['push', '--schema', 'long.dbml', '--url', fresh.db.url],
      fresh.db.dir,
    );
    assert.equal(run.code, 1, run.stdout);
    assert.equal(errorLines(run.stderr).length, 1, run.stderr);
    assert.match(
      errorLines(run.stderr)[0] ?? '',
      /^error: index "things_ab_idx" on public\.things: /,
    );
    assert.deepEqual(await userTables(fresh.db.url), []);
  });

  test('just under the limit, and a long unique key MariaDB hashes: pushed and made', async () => {
    compileDbml(
      fresh.db.dir,
      'fits.dbml',
      SCHEMA(
        'id integer [pk]\n  a varchar(500)\n  b varchar(268)\n  c text\n  d text\n  e text\n  f varchar(3)\n  g varchar(1000)',
        "(a, b) [name: 'things_ab_idx']\n    (c, d, e, f) [name: 'things_cdef_idx']\n    g [unique, name: 'things_g_key']",
      ),
    );
    const run = await runCli(
      ['push', '--schema', 'fits.dbml', '--url', fresh.db.url],
      fresh.db.dir,
    );
    assert.equal(run.code, 0, run.stderr);
    const keys = await query(
      fresh.db.url,
      "SELECT index_name AS i, COUNT(*) AS n, MAX(index_type) AS kind FROM information_schema.statistics WHERE table_schema = database() AND table_name = 'things' GROUP BY index_name ORDER BY index_name",
    );
    assert.deepEqual(
      keys.map((r) => [r['i'], Number(r['n']), r['kind']]),
      [
        ['PRIMARY', 1, 'BTREE'],
        ['things_ab_idx', 2, 'BTREE'],
        ['things_cdef_idx', 4, 'BTREE'],
        ['things_g_key', 1, 'HASH'],
      ],
    );
  });

  test('migrate new keeps the long unique key with a warning: MySQL lacks it, MariaDB hashes it', async () => {
    const scratch = await createTestDatabase('mysql');
    try {
      compileDbml(
        scratch.dir,
        'unique.dbml',
        SCHEMA('id integer [pk]\n  g varchar(1000)', "g [unique, name: 'things_g_key']"),
      );
      const run = await migrate(scratch.dir, scratch.url, [
        'new',
        'initial',
        '--schema',
        'unique.dbml',
      ]);
      assert.match(
        run.stderr,
        /^warning: index "things_g_key" on public\.things: mysql \(MariaDB or MySQL 8\) has no unique keys longer than 3072 bytes .*; kept, as MariaDB 10\.4\+ has them/,
      );
      await migrate(scratch.dir, scratch.url, ['up']);
      assert.deepEqual((await userTables(scratch.url)).sort(), ['authors', 'things']);
    } finally {
      await scratch.drop();
    }
  });
});

/** `things.a` and `things.b` as the server has them. */
async function columnTypes(url: string): Promise<string[]> {
  const rows = await query(
    url,
    "SELECT column_type AS t FROM information_schema.columns WHERE table_schema = database() AND table_name = 'things' AND column_name IN ('a', 'b') ORDER BY column_name",
  );
  return rows.map((r) => String(r['t']));
}

describe('MariaDB: a varchar lengthened under its index past the limit is refused', () => {
  let db: TestDatabase;
  const indexed = (a: string) =>
    SCHEMA(`id integer [pk]\n  a ${a}\n  b varchar(200)`, "(a, b) [name: 'things_ab_idx']");
  before(async () => {
    db = await createTestDatabase('mysql');
    await migratedTo(db, 'short.dbml', indexed('varchar(500)'));
  });
  after(async () => db.drop());

  test('without the refusal, MODIFY COLUMN fails with error 1071', async () => {
    await query(
      db.url,
      'CREATE TABLE probe (a VARCHAR(500), b VARCHAR(200), INDEX (a, b)) DEFAULT CHARSET=utf8mb4',
    );
    await assert.rejects(
      query(db.url, 'ALTER TABLE probe MODIFY a VARCHAR(600)'),
      /Specified key was too long/,
    );
    await query(db.url, 'DROP TABLE probe');
  });

  test('push and migrate new refuse it; the column stays as it was', async () => {
    compileDbml(db.dir, 'long.dbml', indexed('varchar(600)'));
    const pushed = await runCli(['push', '--schema', 'long.dbml', '--url', db.url], db.dir);
    assert.equal(pushed.code, 1, pushed.stdout);
    assert.match(
      errorLines(pushed.stderr)[0] ?? '',
      /^error: index "things_ab_idx" on public\.things: mysql has no indexes longer than 3072 bytes \(3200 bytes: "a" varchar\(600\) 2400, "b" varchar\(200\) 800;/,
    );
    const before = readdirSync(join(db.dir, 'migrations'));
    await migrate(db.dir, db.url, ['new', 'long', '--schema', 'long.dbml'], 1);
    assert.deepEqual(readdirSync(join(db.dir, 'migrations')), before);
    assert.deepEqual(await columnTypes(db.url), ['varchar(500)', 'varchar(200)']);
  });

  test('migrate up of a hand-written migration doing it stops before its first statement', async () => {
    const file = await handWritten(
      db,
      'lengthen',
      "op.addColumn('things', { name: 'note', type: 'varchar(50)', nullable: true }), op.alterColumn('things', 'a', { type: 'varchar(600)' })",
    );
    try {
      const run = await migrate(db.dir, db.url, ['up'], 1);
      assert.equal(errorLines(run.stderr).length, 1, run.stderr);
      assert.match(
        errorLines(run.stderr)[0] ?? '',
        /things_ab_idx.*has no indexes longer than 3072 bytes/,
      );
      const note = await query(
        db.url,
        "SELECT 1 FROM information_schema.columns WHERE table_schema = database() AND table_name = 'things' AND column_name = 'note'",
      );
      assert.deepEqual(note, []);
      assert.deepEqual(await columnTypes(db.url), ['varchar(500)', 'varchar(200)']);
    } finally {
      rmSync(file);
    }
  });

  test('a lengthening that still fits applies; a down lengthening past it is refused first', async () => {
    await handWritten(
      db,
      'fits',
      "op.alterColumn('things', 'a', { type: 'varchar(568)' })",
      "op.alterColumn('things', 'a', { type: 'varchar(600)' })",
    );
    await migrate(db.dir, db.url, ['up']);
    assert.deepEqual(await columnTypes(db.url), ['varchar(568)', 'varchar(200)']);
    const applied = await query(db.url, 'SELECT revision FROM dbgen_migrations');
    const run = await migrate(db.dir, db.url, ['down', 'base'], 1);
    assert.match(
      errorLines(run.stderr)[0] ?? '',
      /things_ab_idx.*has no indexes longer than 3072 bytes/,
    );
    assert.deepEqual(await query(db.url, 'SELECT revision FROM dbgen_migrations'), applied);
    assert.deepEqual(await columnTypes(db.url), ['varchar(568)', 'varchar(200)']);
  });
});
