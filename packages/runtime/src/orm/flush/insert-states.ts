/**
 * The flush's INSERTs: a table's new rows in batches (the per-row loops are in
 * insert-batch.ts; keys without RETURNING in insert-ids.ts and insert-rowids.ts).
 */
import { OrmError } from '../errors.js';
import type { Mapper } from '../mapping/mapper.js';
import type { OrmExecutor, RunResult } from '../session/executor.js';
import type { InstanceState } from '../state/instance-state.js';
import type { Journal } from '../state/journal.js';
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
  journal: Journal | null = null,
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
    // Before the INSERT (a later group may fail): a rollback unsets the defaults read.
    if (journal !== null && returning.length > mapper.pkColumns.length) {
      const filled = returning.filter((c) => !c.primaryKey).map((c) => c.propertyName);
      journal.noteFilled(group, filled);
    }
    const width = setCols.length;
    // Rows that set no column are each an `INSERT ... DEFAULT VALUES`: it inserts one row.
    const size =
      width === 0
        ? 1
        : (ids?.rowsPerStatement ??
          Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / width))));
    const send = (start: number, count: number): Promise<RunResult> => {
      const params = insertParams(mapper, setCols, group, start, count);
      const stmt = preparedInsert(mapper.ir, setCols, count, ids === null ? returning : []);
      return ex.run(stmt, params as unknown as Readonly<Record<string, unknown>>);
    };
    const take = (result: RunResult, start: number, count: number): void => {
      if (ids !== null) ids.take(result, start, count);
      if (returning.length === 0 || ids !== null) return;
      const rows = result.rows;
      if (rows.length !== count)
        throw new OrmError(`INSERT into "${mapper.key}" returned ${rows.length} rows for ${count}`);
      assignReturned(rows, group, start, returningProps);
    };
    if (ids === null && ex.pipelines === true) await sendAhead(group.length, size, send, take);
    else
      for (let start = 0; start < group.length; start += size) {
        const count = Math.min(size, group.length - start);
        take(await send(start, count), start, count);
      }
    if (ids !== null) await ids.finish();
  }
}

/** Batches sent before the first of them is answered (see {@link sendAhead}). */
const AHEAD = 4;

/**
 * Sends `total` rows in batches of `size` with up to {@link AHEAD} of them given to the
 * connection before the first is answered, where it runs them in the order given and a
 * transaction refuses every statement after a failure (`ex.pipelines`: PostgreSQL): the
 * next batches' values are checked and bound while the server inserts. Answers are taken
 * in order. The flush's error is the first in that order: a batch the database refused
 * comes before a value refused here for a later batch. No batch's failure goes unhandled.
 */
async function sendAhead(
  total: number,
  size: number,
  send: (start: number, count: number) => Promise<RunResult>,
  take: (result: RunResult, start: number, count: number) => void,
): Promise<void> {
  const sent: (Promise<RunResult> | null)[] = [];
  let taken = 0;
  const takeNext = async (): Promise<void> => {
    const start = taken * size;
    const batch = sent[taken] as Promise<RunResult>;
    sent[taken] = null; // (its rows go to the objects: not kept here too)
    take(await batch, start, Math.min(size, total - start));
    taken++;
  };
  for (let start = 0; start < total; start += size) {
    let batch: Promise<RunResult>;
    try {
      batch = send(start, Math.min(size, total - start));
    } catch (error) {
      // Refused before it was sent (a value, a filter): a batch sent before it may have
      // failed first, and that is the flush's error.
      for (let i = taken; i < sent.length; i++) await sent[i];
      throw error;
    }
    // Awaited in order below, maybe after another batch failed: never left unhandled.
    batch.catch(() => undefined);
    sent.push(batch);
    if (sent.length - taken >= AHEAD) await takeNext();
  }
  while (taken < sent.length) await takeNext();
}
