/**
 * Applying and reverting migrations on a live database.
 *
 * - Each migration runs in its own transaction (PostgreSQL and SQLite have transactional
 *   DDL): a failing statement rolls the whole migration back, and the error names it.
 *   Dialects whose DDL commits statement by statement (MySQL/MariaDB: they have
 *   `migrations.progress`) record progress per statement instead, and a failed migration
 *   resumes where it stopped (see resumable.ts).
 * - Runners are serialised by the dialect's run lock (MySQL: GET_LOCK), held for the
 *   whole run, or by its transaction lock taken first in every migration's transaction
 *   (PostgreSQL: pg_advisory_xact_lock, which holds behind PgBouncer's transaction pooling);
 *   SQLite runs each migration under `BEGIN IMMEDIATE` (the database's write lock, which
 *   works across processes) and reads the history inside it, so a waiting runner sees
 *   what the other applied, and nothing is applied twice.
 * - SQLite: foreign-key enforcement is off during the transaction (a table rebuild drops
 *   and recreates tables) and `PRAGMA foreign_key_check` must come back empty to commit.
 * - The schema state operations are rendered against is the replay of every earlier
 *   migration's `up`, so hand-edited migrations render correctly.
 */
import type { MigrationConnection } from './connection.js';
import { dialectNamed } from '../core/dialect-lookup.js';
import { stoppedHalfway } from './resumable.js';
import { refuseBesideHalfDone } from './half-done.js';
import { forgetSettledRuns, type ForgottenRun } from './stopped-runs.js';
import { withRunLock } from './run-lock.js';
import { dataResumePoint, runDataStep, type DataProgressReport } from './data-run.js';
import {
  DATA_PROGRESS_TABLE,
  ensureDataProgressTable,
  forgetDataProgress,
  unfinishedElsewhere,
} from './data-progress.js';
import type { MigrationFile } from './files.js';
import { ensureHistoryTable, forgetSql, readHistory, recordSql, writeStamp } from './history.js';
import { appliedHeads, appliedRevisions, revisionsAt, schemaOf } from './graph.js';
import { renderOperations } from '../schema/render.js';
import { applyOperation, emptySchema } from '../schema/state.js';
import { renderPending, renderReverts, serverDdl } from './server-ddl.js';
import { MigrationFailedError, DataLossError } from './run-errors.js';
import { runLossOf, type RunLoss } from './run-loss.js';
import { agreesTo, lossesFirst, planOf, refusedLoss } from './loss-first.js';
import { checkResume, ensurePlanColumn, writePlan } from './resume-plan.js';
import { labelOfRevision, migrationLabel, resolveTarget } from './targets.js';

export interface RunnerOptions {
  readonly connection: MigrationConnection;
  readonly migrations: readonly MigrationFile[];
  /** Drop tables and columns that hold data, and narrow columns' types under values, without asking. */
  readonly force?: boolean;
  /** Asked before losing data (run-loss.ts) when not forced (a TTY prompt); absent → refuse. */
  readonly confirmDrop?: (question: string) => Promise<boolean>;
  /** Progress lines. */
  readonly log?: (line: string) => void;
  /** Progress of data steps (`op.batch`, `op.data`: see data-run.ts), after each batch. */
  readonly onDataProgress?: (report: DataProgressReport) => void;
}

const hasDataSteps = (m: MigrationFile): boolean =>
  m.up.some((o) => o.kind === 'data') || m.down.some((o) => o.kind === 'data');

type Step = { migration: MigrationFile; direction: 'up' | 'down' };

/**
 * Runs one migration step in a transaction. `pick` chooses the step from the applied
 * revisions read inside the transaction (after the lock is held); null → nothing to do.
 */
async function runOne(
  options: RunnerOptions,
  pick: (applied: ReadonlySet<string>) => Step | null,
): Promise<Step | null> {
  const { connection, migrations } = options;
  const dialect = dialectNamed(connection.dialect);
  const rules = dialect.migrations;
  // Non-transactional DDL: progress per statement, so a failed run resumes (resumable.ts).
  const progress = rules.progress;
  for (const statement of rules.beforeTransaction) await connection.query(statement);
  await connection.query(rules.begin);
  if (rules.transactionLock) await connection.query(rules.transactionLock);
  if (progress) {
    await progress.ensure(connection);
    await ensurePlanColumn(connection, progress);
  }
  let step: Step | null = null;
  try {
    const applied = appliedRevisions(await readHistory(connection), migrations);
    step = pick(applied);
    if (!step) {
      await connection.query('COMMIT');
      return null;
    }
    const { migration, direction } = step;
    // Another migration's statements half applied: its resume needs the database as is.
    if (progress) await refuseBesideHalfDone(connection, progress, migration, direction);
    // A file deleted since may have left a half-done data step: ask the database, not the files.
    if (await rules.tableExists(connection, DATA_PROGRESS_TABLE))
      await refuseBesideUnfinished(connection, migration, direction);
    const ops = direction === 'up' ? migration.up : migration.down;
    // What the database holds now: every applied migration (and branch) replayed.
    const before = schemaOf(migrations, applied);
    // For the connected server: what it lacks is refused before the first statement.
    const { steps } = renderOperations(ops, await serverDdl(connection), before);
    const planned = steps.flatMap((s) => s.statements);
    const total = planned.length;
    const label = migrationLabel(migration);
    // Statements a failed non-transactional run already applied (0 elsewhere).
    const done = progress ? await progress.read(connection, migration.revision, direction) : 0;
    // Resuming skips `done` statements by position: they must be the ones that ran.
    if (progress && !(await checkResume(connection, progress, migration, direction, done, planned)))
      options.log?.(`${label}: resuming at statement ${done + 1} unchecked (no plan kept)`);
    // Data steps commit as they go: an earlier run's committed part is skipped (data-run.ts).
    const data = ops.some((o) => o.kind === 'data')
      ? await dataResumePoint(connection, migration.revision, direction)
      : null;
    // Whether part of this migration is committed (a data step ran, now or in an earlier run).
    let committedPart = (data?.steps.size ?? 0) > 0;
    const plan = planOf(steps, before);
    const refusal = (loss: RunLoss, applied: number): DataLossError =>
      new DataLossError(
        refusedLoss(loss, {
          label,
          revision: migration.revision,
          dialect: connection.dialect,
          applied: progress ? planned.slice(0, applied) : [],
          progressTable: progress?.table,
          dataCommitted: committedPart,
          asked: options.confirmDrop !== undefined,
        }),
      );
    const cannotLook = (what: string) => (error: unknown) => {
      throw new MigrationFailedError(
        `${label}: cannot look at what ${what} loses: ${(error as Error).message}`,
      );
    };
    // Non-transactional DDL cannot roll back: every loss is asked about before the first
    // statement, so a refusal changes nothing (loss-first.ts).
    const agreed = new Set<number>();
    if (progress) {
      const from = data?.from ?? 0;
      const losses = await lossesFirst(connection, plan, done, from, label);
      for (const [at, loss] of losses) {
        if (!(await agreesTo(options, label, direction, loss))) throw refusal(loss, done);
        agreed.add(at);
      }
      if (done < total)
        await writePlan(connection, progress, migration.revision, direction, done, planned);
    }
    let number = 0;
    for (const [at, rendered] of steps.entries()) {
      const current = plan[at]?.before ?? before;
      if (data && at < data.from) {
        number += rendered.statements.length;
        continue;
      }
      if (rendered.operation.kind === 'data') {
        await runDataStep({
          connection,
          rules,
          revision: migration.revision,
          label,
          direction,
          index: at,
          operation: rendered.operation,
          state: current,
          earlier: data?.steps.get(at),
          report: options.onDataProgress,
        });
        committedPart = true;
        continue;
      }
      if (number + rendered.statements.length <= done) {
        number += rendered.statements.length;
        continue;
      }
      // Checked (again) when it comes: rows may have appeared since the first check.
      if (!agreed.has(at)) {
        const loss = await runLossOf(connection, rendered.operation, current).catch(
          cannotLook(rendered.operation.kind),
        );
        if (loss && !(await agreesTo(options, label, direction, loss))) throw refusal(loss, number);
      }
      for (const statement of rendered.statements) {
        number += 1;
        if (number <= done) continue;
        try {
          await connection.query(statement);
          if (progress) await progress.record(connection, migration.revision, direction, number);
        } catch (error) {
          if (progress) {
            throw new MigrationFailedError(
              stoppedHalfway(migration, statement, number, total, (error as Error).message, {
                dialect: connection.dialect,
                table: progress.table,
              }) +
                (committedPart
                  ? `\nIts data steps' committed batches stay too (see ${DATA_PROGRESS_TABLE}); the same command resumes after them.`
                  : ''),
            );
          }
          throw new MigrationFailedError(
            `${migrationLabel(migration)} failed at statement ${number} of ${total}:\n  ${statement.replace(/\n/g, '\n  ')}\n` +
              `${connection.dialect}: ${(error as Error).message}\n` +
              (committedPart
                ? `Its operations after its last data step were rolled back; the data steps' committed work stays (see ${DATA_PROGRESS_TABLE}): fix the cause and run the same command again to resume.`
                : `The migration was rolled back; the database is still at ${revisionLabel(migrations, applied)}.`),
          );
        }
      }
    }
    const problem = await rules.checkBeforeCommit(connection);
    if (problem !== null) {
      throw new MigrationFailedError(
        `${migrationLabel(migration)} ${problem}; ` +
          `rolled back, the database is still at ${revisionLabel(migrations, applied)}.`,
      );
    }
    if (direction === 'up') {
      const { sql, params } = recordSql(connection.dialect, migration);
      await connection.query(sql, params);
    } else {
      await connection.query(forgetSql(connection.dialect), [migration.revision]);
    }
    if (progress) await progress.forget(connection, migration.revision, direction);
    if (data)
      await forgetDataProgress(connection, connection.dialect, migration.revision, direction);
    await connection.query('COMMIT');
    options.log?.(`${direction === 'up' ? 'applied' : 'reverted'} ${migrationLabel(migration)}`);
    return step;
  } catch (error) {
    await connection.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    for (const statement of rules.afterTransaction) await connection.query(statement);
  }
}

/** Stops before `migration` when another run's data step is half done (data-run.ts). */
async function refuseBesideUnfinished(
  connection: MigrationConnection,
  migration: MigrationFile,
  direction: 'up' | 'down',
): Promise<void> {
  const other = await unfinishedElsewhere(connection, migration.revision, direction);
  if (!other) return;
  throw new MigrationFailedError(
    `revision ${other.revision} stopped in a data step of its ${other.direction === 'up' ? 'upgrade' : 'downgrade'} ` +
      `(operation ${other.step + 1}, ${other.rows} rows done): what came before that step is committed, ` +
      `so nothing else can run first. Finish it with \`dbgen migrate ${other.direction === 'up' ? `up ${other.revision}` : 'down'}\` ` +
      `(it resumes where it stopped), ` +
      `or abandon it: undo its committed part by hand, then run \`dbgen migrate abandon ${other.revision}\` ` +
      `(it forgets its rows in ${DATA_PROGRESS_TABLE}).`,
  );
}

function revisionLabel(migrations: readonly MigrationFile[], applied: ReadonlySet<string>): string {
  const heads = appliedHeads(migrations, applied);
  if (heads.length === 0) return 'base (no migration applied)';
  return `${heads.length > 1 ? 'revisions' : 'revision'} ${heads.map((m) => `${m.revision} (${m.name})`).join(' and ')}`;
}

async function prepare(
  connection: MigrationConnection,
  migrations: readonly MigrationFile[] = [],
): Promise<void> {
  const lock = dialectNamed(connection.dialect).migrations.transactionLock;
  const withData = migrations.some(hasDataSteps);
  if (lock === undefined) {
    await ensureHistoryTable(connection);
    if (withData) await ensureDataProgressTable(connection);
    return;
  }
  // Two runners creating the table at once could both try (CREATE ... IF NOT EXISTS races).
  await connection.query('BEGIN');
  try {
    await connection.query(lock);
    await ensureHistoryTable(connection);
    if (withData) await ensureDataProgressTable(connection);
    await connection.query('COMMIT');
  } catch (error) {
    await connection.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/**
 * Applies pending migrations up to `target` (default head: with several heads, all of
 * them): every unapplied migration `target` descends from, in graph order (each after its
 * parents). Returns those applied.
 */
export async function upgrade(options: RunnerOptions, target = 'head'): Promise<MigrationFile[]> {
  const goal = revisionsAt(options.migrations, resolveTarget(options.migrations, target));
  return withRunLock(options.connection, async () => {
    // Before the history tables are created: a refused migration leaves the database as it was.
    await renderPending(options.connection, options.migrations, goal);
    await prepare(options.connection, options.migrations);
    const applied: MigrationFile[] = [];
    for (;;) {
      const step = await runOne(options, (done) => {
        // Graph order puts every parent first, so the first one missing is ready to run.
        const next = options.migrations.find((m) => goal.has(m.revision) && !done.has(m.revision));
        return next ? { migration: next, direction: 'up' } : null;
      });
      if (!step) return applied;
      applied.push(step.migration);
    }
  });
}

/**
 * Reverts migrations: down to `target` (that revision and its ancestors stay applied,
 * everything else is reverted, branches included; `base` reverts all), or `steps`
 * migrations. Each step reverts the applied migration last in graph order (one no applied
 * migration follows), so going down through a merge reverts the merge, then the branches'
 * migrations. Returns those reverted.
 */
export async function downgrade(
  options: RunnerOptions,
  to: { target: string } | { steps: number },
): Promise<MigrationFile[]> {
  const keep =
    'target' in to
      ? revisionsAt(options.migrations, resolveTarget(options.migrations, to.target))
      : null;
  return withRunLock(options.connection, async () => {
    await renderReverts(
      options.connection,
      options.migrations,
      keep === null ? { steps: 'steps' in to ? to.steps : 0 } : { keep },
    );
    await prepare(options.connection, options.migrations);
    const reverted: MigrationFile[] = [];
    for (;;) {
      if (keep === null && 'steps' in to && reverted.length >= to.steps) return reverted;
      const step = await runOne(options, (applied) => {
        const migration = options.migrations.findLast(
          (m) => applied.has(m.revision) && (keep === null || !keep.has(m.revision)),
        );
        return migration ? { migration, direction: 'down' } : null;
      });
      if (!step) return reverted;
      reverted.push(step.migration);
    }
  });
}

/**
 * Records the database as being at `targets` (each a revision and its ancestors, `head`
 * every head, `base` none; several name several branches) without running any migration.
 * A stopped run the stamp settles (an upgrade of a revision it records applied, a
 * downgrade of one it does not) is forgotten, and said so through `log` (stopped-runs.ts).
 * Returns the revisions now recorded as applied.
 */
export async function stamp(
  options: RunnerOptions,
  targets: string | readonly string[],
): Promise<Set<string>> {
  const revisions = new Set(
    (typeof targets === 'string' ? [targets] : targets).flatMap((target) => [
      ...revisionsAt(options.migrations, resolveTarget(options.migrations, target)),
    ]),
  );
  let forgotten: readonly ForgottenRun[] = [];
  await withRunLock(options.connection, async () => {
    await prepare(options.connection, options.migrations);
    await options.connection.query('BEGIN');
    const lock = dialectNamed(options.connection.dialect).migrations.transactionLock;
    try {
      if (lock !== undefined) await options.connection.query(lock);
      await writeStamp(options.connection, options.migrations, revisions);
      forgotten = await forgetSettledRuns(options.connection, revisions);
      await options.connection.query('COMMIT');
    } catch (error) {
      await options.connection.query('ROLLBACK').catch(() => {});
      throw error;
    }
  });
  for (const { revision, direction } of forgotten) {
    options.log?.(
      `forgot the stopped ${direction === 'up' ? 'upgrade' : 'downgrade'} of ${labelOfRevision(options.migrations, revision)}: ` +
        `the stamp records it ${direction === 'up' ? 'applied' : 'not applied'}`,
    );
  }
  return revisions;
}
