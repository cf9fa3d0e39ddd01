/**
 * Statements run outside any migration (`push`, `reset`), with the same rules a migration
 * runs under: the dialect's set-up and tear-down statements around one transaction (SQLite
 * turns foreign-key enforcement off for it and checks the keys before committing), rolled
 * back on failure where DDL is transactional.
 */
import { dialectNamed } from '../core/dialect-lookup.js';
import type { MigrationConnection } from './connection.js';
import { MigrationFailedError } from './run-errors.js';

/** Runs `statements` in one transaction; a failure names the statement and `what` ran it. */
export async function runStatements(
  connection: MigrationConnection,
  statements: readonly string[],
  what: string,
): Promise<void> {
  const rules = dialectNamed(connection.dialect).migrations;
  for (const statement of rules.beforeTransaction) await connection.query(statement);
  await connection.query(rules.begin);
  try {
    for (const [i, statement] of statements.entries()) {
      try {
        await connection.query(statement);
      } catch (error) {
        throw new MigrationFailedError(
          `${what} failed at statement ${i + 1} of ${statements.length}:\n  ${statement.replace(/\n/g, '\n  ')}\n` +
            `${connection.dialect}: ${(error as Error).message}\n` +
            (!rules.progress
              ? 'Nothing was changed (rolled back).'
              : i === 0
                ? 'No statement was applied.'
                : `Statements 1 to ${i} stay applied: ${connection.dialect} DDL is not transactional.`),
        );
      }
    }
    const problem = await rules.checkBeforeCommit(connection);
    if (problem !== null) throw new MigrationFailedError(`${what} ${problem}; rolled back`);
    await connection.query('COMMIT');
  } catch (error) {
    await connection.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    for (const statement of rules.afterTransaction) await connection.query(statement);
  }
}
