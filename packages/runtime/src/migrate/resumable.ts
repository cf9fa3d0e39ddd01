/**
 * Migrations on a dialect whose DDL is not transactional (one with
 * `migrations.progress`, see core/dialect-contract.ts: MySQL, MariaDB). A migration that
 * fails halfway cannot be rolled back, so the runner records, after each statement, how
 * many statements of the migration have run; running the same command again resumes
 * after the last recorded statement, and finishing the migration forgets its progress.
 */
import type { MigrationFile } from './files.js';

/** The message of a statement failing after others of the same migration committed. */
export function stoppedHalfway(
  migration: MigrationFile,
  statement: string,
  number: number,
  total: number,
  cause: string,
  where: { readonly dialect: string; readonly table: string },
): string {
  const label = `${migration.path.split(/[\\/]/).pop() ?? migration.name} (${migration.revision})`;
  const applied =
    number === 1
      ? 'No statement of it was applied.'
      : `Statements 1 to ${number - 1} were applied and stay applied: ${where.dialect} DDL is not transactional.`;
  return (
    `${label} failed at statement ${number} of ${total}:\n  ${statement.replace(/\n/g, '\n  ')}\n` +
    `${where.dialect}: ${cause}\n${applied}\n` +
    `Progress is recorded in ${where.table}: fix the cause (the data, or this statement in the ` +
    `migration file) and run the same command again; it resumes at statement ${number}. ` +
    // Statements before it may not change: a resume checks them (resume-plan.ts).
    (number === 1
      ? `Nothing is left to undo if you abandon it instead: run \`dbgen migrate abandon ${migration.revision}\`.`
      : `Edit no statement before it: a resume refuses when they differ from those applied. ` +
        `To abandon the migration instead, undo statements 1 to ${number - 1} by hand, then ` +
        `run \`dbgen migrate abandon ${migration.revision}\` (it forgets its row in ${where.table}).`)
  );
}
