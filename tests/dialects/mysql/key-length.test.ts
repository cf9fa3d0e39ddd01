/**
 * The key lengths dbgen counts on MySQL/MariaDB (issue 16): InnoDB fails a key over 3,072
 * bytes (error 1071) after the migration's earlier statements committed, so the renderer
 * refuses it first. Each type's size is checked against the real server: beside a VARBINARY
 * of 3,072 - size bytes it keys, one byte more fails with 1071. Then the refusals for each
 * server: a non-unique index and a primary key everywhere, a unique key on MySQL only
 * (MariaDB 10.4+ hashes it), each just under the limit rendered. An ENUM is 1 byte up to
 * 255 values and 2 past them: a key over one is sized by its values, and adding the 256th
 * value under a key at the limit is refused.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  UnsupportedFeatureError,
  type ColumnTypeIR,
  type EnumIR,
  type TableIR,
} from '@dbgen/runtime';
import { mysqlType } from '../../../packages/runtime/src/dialects/mysql/column-definition.js';
import { mysqlDdl, mysqlDdlFor } from '../../../packages/runtime/src/dialects/mysql/ddl.js';
import { keyPartBytes } from '../../../packages/runtime/src/dialects/mysql/key-length.js';
import {
  mysqlFeatures,
  mysqlServerOf,
} from '../../../packages/runtime/src/dialects/mysql/server.js';
import { renderOperations, type DdlDialect } from '../../../packages/runtime/src/schema/render.js';
import {
  column,
  columnType,
  enumColumnType,
  enumeration,
  index,
  schema,
  table,
} from '../../support/ir.js';
import { migrationDatabase } from '../../support/migration-database.js';

const ddlOf = (version: string): DdlDialect => mysqlDdlFor(mysqlFeatures(mysqlServerOf(version)));
const MARIADB = ddlOf('10.11.19-MariaDB-0+deb12u1');
const MYSQL = ddlOf('8.0.36');
const SERVERS: readonly DdlDialect[] = [MARIADB, MYSQL, mysqlDdl];

/** Each type as written in DBML, and the bytes InnoDB counts for it in a key. */
const SIZES: readonly (readonly [string, number])[] = [
  ['smallint', 2],
  ['integer', 4],
  ['bigint', 8],
  ['real', 4],
  ['double', 8],
  ['boolean', 1],
  ['date', 3],
  ['time', 6],
  ['time(3)', 5],
  ['time(6)', 6],
  ['timestamp', 8],
  ['timestamptz(3)', 7],
  ['timestamp(0)', 5],
  ['uuid', 144],
  ['interval', 256],
  ['char', 4],
  ['char(10)', 40],
  ['varchar', 1020],
  ['varchar(100)', 400],
  ['decimal(10,2)', 5],
  ['decimal(18,0)', 8],
  ['decimal(19,4)', 9],
  ['decimal(5,5)', 3],
  ['decimal', 30],
];
const MOOD = enumeration('mood', ['sad', 'ok', 'happy']);
/** Enums of `n` values `v0`..: 255 is the most an ENUM keeps in 1 byte. */
const valued = (name: string, n: number) =>
  enumeration(
    name,
    Array.from({ length: n }, (_, i) => `v${i}`),
  );
const WIDEST_1_BYTE = valued('wide255', 255);
const NARROWEST_2_BYTE = valued('wide256', 256);
const ENUMS = [MOOD, WIDEST_1_BYTE, NARROWEST_2_BYTE];

describe('MariaDB: the bytes dbgen counts for each type are what InnoDB counts', () => {
  const fresh = migrationDatabase('mysql');

  /** Whether a key over a VARBINARY of `filler` bytes and a column of `sqlType` is made. */
  async function keys(filler: number, sqlType: string): Promise<boolean> {
    await fresh.connection.query('DROP TABLE IF EXISTS sized');
    await fresh.connection.query(
      `CREATE TABLE sized (f VARBINARY(${filler}), c ${sqlType}) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
    );
    try {
      await fresh.connection.query('CREATE INDEX sized_idx ON sized (f, c)');
      return true;
    } catch (error) {
      assert.match(String(error), /Specified key was too long; max key length is 3072 bytes/);
      return false;
    }
  }

  test('each type: keyed at 3,072 bytes in all, refused by the server (1071) at one more', async () => {
    const state = schema([], ENUMS);
    const types = [
      ...SIZES.map(([written, bytes]) => [written, columnType(written), bytes] as const),
      ['mood (enum of 3 values)', enumColumnType('mood'), 1] as const,
      ['wide255 (enum of 255 values)', enumColumnType('wide255'), 1] as const,
      ['wide256 (enum of 256 values)', enumColumnType('wide256'), 2] as const,
    ];
    for (const [written, type, bytes] of types) {
      assert.equal(keyPartBytes(type, false, state), bytes, written);
      const sqlType = mysqlType(type, state);
      assert.equal(await keys(3072 - bytes, sqlType), true, `${written} at the limit`);
      assert.equal(await keys(3073 - bytes, sqlType), false, `${written} one byte over`);
    }
  });

  test('an index over an enum of 256 values as dbgen renders it: made at 3,072 bytes, refused at 3,073', async () => {
    const wide = enumColumnType('wide256');
    // 3,068 + 2 + 2 bytes: keyed.
    const at = things(['varchar(767)', wide, 'smallint'], 'index');
    for (const statement of create(MARIADB, at, ENUMS)) await fresh.connection.query(statement);
    await fresh.connection.query('DROP TABLE things');
    // 3,068 + 2 + 3 bytes: dbgen refuses it, and the server fails the same index with 1071.
    const over = things(['varchar(767)', wide, 'date'], 'index');
    refuses(
      () => create(MARIADB, over, ENUMS),
      /^index "things_key" on public\.things: mysql has no indexes longer than 3072 bytes \(3073 bytes: "a" varchar\(767\) 3068, "b" wide256 2, "c" date 3;/,
    );
    const [table] = create(MARIADB, { ...over, indexes: [] }, ENUMS);
    await fresh.connection.query(table ?? '');
    await assert.rejects(
      fresh.connection.query('CREATE INDEX things_key ON things (a, b, c)'),
      /Specified key was too long; max key length is 3072 bytes/,
    );
    await fresh.connection.query('DROP TABLE things');
  });

  test('the 256th value of an enum under an index at the limit: refused by dbgen and the server', async () => {
    // 3,068 + 1 + 3 bytes: keyed, until the enum takes 2 bytes.
    const full = things(['varchar(767)', enumColumnType('wide255'), 'date'], 'index');
    for (const statement of create(MARIADB, full, ENUMS)) await fresh.connection.query(statement);
    refuses(
      () => renderOperations([ADD_256TH], MARIADB, schema([full], ENUMS)),
      /^index "things_key" on public\.things: mysql has no indexes longer than 3072 bytes \(3073 bytes: "a" varchar\(767\) 3068, "b" wide255 2, "c" date 3;/,
    );
    const [modify] = renderOperations(
      [ADD_256TH],
      MARIADB,
      schema([things(['varchar(767)', enumColumnType('wide255'), 'smallint'], 'index')], ENUMS),
    ).steps.flatMap((s) => s.statements);
    assert.match(
      modify ?? '',
      /^ALTER TABLE `things` MODIFY COLUMN `b` ENUM\('v0', .*, 'v255'\) NULL$/,
    );
    await assert.rejects(
      fresh.connection.query(modify ?? ''),
      /Specified key was too long; max key length is 3072 bytes/,
    );
    await fresh.connection.query('DROP TABLE things');
  });

  test('a text, json or bytes column in an index counts its 255-character prefix', async () => {
    const state = schema([]);
    assert.equal(keyPartBytes(columnType('text'), true, state), 1020);
    assert.equal(keyPartBytes(columnType('json'), true, state), 1020);
    assert.equal(keyPartBytes(columnType('integer[]'), true, state), 1020);
    assert.equal(keyPartBytes(columnType('bytes'), true, state), 255);
    for (const [sqlType, bytes] of [
      ['LONGTEXT', 1020],
      ['JSON', 1020],
      ['LONGBLOB', 255],
    ] as const) {
      await fresh.connection.query('DROP TABLE IF EXISTS sized');
      await fresh.connection.query(
        `CREATE TABLE sized (f VARBINARY(3072), c ${sqlType}) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
      );
      await fresh.connection.query(`ALTER TABLE sized MODIFY f VARBINARY(${3072 - bytes})`);
      await fresh.connection.query('CREATE INDEX sized_idx ON sized (f, c(255))');
      await fresh.connection.query(
        `ALTER TABLE sized DROP INDEX sized_idx, MODIFY f VARBINARY(${3073 - bytes})`,
      );
      await assert.rejects(
        fresh.connection.query('CREATE INDEX sized_idx ON sized (f, c(255))'),
        /Specified key was too long/,
      );
    }
  });
});

/** Asserts rendering refuses with an UnsupportedFeatureError whose message matches. */
function refuses(render: () => unknown, message: RegExp, availableOn?: string): void {
  assert.throws(render, (error: unknown) => {
    assert.ok(error instanceof UnsupportedFeatureError, String(error));
    assert.match(error.message, message);
    assert.equal(error.availableOn, availableOn);
    return true;
  });
}

/** The statements creating `t` from a database with `enums` only. */
function create(ddl: DdlDialect, t: TableIR, enums: readonly EnumIR[] = []): string[] {
  return renderOperations(
    [{ kind: 'createTable', table: t }],
    ddl,
    schema([], enums),
  ).steps.flatMap((s) => s.statements);
}

/** The value that makes `wide255` an enum of 256 values. */
const ADD_256TH = {
  kind: 'addEnumValue',
  enum: { schema: 'public', name: 'wide255' },
  value: 'v255',
} as const;

/** `things` with columns a..d of `types`, indexed (or unique, or keyed) over all of them. */
function things(
  types: readonly (string | ColumnTypeIR)[],
  key: 'index' | 'unique' | 'primary',
): TableIR {
  const names = types.map((_, i) => String.fromCharCode(97 + i));
  const columns = types.map((t, i) =>
    column(names[i] ?? '', t, { primaryKey: key === 'primary', nullable: key !== 'primary' }),
  );
  if (key === 'primary') return table('things', columns);
  return table('things', [column('id', 'integer', { primaryKey: true }), ...columns], {
    indexes: [index(names, { name: 'things_key', unique: key === 'unique' })],
  });
}

describe('DDL per server: keys longer than 3,072 bytes', () => {
  test('an index: refused on every server, naming columns, bytes and the way forward', () => {
    for (const ddl of SERVERS) {
      refuses(
        () => create(ddl, things(['varchar(500)', 'varchar(300)'], 'index')),
        /^index "things_key" on public\.things: mysql has no indexes longer than 3072 bytes \(3200 bytes: "a" varchar\(500\) 2000, "b" varchar\(300\) 1200; .*use a shorter varchar\(n\) or fewer columns, as DBML has no prefix indexes\)$/,
      );
      refuses(
        () => create(ddl, things(['varchar(768)', 'integer'], 'index')),
        /3076 bytes: "a" varchar\(768\) 3072, "b" integer 4;/,
      );
      refuses(
        () => create(ddl, things(['text', 'text', 'text', 'text'], 'index')),
        /4080 bytes: "a" text by its first 255 characters 1020, /,
      );
      // One varchar alone: MariaDB would key a 768-character prefix of it, silently.
      refuses(
        () => create(ddl, things(['varchar(769)'], 'index')),
        /indexes longer than 3072 bytes \(3076 bytes: .*MariaDB silently keys a 768-character prefix instead/,
      );
      assert.equal(create(ddl, things(['varchar(500)', 'varchar(268)'], 'index')).length, 2);
      assert.equal(create(ddl, things(['text', 'text', 'text', 'varchar(3)'], 'index')).length, 2);
      assert.equal(create(ddl, things(['varchar(767)', 'integer'], 'index')).length, 2);
    }
  });

  test('a primary key: refused on every server', () => {
    for (const ddl of SERVERS) {
      refuses(
        () => create(ddl, things(['varchar(500)', 'varchar(300)'], 'primary')),
        /^primary key of public\.things: mysql has no primary keys longer than 3072 bytes \(3200 bytes/,
      );
      assert.equal(create(ddl, things(['varchar(500)', 'varchar(268)'], 'primary')).length, 1);
    }
  });

  test('a unique key: MariaDB hashes it, MySQL and the offline SQL refuse it', () => {
    const long = things(['varchar(1000)'], 'unique');
    assert.match(create(MARIADB, long)[1] ?? '', /^CREATE UNIQUE INDEX `things_key`/);
    refuses(
      () => create(MYSQL, long),
      /^index "things_key" on public\.things: MySQL 8\.0\.36 has no unique keys longer than 3072 bytes \(4000 bytes: "a" varchar\(1000\) 4000; .*MariaDB 10\.4\+ keys a longer unique key by a hash of it/,
      'MariaDB 10.4+',
    );
    refuses(
      () => create(mysqlDdl, long),
      /mysql \(MariaDB or MySQL 8\) has no unique keys longer/,
      'MariaDB 10.4+',
    );
    const constraint = { ...things(['varchar(500)', 'varchar(300)'], 'index'), indexes: [] };
    const unique = { ...constraint, uniques: [{ name: 'things_ab_key', columns: ['a', 'b'] }] };
    refuses(
      () => create(MYSQL, unique),
      /^unique "things_ab_key" on public\.things: MySQL/,
      'MariaDB 10.4+',
    );
    assert.equal(create(MARIADB, unique).length, 1);
    assert.equal(create(MYSQL, things(['varchar(768)'], 'unique')).length, 2);
  });

  test('the 256th value of an enum under a key: refused past the limit, rendered within it', () => {
    const keyed = (third: string, key: 'index' | 'primary') =>
      things(['varchar(767)', enumColumnType('wide255'), third], key);
    const add = (ddl: DdlDialect, t: TableIR) =>
      renderOperations([ADD_256TH], ddl, schema([t], ENUMS)).steps.flatMap((s) => s.statements);
    for (const ddl of SERVERS) {
      refuses(() => add(ddl, keyed('date', 'index')), /3073 bytes: .*"b" wide255 2, "c" date 3;/);
      refuses(
        () => add(ddl, keyed('date', 'primary')),
        /^primary key of public\.things: mysql has no primary keys longer than 3072 bytes \(3073 bytes/,
      );
      assert.equal(add(ddl, keyed('smallint', 'index')).length, 1);
    }
  });

  test('a column lengthened under its keys: refused, one that still fits rendered', () => {
    const indexed = things(['varchar(500)', 'varchar(200)'], 'index');
    const lengthen = (type: string) => (ddl: DdlDialect) =>
      renderOperations(
        [{ kind: 'alterColumn', table: indexed.key, column: 'a', type: columnType(type) }],
        ddl,
        schema([indexed]),
      );
    for (const ddl of SERVERS) {
      refuses(
        () => lengthen('varchar(600)')(ddl),
        /^index "things_key" on public\.things: mysql has no indexes longer than 3072 bytes \(3200 bytes/,
      );
      assert.equal(lengthen('varchar(568)')(ddl).steps.length, 1);
    }
  });
});
