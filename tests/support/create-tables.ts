/**
 * Test support: make a schema's tables on a test database with dbgen's own DDL
 * (`createSchemaSql`, what `dbgen sql` prints), so a suite's tables are the ones users get.
 *
 *   forEachDialect((dialect, makeEngine) => {
 *     before(async () => { engine = makeEngine(); await createTables(engine, ir, dialect); });
 *   });
 */
import { createSchemaSql, sql, type Engine, type SchemaIR } from '@dbgen/runtime';
import type { TestDialect } from './databases.js';

/**
 * Runs the CREATE statements for `ir` in `dialect` on `engine`, one at a time and in
 * dependency order; the first statement the database refuses rejects the promise (the
 * statements before it stay: there is no transaction around them, as MySQL's DDL would
 * commit it anyway).
 */
export async function createTables(
  engine: Engine,
  ir: SchemaIR,
  dialect: TestDialect,
): Promise<void> {
  for (const statement of createSchemaSql(ir, dialect)) await engine.execute(sql.raw(statement));
}
