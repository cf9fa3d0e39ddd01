/**
 * The flush's side of write-guarding filters (tenant scoping): before a table's INSERTs,
 * UPDATEs and DELETEs are sent, objects get the session's value in the guarded column
 * when they have none, and an object that has (or had) another value, or a foreign key
 * that points at a row without the session's value (another tenant's), fails the flush
 * with a {@link TenantViolationError} — before anything of that table is written; the
 * flush then rolls back as any failed flush does. The database side is guarded too: the rewrite adds
 * `column = value` to every UPDATE and DELETE the session runs.
 */
import { lowerUuids } from '../../core/uuid-case.js';
import type { ColumnIR } from '../../schema/ir.js';
import { TenantViolationError } from '../errors.js';
import { mapperForTable, type Mapper } from '../mapping/mapper.js';
import type { OrmExecutor } from '../session/executor.js';
import { identityKey } from '../state/identity-map.js';
import type { InstanceState } from '../state/instance-state.js';
import { andNode, columnNode, matchAny, selectNode, selection, tableNode } from '../sql.js';
import { tableAt, type Filter } from './filter.js';
import type { SessionCriteria } from './session-criteria.js';

type Obj = Record<string, unknown>;

function describeKey(mapper: Mapper, st: InstanceState): string {
  const o = (st.committed ?? st.obj) as Obj;
  return `${mapper.name} ${JSON.stringify(mapper.pkProps.map((p) => o[p]).join(', '))}`;
}

function show(v: unknown): string {
  return typeof v === 'bigint' ? `${v}n` : JSON.stringify(v);
}

export class WriteGuard {
  constructor(
    private readonly criteria: SessionCriteria,
    private readonly ex: OrmExecutor,
  ) {}

  private guards(mapper: Mapper): readonly Filter[] {
    return this.criteria.writeGuards(mapper.ir);
  }

  /** New objects: the guarded column filled in when unset (before `beforeInsert` handlers). */
  fill(mapper: Mapper, wave: readonly InstanceState[]): void {
    for (const f of this.guards(mapper)) {
      const { column, value } = f.writeGuard!;
      const prop = mapper.prop(column);
      for (const st of wave) {
        const o = st.obj as Obj;
        if (o[prop] === undefined || o[prop] === null) o[prop] = value;
      }
    }
  }

  /** New objects: the guarded column filled in when unset, refused when it differs. */
  async inserts(mapper: Mapper, wave: readonly InstanceState[]): Promise<void> {
    // Filled again: a `beforeInsert` handler may have cleared the column since `fill`.
    this.fill(mapper, wave);
    for (const f of this.guards(mapper)) {
      const { column, value } = f.writeGuard!;
      const prop = mapper.prop(column);
      for (const st of wave) {
        const o = st.obj as Obj;
        if (o[prop] !== value)
          throw new TenantViolationError(
            `cannot insert ${mapper.name} with ${prop} = ${show(o[prop])}: this session writes only ${prop} = ${show(value)} (filter '${f.name}')`,
          );
      }
    }
    await this.references(mapper, wave, null);
  }

  /** Changed objects: the row must be the session's, and stay so. */
  async updates(
    mapper: Mapper,
    entries: readonly { state: InstanceState; changed: readonly string[] }[],
  ): Promise<void> {
    const guards = this.guards(mapper);
    for (const f of guards) {
      const { column, value } = f.writeGuard!;
      const prop = mapper.prop(column);
      for (const { state } of entries) {
        const had = (state.committed as Obj | null)?.[prop];
        const has = (state.obj as Obj)[prop];
        if (had !== value)
          throw new TenantViolationError(
            `cannot update ${describeKey(mapper, state)}: its ${prop} is ${show(had)}, this session's is ${show(value)} (filter '${f.name}')`,
          );
        if (has !== value)
          throw new TenantViolationError(
            `cannot move ${describeKey(mapper, state)} to ${prop} = ${show(has)}: this session writes only ${prop} = ${show(value)} (filter '${f.name}')`,
          );
      }
    }
    await this.references(
      mapper,
      entries.map((e) => e.state),
      entries,
    );
  }

  /**
   * New many-to-many links: both ends must be rows of the session's (an object carried
   * over from another tenant's session would otherwise be linked to).
   */
  links(ops: readonly { readonly owner: InstanceState; readonly target: InstanceState }[]): void {
    for (const op of ops)
      for (const end of [op.owner, op.target]) {
        for (const f of this.guards(end.mapper)) {
          const { column, value } = f.writeGuard!;
          const prop = end.mapper.prop(column);
          const had = ((end.committed ?? end.obj) as Obj)[prop];
          if (had !== value)
            throw new TenantViolationError(
              `cannot link ${describeKey(end.mapper, end)}: its ${prop} is ${show(had)}, this session's is ${show(value)} (filter '${f.name}')`,
            );
        }
      }
  }

  /** Deleted objects: the row must be the session's. */
  deletes(mapper: Mapper, states: readonly InstanceState[]): void {
    for (const f of this.guards(mapper)) {
      const { column, value } = f.writeGuard!;
      const prop = mapper.prop(column);
      for (const st of states) {
        const had = (st.committed as Obj | null)?.[prop];
        if (had !== value)
          throw new TenantViolationError(
            `cannot delete ${describeKey(mapper, st)}: its ${prop} is ${show(had)}, this session's is ${show(value)} (filter '${f.name}')`,
          );
      }
    }
  }

  /**
   * Foreign keys written (all of an insert's, an update's changed ones) that point at a
   * write-guarded table must name rows of the session's (its tenant's): one SELECT per
   * such key, with the write guards' conditions only (see {@link visible}).
   */
  private async references(
    mapper: Mapper,
    states: readonly InstanceState[],
    updates: readonly { changed: readonly string[] }[] | null,
  ): Promise<void> {
    for (const fk of mapper.ir.foreignKeys) {
      const target = mapperForTable(fk.target);
      if (target === undefined || this.guards(target).length === 0) continue;
      const props = fk.columns.map((c) => mapper.prop(c));
      const cols = fk.targetColumns.map((c) => target.column(c));
      // A uuid comes back in lowercase whatever case it was written in (every dialect
      // binds or prints it so): the key looked for is its lowercase form.
      const uuid = cols.map((c) => c.type.logical === 'uuid' && c.type.arrayDims === 0);
      const wanted = new Map<string | number, unknown[]>();
      for (let i = 0; i < states.length; i++) {
        if (updates !== null && !props.some((p) => updates[i]!.changed.includes(p))) continue;
        const o = (states[i] as InstanceState).obj as Obj;
        const values = props.map((p, j) => (uuid[j] ? lowerUuids(o[p]) : o[p]));
        if (values.some((v) => v === null || v === undefined)) continue;
        wanted.set(identityKey(values), values);
      }
      if (wanted.size === 0) continue;
      const found = await this.visible(target, cols, [...wanted.values()]);
      for (const [key, values] of wanted)
        if (!found.has(key))
          throw new TenantViolationError(
            `cannot write ${mapper.name}.${props.join(', ')} = ${values.map(show).join(', ')}: ` +
              `no ${target.name} row with that key is visible to this session (another tenant's, or none)`,
          );
    }
  }

  /**
   * Keys among `keys` whose rows are the session's: the write guards' conditions (the
   * tenant's) only, not the other read filters. A filter that hides a row from reads
   * (soft delete, a session's own filter) does not make it another tenant's: an article
   * may be added under the tenant's own soft-deleted author, as the database allows.
   */
  private async visible(
    target: Mapper,
    cols: readonly ColumnIR[],
    keys: readonly unknown[][],
  ): Promise<Set<string | number>> {
    const q = target.ir.name;
    const table = tableAt(target.ir, q);
    const guards = this.guards(target).map((f) => f.condition(table, target.ir));
    const found = new Set<string | number>();
    for (let start = 0; start < keys.length; start += 1000) {
      const chunk = keys.slice(start, start + 1000);
      const stmt = selectNode({
        selections: cols.map((c, i) => selection(columnNode(c, q), `k${i}`)),
        from: [tableNode(target.ir)],
        where: andNode([matchAny(cols, chunk, q, this.ex.arrayParameters === true), ...guards]),
      });
      // Unfiltered: the guards' conditions are in the statement. (A session's executor
      // always has `runUnfiltered`; `run` would add the same conditions again.)
      const { rows } =
        this.ex.runUnfiltered !== undefined
          ? await this.ex.runUnfiltered(stmt)
          : await this.ex.run(stmt);
      for (const row of rows) found.add(identityKey(cols.map((_, i) => (row as Obj)[`k${i}`])));
    }
    return found;
  }
}
