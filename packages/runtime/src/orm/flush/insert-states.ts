/**
 * The flush's INSERTs: a table's new rows in batches (the per-row loops are in
 * insert-batch.ts; keys without RETURNING in insert-ids.ts and insert-rowids.ts).
 */
import { OrmError } from '../errors.js';
import type { Mapper } from '../mapping/mapper.js';
import type { OrmExecutor, RunResult } from '../session/executor.js';
import type { InstanceState } from '../state/instance-state.js';
import { MAX_PARAMETERS, MAX_ROWS } from './batch-limits.js';
import { assignReturned, groupByColumnSet, insertParams, preparedInsert } from './insert-batch.js';
import { insertIdPlan } from './insert-ids.js';
import { rowidInsertPlan } from './insert-rowids.js';
import { refuseGenerated, refuseView } from './read-only.js';

type Obj = Record<string, unknown>;

/**
 * Inserts `states` (all of `mapper`), grouped by the set of columns they give values for
 * (omitted columns take their database defaults). With RETURNING, one multi-row INSERT per
 * group and chunk returns generated keys and defaults; rows come back in VALUES order.
 * The loops over rows are in insert-batch.ts (why there: see its header).
 */
export async function insertStates(
  ex: OrmExecutor,
  mapper: Mapper,
  states: readonly InstanceState[],
): Promise<void> {
  refuseView(mapper, 'INSERT');
  const columns = mapper.columns;
  for (const group of groupByColumnSet(mapper, states)) {
    const first = (group[0] as InstanceState).obj as Obj;
    const setCols = columns.filter((c) => first[c.propertyName] !== undefined);
    refuseGenerated(mapper, setCols);
    // The key always; what the database fills in unless the session defers it.
    const eager = ex.eagerDefaults !== false;
    const returning = columns.filter((c) => c.primaryKey || (eager && !setCols.includes(c)));
    // No RETURNING (MySQL 8): keys from the insert id, defaults read back (insert-ids.ts).
    // SQLite, a large group: keys from the rowid, defaults in one row (insert-rowids.ts).
    const ids = !ex.returning
      ? await insertIdPlan(ex, mapper, group, setCols)
      : await rowidInsertPlan(ex, mapper, group, setCols);
    const returningProps = returning.map((c) => c.propertyName);
    const width = setCols.length;
    // Rows that set no column are each an `INSERT ... DEFAULT VALUES`: it inserts one row.
    const size =
      width === 0
        ? 1
        : (ids?.rowsPerStatement ??
          Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / width))));
    // Where the connection pipelines (PostgreSQL), each batch is sent without waiting for
    // the one before: the next batch's values are checked and bound while the server
    // inserts. Their rows are taken in order; the first failure is the flush's (the
    // transaction refuses the batches behind it, and the flush's rollback follows them).
    const pipelined = ids === null && ex.pipelines === true;
    const inFlight: Promise<RunResult>[] = [];
    const take = (result: RunResult, start: number, count: number): void => {
      if (ids !== null) ids.take(result, start, count);
      if (returning.length === 0 || ids !== null) return;
      const rows = result.rows;
      if (rows.length !== count)
        throw new OrmError(`INSERT into "${mapper.key}" returned ${rows.length} rows for ${count}`);
      assignReturned(rows, group, start, returningProps);
    };
    for (let start = 0; start < group.length; start += size) {
      const count = Math.min(size, group.length - start);
      const params = insertParams(mapper, setCols, group, start, count);
      const stmt = preparedInsert(mapper.ir, setCols, count, ids === null ? returning : []);
      const sent = ex.run(stmt, params as unknown as Readonly<Record<string, unknown>>);
      if (!pipelined) {
        take(await sent, start, count);
        continue;
      }
      // Awaited below, maybe after a failure of another batch: never an unhandled rejection.
      sent.catch(() => undefined);
      inFlight.push(sent);
    }
    for (let i = 0; i < inFlight.length; i++)
      take(
        await (inFlight[i] as Promise<RunResult>),
        i * size,
        Math.min(size, group.length - i * size),
      );
    if (ids !== null) await ids.finish();
  }
}
