// The insert-id plan (insert-ids.ts) against a scripted executor: the server settings our
// MariaDB cannot take (another innodb_autoinc_lock_mode needs a restart) and driver answers
// a real server does not give (no insert id, a short row count).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineTable, Model, OrmError, registerModel, type Column } from '@dbgen/runtime';
import type { StatementNode } from '../../../packages/runtime/src/core/nodes.js';
import { insertStates } from '../../../packages/runtime/src/orm/flush/insert-states.js';
import { mapperOf } from '../../../packages/runtime/src/orm/mapping/mapper.js';
import type { OrmExecutor, RunResult } from '../../../packages/runtime/src/orm/session/executor.js';
import type { InstanceState } from '../../../packages/runtime/src/orm/state/instance-state.js';
import { column, id, table } from '../../support/ir.js';

const plansIR = table('plan_rows', [id(), column('name', 'text')], { className: 'PlanRow' });
const plans = defineTable<{ id: Column<number>; name: Column<string> }>(plansIR);
class PlanRow extends Model {
  static readonly c = plans;
  declare id: number;
  declare name: string;
}
registerModel(PlanRow, plans, {});

interface Script {
  readonly step: number;
  readonly lockMode: number | null;
  /** The answer to an INSERT of `rows` rows, given the first id the server would take. */
  readonly insert?: (rows: number, first: number) => RunResult;
}

/** An executor without RETURNING that answers like MySQL, per `script`; logs statement kinds. */
function scripted(script: Script): { ex: OrmExecutor; log: string[] } {
  const log: string[] = [];
  let next = 101;
  const ex: OrmExecutor = {
    returning: false,
    eagerDefaults: false,
    async run(statement: StatementNode) {
      if (statement.kind === 'rawStatement') {
        log.push('settings');
        return { rows: [{ step: script.step, lock_mode: script.lockMode }], rowCount: 1 };
      }
      assert.equal(statement.kind, 'insert');
      assert.deepEqual(statement.kind === 'insert' && statement.returning, []);
      const rows = statement.kind === 'insert' ? (statement.values as unknown[]).length : 0;
      log.push(`insert ${rows}`);
      const first = next;
      next += rows * script.step;
      return script.insert?.(rows, first) ?? { rows: [], rowCount: rows, insertId: first };
    },
    select: () => Promise.reject(new Error('no select expected')),
  };
  return { ex, log };
}

const states = (n: number): InstanceState[] =>
  Array.from({ length: n }, (_, i) => ({ obj: { name: `r${i}` } }) as unknown as InstanceState);
const ids = (sts: readonly InstanceState[]): unknown[] =>
  sts.map((st) => (st.obj as { id?: unknown }).id);

test('lock modes 0, 1 and 2: one INSERT, keys insertId + i × auto_increment_increment', async () => {
  for (const lockMode of [0, 1, 2]) {
    const { ex, log } = scripted({ step: 5, lockMode });
    const sts = states(4);
    await insertStates(ex, mapperOf(PlanRow), sts);
    assert.deepEqual(log, ['settings', 'insert 4']);
    assert.deepEqual(ids(sts), [101, 106, 111, 116]);
  }
});

test('a lock mode not known to keep a statement’s values consecutive: one INSERT per row', async () => {
  for (const lockMode of [3, null]) {
    const { ex, log } = scripted({ step: 1, lockMode });
    const sts = states(3);
    await insertStates(ex, mapperOf(PlanRow), sts);
    assert.deepEqual(log, ['settings', 'insert 1', 'insert 1', 'insert 1']);
    assert.deepEqual(ids(sts), [101, 102, 103]);
  }
});

test('an INSERT without an insert id or with a short row count is an OrmError, not a guess', async () => {
  const none = scripted({ step: 1, lockMode: 1, insert: (rows) => ({ rows: [], rowCount: rows }) });
  await assert.rejects(insertStates(none.ex, mapperOf(PlanRow), states(2)), (error: unknown) => {
    assert.ok(error instanceof OrmError);
    assert.match(error.message, /"[^"]*plan_rows" reported no insert id/);
    return true;
  });
  const short = scripted({
    step: 1,
    lockMode: 1,
    insert: (rows, first) => ({ rows: [], rowCount: rows - 1, insertId: first }),
  });
  await assert.rejects(insertStates(short.ex, mapperOf(PlanRow), states(2)), {
    name: 'OrmError',
    message: /reported 1 rows for 2/,
  });
});
