/**
 * The collation of dbgen's MySQL/MariaDB tables: binary and without PAD SPACE, so `'a'`
 * and `'a '` are two values, as on PostgreSQL and SQLite (utf8mb4_bin pads: they were one,
 * in comparisons and unique keys). MariaDB's is utf8mb4_nopad_bin, MySQL 8.0.17+'s
 * utf8mb4_0900_bin; SQL printed without a server names both, each in its server's
 * executable comment. MySQL 8 is not available here: its text is checked, not run.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mysqlDdl, mysqlDdlFor } from '../../../packages/runtime/src/dialects/mysql/ddl.js';
import {
  mysqlFeatures,
  mysqlServerOf,
} from '../../../packages/runtime/src/dialects/mysql/server.js';
import { renderOperations, type DdlDialect } from '../../../packages/runtime/src/schema/render.js';
import { column, id, schema, table } from '../../support/ir.js';
import { migrationDatabase } from '../../support/migration-database.js';

const ddlOf = (version: string): DdlDialect => mysqlDdlFor(mysqlFeatures(mysqlServerOf(version)));

const notes = table('notes', [id(), column('title', 'varchar(50)'), column('body', 'text')]);

function createNotes(ddl: DdlDialect): string {
  const ops = [{ kind: 'createTable' as const, table: notes }];
  const [statement] = renderOperations(ops, ddl, schema([])).steps.flatMap((s) => s.statements);
  return statement ?? '';
}

describe('the tables’ collation per server', () => {
  test('MariaDB utf8mb4_nopad_bin, MySQL 8.0.17+ utf8mb4_0900_bin, older MySQL utf8mb4_bin', () => {
    assert.match(
      createNotes(ddlOf('10.11.19-MariaDB')),
      / DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin$/,
    );
    assert.match(
      createNotes(ddlOf('8.0.36')),
      / DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin$/,
    );
    // No binary collation without PAD SPACE before MySQL 8.0.17.
    assert.match(createNotes(ddlOf('8.0.16')), / DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin$/);
  });

  test('without a server: each name in its own server’s executable comment', () => {
    assert.match(
      createNotes(mysqlDdl),
      / DEFAULT CHARSET=utf8mb4 \/\*M!100202 COLLATE=utf8mb4_nopad_bin \*\/ \/\*!80017 COLLATE=utf8mb4_0900_bin \*\/$/,
    );
  });

  describe('on MariaDB', () => {
    const fresh = migrationDatabase('mysql');

    async function collationOf(statement: string): Promise<unknown> {
      await fresh.connection.query('DROP TABLE IF EXISTS notes');
      await fresh.connection.query(statement);
      const [row] = await fresh.connection.query(
        `SELECT table_collation AS c FROM information_schema.tables
         WHERE table_schema = database() AND table_name = 'notes'`,
      );
      return row?.['c'];
    }

    test('the printed SQL and the SQL rendered for MariaDB make no-pad tables', async () => {
      assert.equal(await collationOf(createNotes(mysqlDdl)), 'utf8mb4_nopad_bin');
      assert.equal(await collationOf(createNotes(ddlOf('10.11.19-MariaDB'))), 'utf8mb4_nopad_bin');
    });

    test("'a' and 'a ' are two values: in comparisons and in a unique key", async () => {
      await collationOf(createNotes(mysqlDdl));
      await fresh.connection.query('CREATE UNIQUE INDEX notes_title_key ON notes (title)');
      await fresh.connection.query(
        "INSERT INTO notes (id, title, body) VALUES (1, 'a ', 'b '), (2, 'a', 'b')",
      );
      const rows = await fresh.connection.query(
        "SELECT id FROM notes WHERE title = 'a' AND body = 'b'",
      );
      assert.deepEqual(
        rows.map((r) => Number(r['id'])),
        [2],
      );
    });
  });
});
