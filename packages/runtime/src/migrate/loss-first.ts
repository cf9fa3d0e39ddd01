/**
 * Data loss checked before a migration's first statement, on a dialect whose DDL is not
 * transactional (MySQL, MariaDB). There a refusal half way (`addColumn x`, then
 * `dropColumn y` refused) cannot roll back `x`: the statements before it stay applied
 * while the refusal reads as if nothing happened. So every operation's check
 * (run-loss.ts) runs first, against the database as the run finds it, and the questions
 * are asked (or the refusal made) before anything changes.
 *
 * An operation is checked under the names its table and column have when the run starts,
 * following the migration's own renames back. One whose table or column an earlier
 * operation of the migration creates (empty then, but a later `op.sql` may fill it) cannot
 * be checked first: the runner checks it again when it comes (as it does everything not
 * agreed to first, in case rows appeared meanwhile), and a refusal then says which
 * statements stay applied (refusedLoss).
 */
import { qualifiedKey, type SchemaIR } from '../schema/ir.js';
import type { Operation } from '../schema/operations.js';
import { applyOperation } from '../schema/state.js';
import type { MigrationConnection } from './connection.js';
import { DATA_PROGRESS_TABLE } from './data-progress.js';
import { numbered } from './resume-plan.js';
import { MigrationFailedError } from './run-errors.js';
import { runLossOf, type LiveName, type RunLoss } from './run-loss.js';

/** One operation of a migration as the runner plans it. */
export interface PlannedStep {
  readonly operation: Operation;
  /** The schema just before it. */
  readonly before: SchemaIR;
  /** How many of the migration's statements come before its own. */
  readonly first: number;
  /** How many statements it renders. */
  readonly count: number;
}

/**
 * Where the table (and column) that `plan[index]` acts on are when the run starts (the
 * operations before `start` applied, `done` statements in all), or null when that cannot
 * be said: an operation between creates it, or is half applied and renames it.
 */
export function liveNameAt(
  plan: readonly PlannedStep[],
  index: number,
  start: number,
  done: number,
): LiveName | null {
  const op = plan[index]?.operation;
  if (
    !op ||
    (op.kind !== 'dropTable' &&
      op.kind !== 'dropColumn' &&
      op.kind !== 'alterColumn' &&
      op.kind !== 'addColumn')
  )
    return null;
  let table = op.table;
  let column = op.kind === 'dropTable' || op.kind === 'addColumn' ? undefined : op.column;
  for (let j = index - 1; j >= start; j -= 1) {
    const step = plan[j];
    if (!step) return null;
    const { operation: o, before } = step;
    // An added column is refused (not asked about) when the table holds rows: SQL or a data
    // step before it may empty the table, so it is checked when it comes instead.
    if (op.kind === 'addColumn' && (o.kind === 'raw' || o.kind === 'data')) return null;
    // The first operation may be half done: what it renames is in neither name for sure.
    const half = step.first < done;
    if (o.kind === 'createTable' && o.table.key === table) return null;
    if (o.kind === 'renameTable') {
      const schema = before.tables.find((t) => t.key === o.table)?.schema;
      if (schema !== undefined && qualifiedKey(schema, o.to) === table) {
        if (half) return null;
        table = o.table;
      }
    }
    if (o.kind === 'addColumn' && o.table === table && o.column.name === column) return null;
    if (o.kind === 'renameColumn' && o.table === table && o.to === column) {
      if (half) return null;
      column = o.column;
    }
    // A narrowing's values are checked as the type before it holds them; an earlier
    // change of the same column changed them.
    if (
      op.kind === 'alterColumn' &&
      o.kind === 'alterColumn' &&
      o.table === table &&
      o.column === column
    )
      return null;
  }
  const found = plan[start]?.before.tables.find((t) => t.key === table);
  if (!found || (column !== undefined && !found.columns.some((c) => c.name === column)))
    return null;
  return { table, column };
}

/**
 * Every loss the operations still to run (statements after the first `done`, operations
 * from `from` on) would cause, checked now: operation index → loss.
 */
export async function lossesFirst(
  connection: MigrationConnection,
  plan: readonly PlannedStep[],
  done: number,
  from: number,
  label: string,
): Promise<Map<number, RunLoss>> {
  const losses = new Map<number, RunLoss>();
  const start = plan.findIndex((s, i) => i >= from && s.first + s.count > done);
  if (start === -1) return losses;
  for (let i = start; i < plan.length; i += 1) {
    const step = plan[i];
    if (!step || step.count === 0) continue;
    const live = liveNameAt(plan, i, start, done);
    if (live === null) continue;
    const loss = await runLossOf(connection, step.operation, step.before, live).catch(
      (error: unknown) => {
        throw new MigrationFailedError(
          `${label}: cannot look at what ${step.operation.kind} (operation ${i + 1}) loses: ${(error as Error).message}`,
        );
      },
    );
    if (loss) losses.set(i, loss);
  }
  return losses;
}

/** What a refused loss leaves behind, for its message. */
export interface RefusalContext {
  /** The migration's file and revision. */
  readonly label: string;
  /** The migration's revision (for the command that abandons it). */
  readonly revision: string;
  readonly dialect: string;
  /** Its statements applied when refused (DDL that is not transactional stays). */
  readonly applied: readonly string[];
  /** Where their progress is recorded. */
  readonly progressTable?: string | undefined;
  /** Whether data steps of it committed (they commit the operations before them too). */
  readonly dataCommitted: boolean;
  /** Whether a terminal asked (false: the refusal came without a question). */
  readonly asked: boolean;
}

/**
 * The refusal of `loss`: "nothing was changed" only when that is so, otherwise exactly
 * what stays applied and how the same command goes on from there.
 */
export function refusedLoss(loss: RunLoss, ctx: RefusalContext): string {
  const force = `--force to ${loss.verb}${ctx.asked ? '' : ' (no terminal to ask on)'}`;
  if (ctx.applied.length === 0 && !ctx.dataCommitted)
    return `${ctx.label} ${loss.what}; nothing was changed. ${loss.refused ?? `Re-run with ${force}.`}`;
  const n = ctx.applied.length;
  const lines = [`${ctx.label} ${loss.what}; refused, but part of the migration stays:`];
  if (n > 0) {
    lines.push(
      `Statements 1 to ${n} of it were applied and stay applied (${ctx.dialect} DDL is not transactional):`,
      numbered(ctx.applied),
    );
  }
  if (ctx.dataCommitted) {
    lines.push(
      `Its data steps that ran committed, with the operations before them (see ${DATA_PROGRESS_TABLE}).`,
    );
  }
  const resume = n > 0 ? ` (it resumes at statement ${n + 1})` : ' (it resumes after them)';
  lines.push(
    // What nothing agrees to goes on with the migration changed, not with --force.
    (loss.refused ? `${loss.refused} Then run the same command again` : `Re-run with ${force}`) +
      resume +
      (ctx.progressTable && n > 0
        ? `, or abandon the migration: undo statements 1 to ${n} by hand, then run \`dbgen migrate abandon ${ctx.revision}\` (it forgets its row in ${ctx.progressTable}).`
        : '.'),
  );
  return lines.join('\n');
}

/** Whether the user agrees to `loss` (--force, or a yes on the terminal). */
export async function agreesTo(
  options: {
    readonly force?: boolean | undefined;
    readonly confirmDrop?: ((question: string) => Promise<boolean>) | undefined;
  },
  label: string,
  direction: 'up' | 'down',
  loss: RunLoss,
): Promise<boolean> {
  // Nothing agrees to what cannot run as written (made-up values: not-null-add.ts).
  if (loss.refused) return false;
  if (options.force) return true;
  const verb = loss.verb.charAt(0).toUpperCase() + loss.verb.slice(1);
  const question = `${label} ${direction === 'up' ? 'upgrade' : 'downgrade'} ${loss.what}. ${verb}?`;
  return options.confirmDrop ? options.confirmDrop(question) : false;
}

/** The runner's plan of a migration: each rendered operation with the schema before it. */
export function planOf(
  steps: readonly { readonly operation: Operation; readonly statements: readonly string[] }[],
  before: SchemaIR,
): PlannedStep[] {
  const plan: PlannedStep[] = [];
  let state = before;
  let first = 0;
  for (const { operation, statements } of steps) {
    plan.push({ operation, before: state, first, count: statements.length });
    state = applyOperation(state, operation);
    first += statements.length;
  }
  return plan;
}
