/**
 * The MySQL family's flavour and version decision (a pure function of `VERSION()`), and the
 * DDL rendered for each server: what MariaDB 10.11 and MySQL 8 lack is refused by name,
 * what they have is rendered. No MySQL 8 server runs here, so both are tested without one.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UnsupportedFeatureError, type SchemaIR, type TableIR } from '@dbgen/runtime';
import { mysqlDdl, mysqlDdlFor } from '../../../packages/runtime/src/dialects/mysql/ddl.js';
import {
  mysqlFeatures,
  mysqlServerOf,
  PORTABLE_MYSQL_FEATURES,
} from '../../../packages/runtime/src/dialects/mysql/server.js';
import { renderOperations, type DdlDialect } from '../../../packages/runtime/src/schema/render.js';
import { column, columnType, foreignKey, id, index, schema, table } from '../../support/ir.js';

const ddlOf = (version: string): DdlDialect => mysqlDdlFor(mysqlFeatures(mysqlServerOf(version)));

const MARIADB = ddlOf('10.11.19-MariaDB-0+deb12u1');
const MYSQL = ddlOf('8.0.36');

/** The statements creating `tables` from an empty database. */
function create(ddl: DdlDialect, ...tables: TableIR[]): string[] {
  const ops = tables.map((t) => ({ kind: 'createTable' as const, table: t }));
  return renderOperations(ops, ddl, schema([])).steps.flatMap((s) => s.statements);
}

/** Asserts rendering refuses with an UnsupportedFeatureError whose message matches. */
function refuses(render: () => unknown, message: RegExp): void {
  assert.throws(render, (error: unknown) => {
    assert.ok(error instanceof UnsupportedFeatureError, String(error));
    assert.match(error.message, message);
    return true;
  });
}

const users = (...indexes: TableIR['indexes'][number][]): TableIR =>
  table('users', [id(), column('email', 'varchar(255)'), column('bio', 'text')], { indexes });

const lowerEmail = index([{ kind: 'expression', sql: 'lower(email)' }], {
  name: 'users_email_lower_idx',
});

describe('mysqlServerOf', () => {
  test('reads the flavour and version of MariaDB, MySQL and a MariaDB behind an old proxy', () => {
    assert.deepEqual(mysqlServerOf('10.11.19-MariaDB-0+deb12u1'), {
      flavour: 'mariadb',
      version: [10, 11, 19],
    });
    assert.deepEqual(mysqlServerOf('8.0.36'), { flavour: 'mysql', version: [8, 0, 36] });
    assert.deepEqual(mysqlServerOf('8.4.0-commercial'), { flavour: 'mysql', version: [8, 4, 0] });
    assert.deepEqual(mysqlServerOf('5.5.5-10.6.4-MariaDB-log'), {
      flavour: 'mariadb',
      version: [10, 6, 4],
    });
    // No version in the text: no version-dependent feature is assumed.
    assert.deepEqual(mysqlServerOf('unknown'), { flavour: 'mysql', version: [0, 0, 0] });
  });
});

describe('mysqlFeatures', () => {
  test('MariaDB: no expression indexes; whole-value unique keys from 10.4; JSON indexable', () => {
    const mariadb = mysqlFeatures(mysqlServerOf('10.11.19-MariaDB'));
    assert.equal(mariadb.server, 'MariaDB 10.11.19');
    assert.equal(mariadb.expressionIndexes, false);
    assert.equal(mariadb.wholeValueUniqueKeys, true);
    assert.equal(mariadb.jsonIndexes, true);
    assert.equal(mariadb.checkConstraints, true);
    assert.equal(mysqlFeatures(mysqlServerOf('10.3.39-MariaDB')).wholeValueUniqueKeys, false);
  });

  test('MySQL: expression indexes from 8.0.13, checks from 8.0.16, DROP CONSTRAINT from 8.0.19', () => {
    const at = (v: string) => mysqlFeatures(mysqlServerOf(v));
    assert.equal(at('8.0.12').expressionIndexes, false);
    assert.equal(at('8.0.13').expressionIndexes, true);
    assert.equal(at('8.0.15').checkConstraints, false);
    assert.equal(at('8.0.16').checkConstraints, true);
    assert.equal(at('8.0.18').dropCheck, 'CHECK');
    assert.equal(at('8.0.19').dropCheck, 'CONSTRAINT');
    assert.equal(at('9.1.0').expressionIndexes, true);
    assert.equal(at('8.0.36').wholeValueUniqueKeys, false);
    assert.equal(at('8.0.36').jsonIndexes, false);
  });

  test('without a server: only what both flavours have', () => {
    const both = [
      mysqlFeatures(mysqlServerOf('10.11.0-MariaDB')),
      mysqlFeatures(mysqlServerOf('8.0.19')),
    ];
    for (const key of [
      'expressionIndexes',
      'wholeValueUniqueKeys',
      'jsonIndexes',
      'checkConstraints',
    ] as const)
      assert.equal(
        PORTABLE_MYSQL_FEATURES[key],
        both.every((f) => f[key]),
        key,
      );
  });
});

describe('DDL per server', () => {
  test('an expression index: rendered for MySQL 8.0.13+, refused on MariaDB, MySQL 8.0.12 and offline', () => {
    const statements = create(MYSQL, users(lowerEmail));
    assert.equal(statements[1], 'CREATE INDEX `users_email_lower_idx` ON `users` ((lower(email)))');
    const where = /^index "users_email_lower_idx" on public\.users: /;
    refuses(
      () => create(MARIADB, users(lowerEmail)),
      new RegExp(`${where.source}MariaDB 10\\.11\\.19 has no expression indexes`),
    );
    refuses(
      () => create(ddlOf('8.0.12'), users(lowerEmail)),
      /MySQL 8\.0\.12 has no expression indexes/,
    );
    refuses(
      () => create(mysqlDdl, users(lowerEmail)),
      /mysql \(MariaDB or MySQL 8\) has no expression indexes/,
    );
  });

  test('a unique key over a whole text value: MariaDB hashes it, MySQL is refused (a prefix would bend uniqueness)', () => {
    const bio = index(['bio'], { name: 'users_bio_key', unique: true });
    assert.match(
      create(MARIADB, users(bio))[1] ?? '',
      /^CREATE UNIQUE INDEX `users_bio_key` ON `users` \(`bio`\)$/,
    );
    refuses(
      () => create(MYSQL, users(bio)),
      /index "users_bio_key" on public\.users: MySQL 8\.0\.36 has no unique keys over whole text.*column "bio"/,
    );
    const constraint = { ...users(), uniques: [{ name: 'users_bio_unique', columns: ['bio'] }] };
    refuses(
      () => create(MYSQL, constraint),
      /unique "users_bio_unique" on public\.users: MySQL 8\.0\.36/,
    );
    assert.equal(create(MARIADB, constraint).length, 1);
  });

  test('a JSON column: indexed by a prefix on MariaDB, refused on MySQL', () => {
    const docs = table('docs', [id(), column('body', 'json')], {
      indexes: [index(['body'], { name: 'docs_body_idx' })],
    });
    assert.match(create(MARIADB, docs)[1] ?? '', /\(`body`\(255\)\)/);
    refuses(
      () => create(MYSQL, docs),
      /index "docs_body_idx" on public\.docs: MySQL 8\.0\.36 has no indexes over json columns/,
    );
  });

  test('refused on every server: a text primary key, SET DEFAULT, GiST, partial and covering indexes', () => {
    for (const ddl of [MARIADB, MYSQL, mysqlDdl]) {
      refuses(
        () => create(ddl, table('tags', [column('name', 'text', { primaryKey: true })])),
        /^primary key of public\.tags: mysql has no primary keys over text.*column "name"/,
      );
      const posts = table(
        'posts',
        [id(), column('user_id', 'integer', { default: { kind: 'number', value: 0 } })],
        {
          foreignKeys: [
            foreignKey(['user_id'], 'users', ['id'], {
              name: 'posts_user_fk',
              onDelete: 'set default',
            }),
          ],
        },
      );
      refuses(
        () => create(ddl, users(), posts),
        /^foreign key "posts_user_fk" on public\.posts: mysql has no ON DELETE \/ ON UPDATE SET DEFAULT/,
      );
      refuses(
        () => create(ddl, users(index(['email'], { name: 'g', type: 'gist' }))),
        /mysql has no gist indexes/,
      );
      refuses(
        () => create(ddl, users(index(['email'], { name: 'p', where: 'bio IS NULL' }))),
        /mysql has no partial indexes \(WHERE\)/,
      );
      refuses(
        () => create(ddl, users(index(['email'], { name: 'c', include: ['bio'] }))),
        /mysql has no covering indexes \(INCLUDE\)/,
      );
      // HASH is InnoDB's B-tree under another name: same answers, accepted.
      assert.match(
        create(ddl, users(index(['email'], { name: 'h', type: 'hash' })))[1] ?? '',
        /USING HASH$/,
      );
    }
  });

  test('checks: refused before MySQL 8.0.16 (ignored there), dropped with DROP CHECK before 8.0.19', () => {
    const checked = {
      ...users(),
      checks: [{ name: 'users_email_check', expression: "email <> ''" }],
    };
    refuses(
      () => create(ddlOf('8.0.15'), checked),
      /^check "users_email_check" on public\.users: MySQL 8\.0\.15 has no enforced check constraints/,
    );
    assert.equal(create(ddlOf('8.0.16'), checked).length, 1);
    const before: SchemaIR = schema([checked]);
    const drop = { kind: 'dropCheck' as const, table: checked.key, name: 'users_email_check' };
    const dropped = (ddl: DdlDialect) => renderOperations([drop], ddl, before).steps[0]?.statements;
    assert.deepEqual(dropped(ddlOf('8.0.16')), [
      'ALTER TABLE `users` DROP CHECK `users_email_check`',
    ]);
    assert.deepEqual(dropped(MARIADB), ['ALTER TABLE `users` DROP CONSTRAINT `users_email_check`']);
  });

  test('retyping an indexed column to text, bytes or json: refused on every server; a retype the keys follow is rendered', () => {
    const indexed = users(index(['email'], { name: 'users_email_idx' }));
    const retype =
      (type: string, from: TableIR = indexed) =>
      (ddl: DdlDialect) =>
        renderOperations(
          [{ kind: 'alterColumn', table: from.key, column: 'email', type: columnType(type) }],
          ddl,
          schema([from]),
        );
    for (const ddl of [MARIADB, MYSQL, mysqlDdl]) {
      for (const type of ['text', 'bytes', 'json', 'varchar(20)[]'])
        refuses(
          () => retype(type)(ddl),
          /^index "users_email_idx" on public\.users: mysql has no change of an indexed column to text, blob or json \(column "email": .*drop the index first and create it again after the change, or use varchar\(n\)\)$/,
        );
      // A longer varchar is keyed whole as before; an unindexed column is free to change.
      assert.equal(retype('varchar(500)')(ddl).steps.length, 1);
      assert.equal(retype('text', users())(ddl).steps.length, 1);
      // Already text, so already keyed by a prefix: MODIFY keeps it.
      const bio = users(index(['bio'], { name: 'users_bio_idx' }));
      const loosened = renderOperations(
        [{ kind: 'alterColumn', table: bio.key, column: 'bio', nullable: true }],
        ddl,
        schema([bio]),
      );
      assert.match(loosened.steps[0]?.statements[0] ?? '', /MODIFY COLUMN `bio` LONGTEXT NULL/);
    }
    // A unique key: MariaDB hashes the whole value (as it does for a new one), MySQL refuses.
    const unique = { ...users(), uniques: [{ name: 'users_email_key', columns: ['email'] }] };
    assert.equal(retype('text', unique)(MARIADB).steps.length, 1);
    refuses(
      () => retype('text', unique)(MYSQL),
      /^unique "users_email_key" on public\.users: MySQL 8\.0\.36 has no unique keys over whole text/,
    );
    // The index dropped first (as a migration made from the schema does when it changes too).
    const dropFirst = renderOperations(
      [
        { kind: 'dropIndex', table: indexed.key, name: 'users_email_idx' },
        { kind: 'alterColumn', table: indexed.key, column: 'email', type: columnType('text') },
        {
          kind: 'createIndex',
          table: indexed.key,
          index: { ...index(['email']), name: 'users_email_idx' },
        },
      ],
      MYSQL,
      schema([indexed]),
    );
    assert.equal(
      dropFirst.steps[2]?.statements[0],
      'CREATE INDEX `users_email_idx` ON `users` (`email`(255))',
    );
  });

  test('a literal default on a text or json column is an expression, as MySQL requires', () => {
    const notes = table('notes', [
      id(),
      column('body', 'text', { default: { kind: 'string', value: "it's" } }),
      column('tags', 'json', { default: { kind: 'string', value: '[]' } }),
      column('title', 'varchar(20)', { default: { kind: 'string', value: 'x' } }),
    ]);
    const [sql] = create(MYSQL, notes);
    assert.match(sql ?? '', /`body` LONGTEXT NOT NULL DEFAULT \('it''s'\)/);
    assert.match(sql ?? '', /`tags` JSON NOT NULL DEFAULT \('\[\]'\)/);
    assert.match(sql ?? '', /`title` VARCHAR\(20\) NOT NULL DEFAULT 'x'/);
  });
});
