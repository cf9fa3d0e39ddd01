/**
 * The studio's unit of work: row edits staged on the server as Core statements, shown as
 * the exact SQL (with bound values) that commit will run, then committed as ONE transaction
 * or discarded. An update or delete carries a stale-row guard in its WHERE: the row's
 * version column where the schema has one, else the original values of its exactly
 * comparable columns. A guarded statement that touches no row means the row changed (or
 * went) since the user read it: the transaction is rolled back, nothing is written, and the
 * conflicts are reported with the rows as they are now.
 */
import {
  and,
  DbgenError,
  deleteFrom,
  insertInto,
  update,
  type Compilable,
  type Engine,
  type Expression,
} from '@dbgen/runtime';
import { columnExpression, columnOf, type StudioCatalog, type StudioTable } from './catalog.js';
import { comparesExactly, decodeValue, encodeValue } from './codec.js';
import { encodeRow, selectRows } from './rows.js';
import { StudioError } from './errors.js';

/** An edit as the browser sends it; values and originals are keyed by column name. */
export interface ChangeRequest {
  readonly kind: 'insert' | 'update' | 'delete';
  readonly table: string;
  /** insert: the values given; update: only the changed columns. */
  readonly values?: Readonly<Record<string, unknown>>;
  /** update, delete: the row as it was read (every column), for the key and the guard. */
  readonly original?: Readonly<Record<string, unknown>>;
}

/** A staged change as the browser shows it. */
export interface StagedView {
  readonly id: number;
  readonly kind: ChangeRequest['kind'];
  readonly table: string;
  /** The primary key values of the row (update, delete). */
  readonly key: Readonly<Record<string, unknown>> | null;
  /** The SQL commit will run, with its bound parameters (encoded for JSON). */
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

interface Staged {
  readonly view: StagedView;
  readonly table: StudioTable;
  readonly statement: Compilable;
  /** The key condition, to read the row as it is now when the guard fails. */
  readonly keyCondition: Expression<boolean> | null;
  /** An update's values as sent, keyed by column name (they guard later edits of the row). */
  readonly written?: Readonly<Record<string, unknown>>;
}

export interface CommitResult {
  readonly committed: number;
}

export class UnitOfWork {
  private staged: Staged[] = [];
  private nextId = 1;
  // Commits, stagings and discards run one at a time: a commit sees a fixed list.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly engine: Engine,
    private readonly catalog: StudioCatalog,
  ) {}

  /** The staged changes in the order commit will run them. */
  list(): readonly StagedView[] {
    return this.staged.map((s) => s.view);
  }

  /** Stages one change; a bad table, column or value is a 400 and stages nothing. */
  stage(request: ChangeRequest): Promise<StagedView> {
    return this.serial(async () => {
      const staged = this.build(request);
      this.staged.push(staged);
      return staged.view;
    });
  }

  /** Drops one staged change. */
  unstage(id: number): Promise<void> {
    return this.serial(async () => {
      const before = this.staged.length;
      this.staged = this.staged.filter((s) => s.view.id !== id);
      if (this.staged.length === before) throw new StudioError(404, `no staged change #${id}`);
    });
  }

  /** Drops every staged change; nothing was sent to the database. */
  discard(): Promise<number> {
    return this.serial(async () => {
      const dropped = this.staged.length;
      this.staged = [];
      return dropped;
    });
  }

  /**
   * Runs every staged statement in one transaction. On a stale row (409) or a statement
   * the database refuses (422) it rolls back, keeps the staged list as it was, and says
   * which change failed and why.
   */
  commit(): Promise<CommitResult> {
    return this.serial(async () => {
      const changes = this.staged;
      const stale: Staged[] = [];
      let running: Staged | null = null;
      try {
        await this.engine.transaction(async (tx) => {
          for (const change of changes) {
            running = change;
            const result = await tx.execute(change.statement);
            if (change.keyCondition !== null && result.rowCount !== 1) stale.push(change);
          }
          running = null;
          if (stale.length > 0) throw new StaleRows();
        });
      } catch (error) {
        if (error instanceof StaleRows) throw await this.conflict(stale);
        const failed = running as Staged | null;
        if (error instanceof DbgenError && failed !== null) {
          throw new StudioError(
            422,
            `change #${failed.view.id} (${failed.view.kind} ${failed.view.table}) was refused by the database: ${error.message.split('\n')[0]}; nothing was written`,
            { change: failed.view.id },
          );
        }
        throw error;
      }
      this.staged = [];
      return { committed: changes.length };
    });
  }

  private async conflict(stale: readonly Staged[]): Promise<StudioError> {
    const conflicts = [];
    for (const change of stale) {
      const query = selectRows(change.table, this.engine.dialect.name).where(change.keyCondition!);
      const [row] = (await this.engine.execute(query)).rows as Record<string, unknown>[];
      conflicts.push({
        change: change.view.id,
        table: change.view.table,
        key: change.view.key,
        current: row ? encodeRow(change.table, row) : null,
      });
    }
    const ids = stale.map((s) => `#${s.view.id}`).join(', ');
    return new StudioError(
      409,
      `stale rows: change ${ids} ${stale.length === 1 ? 'targets a row that' : 'target rows that'} changed since ${stale.length === 1 ? 'it was' : 'they were'} read; nothing was written`,
      { conflicts },
    );
  }

  private build(request: ChangeRequest): Staged {
    if (typeof request !== 'object' || request === null) {
      throw new StudioError(400, 'a change must be an object');
    }
    const table = this.catalog.table(request.table);
    const name = table.ir.name;
    switch (request.kind) {
      case 'insert': {
        const values = this.values(table, request.values, false);
        if (Object.keys(values).length === 0) {
          throw new StudioError(400, `insert into ${name}: no values given`);
        }
        return this.finish(request, table, insertInto(table.table).values(values), null, null);
      }
      case 'update': {
        const original = this.afterStaged(table, request.original);
        const { key, keyCondition, guard } = this.guard(table, original);
        const values = this.values(table, request.values, true);
        if (Object.keys(values).length === 0) {
          throw new StudioError(400, `update of ${name}: no changed values`);
        }
        if (table.versionColumn !== null) {
          const version = columnOf(table, table.versionColumn);
          values[version.propertyName] = columnExpression(table, version).plus(1);
        }
        const statement = update(table.table).set(values).where(guard);
        return {
          ...this.finish(request, table, statement, key, keyCondition),
          written: request.values!,
        };
      }
      case 'delete': {
        const original = this.afterStaged(table, request.original);
        const { key, keyCondition, guard } = this.guard(table, original);
        return this.finish(request, table, deleteFrom(table.table).where(guard), key, keyCondition);
      }
      default:
        throw new StudioError(
          400,
          `unknown change kind ${JSON.stringify((request as { kind: unknown }).kind)}; use insert, update or delete`,
        );
    }
  }

  /**
   * The row `original` as the updates staged before leave it (their values, the version
   * incremented): a second edit of one row before commit (a typo fixed, an update then a
   * delete) is guarded by what the first writes, which the page, showing the row as read,
   * cannot know. Guarded by the row as read, it found no row and was reported as changed
   * by someone else.
   */
  private afterStaged(
    table: StudioTable,
    original: Readonly<Record<string, unknown>> | undefined,
  ): Readonly<Record<string, unknown>> | undefined {
    if (typeof original !== 'object' || original === null) return original;
    const keyText = (row: Readonly<Record<string, unknown>>): string =>
      JSON.stringify(
        table.primaryKey.map((k) => encodeValue(decodeValue(table, columnOf(table, k), row[k]))),
      );
    const mine = keyText(original);
    let row = original;
    for (const staged of this.staged) {
      if (staged.written === undefined || staged.view.table !== table.key) continue;
      if (keyText(staged.view.key ?? {}) !== mine) continue;
      row = { ...row, ...staged.written };
      const version = table.versionColumn;
      if (version !== null && row[version] !== null && row[version] !== undefined) {
        const read = decodeValue(table, columnOf(table, version), row[version]);
        row = {
          ...row,
          [version]: encodeValue(typeof read === 'bigint' ? read + 1n : Number(read) + 1),
        };
      }
    }
    return row;
  }

  /** Decoded values keyed by property name; the version column is the studio's to set. */
  private values(
    table: StudioTable,
    wire: Readonly<Record<string, unknown>> | undefined,
    isUpdate: boolean,
  ): Record<string, unknown> {
    if (typeof wire !== 'object' || wire === null) {
      throw new StudioError(400, `${table.ir.name}: values must be an object of column → value`);
    }
    const values: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(wire)) {
      const column = columnOf(table, name);
      if (isUpdate && name === table.versionColumn) {
        throw new StudioError(
          400,
          `${table.ir.name}.${name} is the version column: commit increments it, it is not edited`,
        );
      }
      values[column.propertyName] = decodeValue(table, column, value);
    }
    return values;
  }

  /** The key of the original row and the WHERE that finds it only while it is unchanged. */
  private guard(
    table: StudioTable,
    original: Readonly<Record<string, unknown>> | undefined,
  ): {
    key: Record<string, unknown>;
    keyCondition: Expression<boolean>;
    guard: Expression<boolean>;
  } {
    const name = table.ir.name;
    if (table.primaryKey.length === 0) {
      throw new StudioError(400, `${name} has no primary key: its rows cannot be edited`);
    }
    if (typeof original !== 'object' || original === null) {
      throw new StudioError(400, `${name}: the original row is needed to find it`);
    }
    const key: Record<string, unknown> = {};
    const keyParts: Expression<boolean>[] = [];
    for (const columnName of table.primaryKey) {
      const column = columnOf(table, columnName);
      const value = decodeValue(table, column, original[columnName]);
      if (value === null)
        throw new StudioError(400, `${name}: the original row has no ${columnName}`);
      key[columnName] = encodeValue(value);
      keyParts.push(columnExpression(table, column).eq(value));
    }
    const guarded =
      table.versionColumn !== null
        ? [columnOf(table, table.versionColumn)]
        : table.ir.columns.filter(
            (c) =>
              !table.primaryKey.includes(c.name) && comparesExactly(c, this.engine.dialect.name),
          );
    const guardParts = guarded.map((column) => {
      if (!(column.name in original)) {
        throw new StudioError(400, `${name}: the original row has no ${column.name}`);
      }
      const value = decodeValue(table, column, original[column.name]);
      const expression = columnExpression(table, column);
      return value === null ? expression.isNull() : expression.eq(value);
    });
    const keyCondition = and(...keyParts);
    return { key, keyCondition, guard: and(...keyParts, ...guardParts) };
  }

  private finish(
    request: ChangeRequest,
    table: StudioTable,
    statement: Compilable,
    key: Record<string, unknown> | null,
    keyCondition: Expression<boolean> | null,
  ): Staged {
    const compiled = this.engine.compile(statement);
    return {
      view: {
        id: this.nextId++,
        kind: request.kind,
        table: table.key,
        key,
        sql: compiled.sql,
        parameters: compiled.parameters.map(encodeValue),
      },
      table,
      statement,
      keyCondition,
    };
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

/** Thrown inside the transaction to roll it back when a guarded statement found no row. */
class StaleRows extends Error {}
