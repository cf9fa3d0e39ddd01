/**
 * Migrations that stop halfway, for the tests of what `stamp`, `reset` and `abandon` do
 * with a stopped run: a table of quantities, a data step that fails at row 2 unless
 * fixed (in either direction), and DDL that fails between two statements.
 */
import { op, type MigrationFile } from '@dbgen/runtime';
import { migration } from './hand-written.js';

export const base = migration(
  's1',
  null,
  [
    op.createTable('items', {
      columns: [
        { name: 'id', type: 'integer', nullable: false },
        { name: 'qty', type: 'integer', nullable: false },
      ],
      primaryKey: { columns: ['id'] },
    }),
  ],
  [op.dropTable('items')],
);

/** Multiplies every qty by ten, one row a batch; fails at row 2 unless `fixed`. */
export const scale = (fixed: boolean, revision = 's2', parent = 's1'): MigrationFile =>
  migration(
    revision,
    parent,
    [
      op.batch({
        name: 'scale qty',
        table: 'items',
        batchSize: 1,
        update: (rows) => {
          if (!fixed && rows[0]?.['id'] === 2) throw new Error('row 2 is not ready');
          return rows.map((r) => ({ id: r['id'], qty: Number(r['qty']) * 10 }));
        },
      }),
    ],
    [],
  );

const FAILING = op.sql('INSERT INTO "no_such_table" VALUES (1)');

/** Adds `a`, fails, adds `b` (down drops both). */
export const twoColumns = (fixed: boolean): MigrationFile =>
  migration(
    's3',
    's2',
    [
      op.addColumn('items', { name: 'a', type: 'text' }),
      fixed ? op.sql('SELECT 1') : FAILING,
      op.addColumn('items', { name: 'b', type: 'text' }),
    ],
    [op.dropColumn('items', 'b'), op.dropColumn('items', 'a')],
  );

/** Its downgrade walks the table in a data step that fails at row 2 unless `fixed`. */
export const downWalk = (fixed: boolean): MigrationFile =>
  migration(
    's5',
    's2',
    [op.sql('SELECT 1')],
    [
      op.batch({
        name: 'halve qty',
        table: 'items',
        batchSize: 1,
        update: (rows) => {
          if (!fixed && rows[0]?.['id'] === 2) throw new Error('row 2 is not ready');
          return rows.map((r) => ({ id: r['id'], qty: Number(r['qty']) / 10 }));
        },
      }),
    ],
  );

export const later = migration(
  's4',
  's3',
  [op.addColumn('items', { name: 'c', type: 'text' })],
  [op.dropColumn('items', 'c')],
);
