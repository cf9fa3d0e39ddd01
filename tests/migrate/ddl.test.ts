import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  comparableSchema,
  connectForMigrations,
  createSchemaSql,
  introspect,
  type MigrationConnection,
} from '@dbgen/runtime';
import { col, enumOf, fk, id, index, schema, table } from './support/ir.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';

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
        col('status', 'order_status', {
          enumOf: 'order_status',
          nullable: false,
          default: { kind: 'string', value: 'new' },
        }),
        col('total', 'decimal(10,2)', { default: { kind: 'number', value: 0 } }),
        col('label', 'text', { default: { kind: 'string', value: "it's" } }),
      ],
      {
        foreignKeys: [fk(['user_id'], 'users', ['id'], { onDelete: 'cascade' })],
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
  [enumOf('order_status', ['new', 'paid', 'shipped'])],
);

for (const dialect of DIALECTS) {
  describe(`DDL on ${dialect}`, () => {
    let db: TestDatabase;
    let connection: MigrationConnection;
    before(async () => {
      db = await createTestDatabase(dialect);
      connection = await connectForMigrations(db.url);
    });
    after(async () => {
      await connection.close();
      await db.drop();
    });

    test('createSchemaSql runs and introspects back to the IR', async () => {
      for (const statement of createSchemaSql(shop, dialect)) await connection.query(statement);
      const live = await introspect(connection);
      assert.deepEqual(comparableSchema(live, dialect), comparableSchema(shop, dialect));
    });
  });
}
