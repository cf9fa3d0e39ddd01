import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileSchema } from '@dbgen/generator';
import { runCli } from '../support/cli.js';
import { describe, test } from 'node:test';
import {
  comparableSchema,
  createSchemaSql,
  introspect,
  UnsupportedFeatureError,
} from '@dbgen/runtime';
import {
  enumColumnType,
  enumeration,
  foreignKey,
  id,
  index,
  schema,
  table,
  withoutExpressionIndexes,
} from '../support/ir.js';
import { col } from './support/ir.js';
import { DIALECTS } from './support/databases.js';
import { CORPUS as CORPUS_ROOT } from '../support/corpus.js';
import { migrationDatabase, withMigrationDatabase } from '../support/migration-database.js';

const shop = schema(
  [
    table(
      'users',
      [
        id(),
        col('email', 'varchar(255)', { nullable: false, unique: true }),
        col('age', 'int', { checks: [{ name: null, expression: 'age >= 0' }] }),
        col('active', 'boolean', { nullable: false, default: { kind: 'boolean', value: true } }),
        col('created_at', 'timestamptz', {
          nullable: false,
          default: { kind: 'expression', sql: 'CURRENT_TIMESTAMP' },
          note: 'when they joined',
        }),
      ],
      { note: 'people' },
    ),
    table(
      'orders',
      [
        id(),
        col('user_id', 'integer', { nullable: false }),
        col('status', enumColumnType('order_status'), {
          nullable: false,
          default: { kind: 'string', value: 'new' },
        }),
        col('total', 'decimal(10,2)', { default: { kind: 'number', value: 0 } }),
        col('label', 'text', { default: { kind: 'string', value: "it's" } }),
      ],
      {
        foreignKeys: [foreignKey(['user_id'], 'users', ['id'], { onDelete: 'cascade' })],
        indexes: [
          index(['user_id', 'status']),
          {
            name: 'orders_label_lower',
            parts: [{ kind: 'expression', sql: 'lower(label)' }],
            unique: false,
            type: null,
            note: null,
          },
        ],
        checks: [{ name: 'orders_total_positive', expression: 'total >= 0' }],
      },
    ),
  ],
  [enumeration('order_status', ['new', 'paid', 'shipped'])],
);

for (const dialect of DIALECTS) {
  describe(`DDL on ${dialect}`, () => {
    const fresh = migrationDatabase(dialect);

    test('createSchemaSql runs and introspects back to the IR', async () => {
      let ir = shop;
      if (dialect === 'mysql') {
        // MariaDB has no expression indexes: refused while rendering, naming the index.
        assert.throws(
          () => createSchemaSql(shop, dialect),
          (error: unknown) =>
            error instanceof UnsupportedFeatureError &&
            /index "orders_label_lower" on public\.orders: .* has no expression indexes/.test(
              error.message,
            ),
        );
        ir = withoutExpressionIndexes(shop);
      }
      for (const statement of createSchemaSql(ir, dialect)) await fresh.connection.query(statement);
      const live = await introspect(fresh.connection);
      assert.deepEqual(comparableSchema(live, dialect), comparableSchema(ir, dialect));
    });
  });
}

/** `dbgen sql` for the example schema and the corpus exporter inputs, run on real databases. */
const CORPUS = join(CORPUS_ROOT, 'valid');
const inputs = [
  fileURLToPath(new URL('../../schema.example.dbml', import.meta.url)),
  ...(existsSync(CORPUS)
    ? readdirSync(CORPUS)
        .filter((d) => d.startsWith('dbml-core_exporter_'))
        .flatMap((d) =>
          readdirSync(join(CORPUS, d))
            .filter((f) => f.endsWith('.in.dbml'))
            .map((f) => join(CORPUS, d, f)),
        )
    : []),
];

/**
 * Corpus inputs no real database of the dialect accepts, with the database's reason: they
 * use types that exist only once created by hand, Oracle's SYSDATE, or reference a
 * non-unique column. The test asserts the database refuses them for exactly that reason.
 */
const REFUSED: Record<string, Partial<Record<'postgres' | 'sqlite' | 'mysql', RegExp>>> = {
  'custom_type.in.dbml': {
    postgres: /type "Var Char" does not exist/,
    mysql: /Unknown data type: 'Var'/,
  },
  'enum.in.dbml': { postgres: /type "Var Char" does not exist/, mysql: /Unknown data type: 'Var'/ },
  'multiple_schema.in.dbml': {
    postgres: /no unique constraint matching given keys for referenced table "users"/,
    mysql: /Foreign key constraint is incorrectly formed/,
  },
  'column_constraints.in.dbml': {
    postgres: /cannot use column reference in DEFAULT expression/,
    sqlite: /default value of column \[hire_date\] is not constant/,
    mysql: /Unknown column 'SYSDATE' in 'DEFAULT'/,
  },
};

/**
 * Inputs `dbgen sql` itself refuses for a dialect (exit 1, one line, nothing printed):
 * MariaDB has no expression indexes (MySQL 8.0.13+ has), so `lower(email)` is refused
 * offline, where the server is unknown.
 */
const REFUSED_BY_DBGEN: Record<string, Partial<Record<'postgres' | 'sqlite' | 'mysql', RegExp>>> = {
  'schema.example.dbml': {
    mysql: /^error: index "users_email_lower_idx" on public\.users: .* has no expression indexes/,
  },
};

for (const dialect of DIALECTS) {
  describe(`dbgen sql --dialect ${dialect}`, () => {
    for (const input of inputs) {
      test(`${basename(dirname(input))}/${basename(input)} runs and introspects back to the IR`, async () => {
        const compiled = compileSchema(input);
        assert.ok(compiled.ir, `${input} compiles`);
        const run = await runCli(['sql', '--dialect', dialect, '--schema', input], dirname(input));
        const refusedByDbgen = REFUSED_BY_DBGEN[basename(input)]?.[dialect];
        if (refusedByDbgen) {
          assert.equal(run.code, 1, run.stdout);
          assert.match(run.stderr, refusedByDbgen);
          assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
          assert.equal(run.stdout, '');
          return;
        }
        assert.equal(run.code, 0, run.stderr);
        const statements = `${run.stdout}\n`.split(/;\n\n/).filter((s) => s.trim() !== '');
        const ir = compiled.ir;
        assert.deepEqual(statements, createSchemaSql(ir, dialect));
        await withMigrationDatabase(dialect, async ({ connection }) => {
          const refused = REFUSED[basename(input)]?.[dialect];
          if (refused) {
            await assert.rejects(async () => {
              for (const statement of statements) await connection.query(statement);
            }, refused);
            return;
          }
          for (const statement of statements) await connection.query(statement);
          const live = await introspect(connection);
          assert.deepEqual(comparableSchema(live, dialect), comparableSchema(ir, dialect));
        });
      });
    }
  });
}
