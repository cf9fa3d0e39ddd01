/**
 * A session's default criteria: its filters, which of them are on, and the two things
 * done with them — rewriting each statement the session runs (rewrite.ts) and testing
 * objects already in the identity map. Filters are switched per session
 * (`session.filters.disable('softDelete')`) and per query (`query.withDeleted()`,
 * `query.withoutFilters('tenant')`), so every lookup takes the query's overrides.
 */
import {
  node,
  type ExpressionNode,
  type InsertNode,
  type ParamNode,
  type SetNode,
  type StatementNode,
  type TableNode,
} from '../../core/nodes.js';
import { anySoftDeleteTableDefined, definedTable } from '../../core/table.js';
import type { TableIR } from '../../schema/ir.js';
import { InvalidRequestError, TenantViolationError } from '../errors.js';
import { mapperForTable, type Mapper } from '../mapping/mapper.js';
import { andNode } from '../sql.js';
import { anySoftDeleteModel } from '../mapping/mapper.js';
import { softDeleteFilter, tableAt, tenantFilter, type Filter } from './filter.js';
import { applyCriteria } from './rewrite.js';

/** Filter names switched off for one query. */
export type FiltersOff = ReadonlySet<string>;

/** Switching a session's filters: `session.filters.disable('softDelete')`. */
export interface SessionFilters {
  /** Names of the session's filters. */
  readonly names: readonly string[];
  /** False after `disable(name)`: the filter's read condition is then off. */
  isEnabled(name: string): boolean;
  enable(name: string): void;
  /**
   * Switches a filter's read condition off for the rest of the session (until `enable`).
   * A filter that guards writes (the tenant filter) keeps guarding them: the session
   * then reads every tenant's rows, but its INSERTs, UPDATEs, DELETEs and flushes still
   * write only its own tenant's rows (TenantViolationError otherwise), as with a query's
   * `withoutFilters('tenant')`. A session that must write for any tenant is made without
   * the tenant option.
   */
  disable(name: string): void;
  /** Throws an InvalidRequestError naming the session's filters when `name` is not one. */
  check(name: string): void;
}

const EMPTY: readonly Filter[] = [];

export class SessionCriteria implements SessionFilters {
  private readonly off = new Set<string>();
  /** Active filters by table key (for the session's switches; per-query overrides apart). */
  private readonly byTable = new Map<string, readonly Filter[]>();
  /** Write-guarding filters by table key: no switch lifts them, so kept for the session. */
  private readonly guardsByTable = new Map<string, readonly Filter[]>();
  /** `get()`'s statement per mapper with the filters added (made once per switch state). */
  private readonly keySelects = new Map<Mapper, StatementNode>();

  constructor(
    private readonly filters: readonly Filter[],
    /** How the dialect spells an upsert (MySQL's ON DUPLICATE KEY UPDATE has no WHERE). */
    private readonly upsert: 'onConflict' | 'onDuplicateKey' = 'onConflict',
  ) {
    const seen = new Set<string>();
    for (const f of filters) {
      if (seen.has(f.name))
        throw new InvalidRequestError(`two filters are named '${f.name}'; names must differ`);
      seen.add(f.name);
    }
  }

  get names(): readonly string[] {
    return this.filters.map((f) => f.name);
  }

  isEnabled(name: string): boolean {
    this.check(name);
    return !this.off.has(name);
  }

  enable(name: string): void {
    this.check(name);
    this.off.delete(name);
    this.byTable.clear();
    this.keySelects.clear();
  }

  disable(name: string): void {
    this.check(name);
    this.off.add(name);
    this.byTable.clear();
    this.keySelects.clear();
  }

  /** Throws for a name that is not one of the session's filters. */
  check(name: string): void {
    if (!this.filters.some((f) => f.name === name))
      throw new InvalidRequestError(
        `this session has no filter named '${name}'` +
          (this.filters.length > 0
            ? `; its filters are: ${this.names.join(', ')}`
            : '; it has no filters'),
      );
  }

  /** The filters on for a table (per-query overrides applied). */
  active(ir: TableIR, off: FiltersOff | null): readonly Filter[] {
    let list = this.byTable.get(ir.key);
    if (list === undefined) {
      list = this.filters.filter((f) => !this.off.has(f.name) && f.appliesTo(ir));
      if (list.length === 0) list = EMPTY;
      this.byTable.set(ir.key, list);
    }
    if (off === null || list.length === 0) return list;
    return list.filter((f) => !off.has(f.name));
  }

  /**
   * The filters that guard writes on a table: switched off neither by a query nor by
   * `disable()` (which lifts only their read condition).
   */
  writeGuards(ir: TableIR): readonly Filter[] {
    let list = this.guardsByTable.get(ir.key);
    if (list === undefined) {
      list = this.filters.filter((f) => f.writeGuard !== null && f.appliesTo(ir));
      if (list.length === 0) list = EMPTY;
      this.guardsByTable.set(ir.key, list);
    }
    return list;
  }

  /**
   * Whether `obj` (already in memory) passes the session's filters: false when one of them
   * hides it, null when none hides it but one has no in-memory test (the database must
   * say: an object read by a query that switched that filter off may be one it hides).
   */
  matches(mapper: Mapper, obj: object): boolean | null {
    const list = this.active(mapper.ir, null);
    let untested = false;
    for (let i = 0; i < list.length; i++) {
      const m = (list[i] as Filter).matches;
      if (m === null) untested = true;
      else if (!m(obj, mapper)) return false;
    }
    return untested ? null : true;
  }

  /** `get()`'s SELECT by key for `mapper` with the filters added, kept for the next call. */
  keySelect(mapper: Mapper, make: (mapper: Mapper) => StatementNode): StatementNode {
    let stmt = this.keySelects.get(mapper);
    if (stmt === undefined) {
      stmt = this.apply(make(mapper), null, undefined);
      this.keySelects.set(mapper, stmt);
    }
    return stmt;
  }

  /**
   * The statement with the filters' conditions added. `params` are the statement's
   * placeholder values (for checking the write-guarded column of an INSERT).
   */
  apply(
    statement: StatementNode,
    off: FiltersOff | null,
    params: Readonly<Record<string, unknown>> | undefined,
  ): StatementNode {
    if (statement.kind === 'insert') {
      const guarded = this.guardInsert(statement, params);
      if (statement.onConflict?.update != null) this.guardUpsert(statement, params);
      return applyCriteria(guarded, this.conditionFor(off));
    }
    if (statement.kind === 'update') {
      const ir = tableIR(statement.table);
      if (ir !== undefined) this.guardSets(ir, statement.set, params, 'UPDATE', false);
    }
    return applyCriteria(statement, this.conditionFor(off));
  }

  private conditionFor(off: FiltersOff | null) {
    return (table: TableNode, qualifier: string, writes: boolean): ExpressionNode | null => {
      const ir = tableIR(table);
      if (ir === undefined) return null;
      const list = writes ? this.writeGuards(ir) : this.active(ir, off);
      if (list.length === 0) return null;
      const t = tableAt(ir, qualifier);
      return andNode(list.map((f) => f.condition(t, ir)));
    };
  }

  /**
   * An INSERT into a write-guarded table: rows that leave the column out get the
   * session's value; rows that give another value fail with a TenantViolationError.
   */
  private guardInsert(
    statement: InsertNode,
    params: Readonly<Record<string, unknown>> | undefined,
  ): InsertNode {
    const ir = tableIR(statement.table);
    if (ir === undefined) return statement;
    let out = statement;
    for (const f of this.writeGuards(ir)) {
      const { column, value } = f.writeGuard as { column: string; value: unknown };
      const col = ir.columns.find((c) => c.name === column);
      if (col === undefined) continue;
      if (!Array.isArray(out.values))
        throw new TenantViolationError(
          `INSERT INTO "${ir.name}" ... SELECT: filter '${f.name}' cannot check "${column}" of selected rows; insert values instead`,
        );
      const rows = out.values as readonly (readonly ExpressionNode[])[];
      const at = out.columns.indexOf(column);
      if (at < 0) {
        const v = node({ kind: 'value' as const, value, type: col.type });
        out = {
          ...out,
          columns: [...out.columns, column],
          values: rows.map((r) => [...r, v]),
        };
        continue;
      }
      for (const r of rows) {
        const cell = r[at] as ExpressionNode;
        const given =
          cell.kind === 'value'
            ? cell.value
            : cell.kind === 'param'
              ? paramValue(cell, params)
              : NOT_A_VALUE;
        if (given !== value)
          throw new TenantViolationError(
            given === NOT_A_VALUE
              ? `INSERT INTO "${ir.name}": "${column}" must be a plain value for filter '${f.name}' to check it`
              : `INSERT INTO "${ir.name}": "${column}" = ${JSON.stringify(String(given))} is not this session's (${JSON.stringify(String(value))}; filter '${f.name}')`,
          );
      }
    }
    return out;
  }

  /**
   * An upsert's DO UPDATE on a write-guarded table: the rewrite limits it to the
   * session's rows (in its WHERE); MySQL's ON DUPLICATE KEY UPDATE takes no WHERE, so
   * there it is refused (a conflict with another tenant's row would change that row).
   */
  private guardUpsert(
    statement: InsertNode,
    params: Readonly<Record<string, unknown>> | undefined,
  ): void {
    const ir = tableIR(statement.table);
    if (ir === undefined) return;
    const guards = this.writeGuards(ir);
    if (guards.length === 0) return;
    if (this.upsert === 'onDuplicateKey') {
      const f = guards[0] as Filter;
      throw new TenantViolationError(
        `INSERT INTO "${ir.name}" ... ON DUPLICATE KEY UPDATE: filter '${f.name}' cannot limit the update to this session's rows ` +
          `("${f.writeGuard!.column}"), as this dialect's upsert has no WHERE; use onConflictDoNothing(), or select the row and update it`,
      );
    }
    this.guardSets(
      ir,
      statement.onConflict!.update!,
      params,
      'INSERT ... ON CONFLICT DO UPDATE',
      true,
    );
  }

  /**
   * SETs of a write-guarded column: allowed only to the session's value, given as a
   * plain value or parameter (as INSERTs are checked) — else the rows would be moved to
   * another tenant. In an upsert, the proposed row's own column (`excluded.<column>`)
   * passes too: the INSERT's check already held it to the session's value.
   */
  private guardSets(
    ir: TableIR,
    sets: readonly SetNode[],
    params: Readonly<Record<string, unknown>> | undefined,
    what: string,
    upsert: boolean,
  ): void {
    for (const f of this.writeGuards(ir)) {
      const { column, value } = f.writeGuard as { column: string; value: unknown };
      for (const s of sets) {
        if (s.column !== column) continue;
        const v = s.value;
        if (upsert && v.kind === 'column' && v.table === 'excluded' && v.name === column) continue;
        const given =
          v.kind === 'value' ? v.value : v.kind === 'param' ? paramValue(v, params) : NOT_A_VALUE;
        if (given !== value)
          throw new TenantViolationError(
            given === NOT_A_VALUE
              ? `${what} "${ir.name}": SET "${column}" must be a plain value for filter '${f.name}' to check it`
              : `${what} "${ir.name}": SET "${column}" = ${JSON.stringify(String(given))} would move rows out of this session's ${JSON.stringify(String(value))} (filter '${f.name}')`,
          );
      }
    }
  }
}

const NOT_A_VALUE = Symbol('not a value');

function paramValue(p: ParamNode, params: Readonly<Record<string, unknown>> | undefined): unknown {
  if (params === undefined) return undefined;
  if (Array.isArray(params) && p.index !== undefined && p.index >= 0) return params[p.index];
  return params[p.name];
}

/**
 * The IR of the table a FROM item names: its registered model's, else the table's as
 * defined (a table without a primary key has no model, and is filtered all the same).
 */
function tableIR(table: TableNode): TableIR | undefined {
  const key = `${table.schema ?? 'public'}.${table.name}`;
  return mapperForTable(key)?.ir ?? definedTable(key);
}

/**
 * A session's criteria from its options: soft delete when a registered model has it, the
 * tenant's filter, then the session's own filters; null when there are none (the session
 * then adds and checks nothing).
 */
export function criteriaFromOptions(
  tenant:
    | string
    | number
    | bigint
    | { readonly id: string | number | bigint; readonly column?: string }
    | undefined,
  own: readonly Filter[] | undefined,
  upsert?: 'onConflict' | 'onDuplicateKey',
): SessionCriteria | null {
  const filters: Filter[] = [];
  if (anySoftDeleteModel() || anySoftDeleteTableDefined()) filters.push(softDeleteFilter);
  if (tenant !== undefined)
    filters.push(
      typeof tenant === 'object' && tenant !== null
        ? tenantFilter(tenant.id, tenant.column === undefined ? {} : { column: tenant.column })
        : tenantFilter(tenant),
    );
  if (own !== undefined) filters.push(...own);
  return filters.length === 0 ? null : new SessionCriteria(filters, upsert);
}
