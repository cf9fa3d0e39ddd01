// dbgen migration: split_name (test fixture; the test fills in revision and parent)
// Splits people.name at its first space into first_name and last_name (null when the name
// has no space), and joins them back on the way down: exactly invertible.
// `globalThis.__dataMigrationHook`, set by the test, sees each batch (to count rows and to
// inject a failure); `DATAMIG_KILL_AT` makes a child process kill itself in the batch
// starting at that id, before the batch commits.

export const revision = '__REVISION__';
/** The migration this one follows; null for the first. */
export const parent = '__PARENT__';
export const name = 'split_name';

const watch = (direction, rows) => {
  globalThis.__dataMigrationHook?.(direction, rows);
  if (process.env.DATAMIG_TRACE) process.stdout.write(`batch ${direction} ${rows[0].id}\n`);
  if (process.env.DATAMIG_KILL_AT && rows[0].id === Number(process.env.DATAMIG_KILL_AT))
    process.kill(process.pid, 'SIGKILL');
};

/** @param {import('@dbgen/runtime').MigrationOps} op */
export const up = (op) => [
  op.addColumn('people', { name: 'first_name', type: 'text' }),
  op.addColumn('people', { name: 'last_name', type: 'text' }),
  op.batch({
    name: 'split people.name',
    table: 'people',
    batchSize: 1000,
    update: (rows) => {
      watch('up', rows);
      return rows.map((row) => {
        const space = row.name.indexOf(' ');
        return space < 0
          ? { id: row.id, first_name: row.name, last_name: null }
          : {
              id: row.id,
              first_name: row.name.slice(0, space),
              last_name: row.name.slice(space + 1),
            };
      });
    },
  }),
  op.alterColumn('people', 'first_name', { nullable: false }),
  op.dropColumn('people', 'name'),
];

/** @param {import('@dbgen/runtime').MigrationOps} op */
export const down = (op) => [
  op.addColumn('people', { name: 'name', type: 'text' }),
  op.batch({
    name: 'join people names',
    table: 'people',
    batchSize: 1000,
    update: (rows) => {
      watch('down', rows);
      return rows.map((row) => ({
        id: row.id,
        name: row.last_name === null ? row.first_name : `${row.first_name} ${row.last_name}`,
      }));
    },
  }),
  op.alterColumn('people', 'name', { nullable: false }),
  op.dropColumn('people', 'last_name'),
  op.dropColumn('people', 'first_name'),
];
