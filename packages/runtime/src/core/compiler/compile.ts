/**
 * `compile(statement, dialect)`: the one entry point of the default compiler. Returns a
 * frozen `{ sql, parameters }` (plus the result columns that need type conversion); the
 * parameter array is readonly by type only.
 *
 * Compiled SQL is cached twice over. By shape (`shape.ts`, `cache.ts`): a statement built
 * afresh per call with other values (`where(t.id.eq(i))`) is walked once to get its shape
 * key and its values, and its SQL is taken from the cache instead of rendered. By object:
 * nodes are immutable, so a statement with `param()` placeholders (built once, run many
 * times) keeps its compiled form for as long as it lives, and the last statement compiled
 * per dialect is remembered; both skip even the walk.
 */
import { LOCKING_READ_MARK, type SqlDialect } from '../dialect.js';
import { describeValue } from '../describe-value.js';
import { CompileError, DbgenError, InvalidValueError } from '../errors.js';
import type { StatementNode } from '../nodes.js';
import { shapeCacheFor } from './cache.js';
import { CompileContext, type ResultColumn, type Slot } from './context.js';
import { renderExpression } from './expressions.js';
import { createShapeWalk, shapeOf } from './shape.js';
import { checkWrittenValues } from '../write-limits.js';
import { renderStatement } from './statements.js';
import { checkUpsertTarget } from './upsert-target.js';

export type { ResultColumn } from './context.js';

/** Something that is, or can produce, a statement node. */
export type Compilable = StatementNode | { toStatementNode(): StatementNode };

export interface CompiledQuery {
  readonly sql: string;
  readonly parameters: readonly unknown[];
  /** Result columns converted from driver values to their logical types. */
  readonly resultColumns: readonly ResultColumn[];
}

interface Template {
  readonly sql: string;
  readonly slots: readonly Slot[];
  readonly resultColumns: readonly ResultColumn[];
  readonly hasParams: boolean;
}

// Statements with `param()` placeholders are built to be reused: their SQL is kept for as
// long as the statement object lives. Others are usually built per call, so storing each
// would cost more than it saves; the last one per dialect is remembered instead.
const cache = new WeakMap<
  SqlDialect,
  {
    readonly reusable: WeakMap<StatementNode, Template>;
    last: StatementNode | null;
    lastTemplate: Template | null;
  }
>();

export function toStatementNode(statement: Compilable): StatementNode {
  return 'kind' in statement ? statement : statement.toStatementNode();
}

// One walk, reused. Only a hit reads its slots after the walk, and `bind` copies them
// before any dialect hook runs.
const walk = createShapeWalk();

// Set by the test runner: every shape-cache hit is rendered again and compared, and every
// walk's slots are checked against the order rendering binds them in.
const verifyShapes = process.env['DBGEN_VERIFY_COMPILE_CACHE'] === '1';

/** Compiles a statement for a dialect; `params` supplies values of `param(name)` placeholders. */
export function compile(
  statement: Compilable,
  dialect: SqlDialect,
  params?: Readonly<Record<string, unknown>>,
): CompiledQuery {
  return Object.freeze(compileForRun(toStatementNode(statement), dialect, params));
}

/**
 * `compile` without freezing the result (about a tenth of a cached compilation): for the
 * engine and connections, which never hand the object out.
 */
export function compileForRun(
  node: StatementNode,
  dialect: SqlDialect,
  params?: Readonly<Record<string, unknown>>,
): CompiledQuery {
  checkWrittenValues(node, dialect, params);
  checkUpsertTarget(node, dialect);
  const perDialect = identityCacheFor(dialect);
  const known = perDialect.last === node ? perDialect.lastTemplate : perDialect.reusable.get(node);
  if (known) return bind(known, known.slots, known.slots.length, dialect, params);
  const shaped = shapeOf(node, walk);
  const shapes = shapeCacheFor(dialect);
  const entry = shaped ? shapes.get(walk) : undefined;
  if (entry !== undefined) {
    shapes.hits++;
    if (verifyShapes) verifyShape(dialect, entry, render(node, dialect));
    return bind(entry, walk.slots, walk.slotCount, dialect, params);
  }
  const template = render(node, dialect);
  if (template.hasParams) perDialect.reusable.set(node, template);
  perDialect.last = node;
  perDialect.lastTemplate = template;
  if (shaped) {
    shapes.misses++;
    shapes.set(walk, template);
    if (verifyShapes) verifyShape(dialect, template, template);
  }
  return bind(template, template.slots, template.slots.length, dialect, params);
}

/** The compiled query: `slots[0, count)` converted to driver values. */
function bind(
  compiled: { readonly sql: string; readonly resultColumns: readonly ResultColumn[] },
  slots: readonly (Slot | null)[],
  count: number,
  dialect: SqlDialect,
  params: Readonly<Record<string, unknown>> | undefined,
): CompiledQuery {
  // The slots are copied first, then converted: `slots` may be the shared walk's, which a
  // dialect hook that compiled something would overwrite.
  const parameters: unknown[] = new Array(count);
  for (let i = 0; i < count; i++) parameters[i] = slots[i];
  for (let i = 0; i < count; i++) {
    try {
      parameters[i] = driverValue(parameters[i] as Slot, dialect, params, compiled.sql);
    } catch (error) {
      throw unbindable(error, i, parameters[i] as Slot, params, compiled.sql);
    }
  }
  // The parameter list is readonly by type but not frozen: freezing a 4,000-value array
  // (a 1,000-row insert) cost more than compiling the statement.
  return { sql: compiled.sql, parameters, resultColumns: compiled.resultColumns };
}

function driverValue(
  slot: Slot,
  dialect: SqlDialect,
  params: Readonly<Record<string, unknown>> | undefined,
  sql: string,
): unknown {
  if (slot.kind === 'value') return converted(slot.value, slot, dialect);
  const index = slot.index ?? -1;
  if (index >= 0 && Array.isArray(params) && index < params.length)
    return converted(params[index], slot, dialect);
  if (!params || !(slot.name in params)) {
    throw new CompileError(`no value was given for parameter "${slot.name}"`, { sql });
  }
  return converted(params[slot.name], slot, dialect);
}

function converted(value: unknown, slot: Slot, dialect: SqlDialect): unknown {
  // An invalid Date is never a value: pg would send 'NaN-NaN-NaN…' as text, and the
  // dialects' toISOString throws a bare RangeError (turned into InvalidValueError by bind).
  if (typeof value === 'object' && value instanceof Date && Number.isNaN(value.getTime()))
    throw new RangeError('Invalid Date');
  return dialect.toDriverValue(value, slot.type);
}

/**
 * A value the dialect could not convert (an invalid Date's `toISOString`, a bigint or a
 * cycle in JSON.stringify) as an {@link InvalidValueError} naming the parameter, instead
 * of a bare RangeError or TypeError. Values bound for a column are checked before this
 * (value-check.ts); these are values of `value()`, `param()` and raw `sql` fragments.
 */
function unbindable(
  error: unknown,
  index: number,
  slot: Slot,
  params: Readonly<Record<string, unknown>> | undefined,
  sql: string,
): unknown {
  if (error instanceof DbgenError) return error;
  const name = slot.kind === 'param' ? `parameter "${slot.name}"` : `parameter ${index + 1}`;
  const value =
    slot.kind === 'value'
      ? slot.value
      : Array.isArray(params) && (slot.index ?? -1) >= 0
        ? (params as unknown[])[slot.index as number]
        : params?.[slot.name];
  const reason = error instanceof Error ? error.message : String(error);
  return new InvalidValueError(
    name,
    `a value the driver can bind (${reason})`,
    describeValue(value),
    { sql, cause: error },
  );
}

function identityCacheFor(dialect: SqlDialect) {
  let perDialect = cache.get(dialect);
  if (!perDialect) {
    perDialect = { reusable: new WeakMap(), last: null, lastTemplate: null };
    cache.set(dialect, perDialect);
  }
  return perDialect;
}

function render(node: StatementNode, dialect: SqlDialect): Template {
  const ctx = new CompileContext(dialect, renderExpression, renderStatement);
  ctx.statement(node);
  let resultColumns = ctx.resultColumns;
  if (resultColumns.length > 1) {
    const seen = new Set<string>();
    resultColumns = resultColumns.filter((c) => !seen.has(c.key) && seen.add(c.key));
  }
  let hasParams = false;
  for (const slot of ctx.slots) if (slot.kind === 'param') hasParams = true;
  // A read that asked for row locks the dialect lacks starts with the mark its driver
  // routes by (a write goes where the lock is taken anyway).
  const marked = ctx.lockingRead && (node.kind === 'select' || node.kind === 'compound');
  return Object.freeze({
    sql: marked ? `${LOCKING_READ_MARK} ${ctx.sql}` : ctx.sql,
    slots: ctx.slots, // never handed out, never changed (not frozen: see compile)
    resultColumns: Object.freeze(resultColumns),
    hasParams,
  });
}

/** A cached shape must give exactly what rendering gives (`DBGEN_VERIFY_COMPILE_CACHE`). */
function verifyShape(
  dialect: SqlDialect,
  cached: { readonly sql: string; readonly resultColumns: readonly ResultColumn[] },
  rendered: Template,
): void {
  const slots = walk.slots.slice(0, walk.slotCount);
  const columns = (c: readonly ResultColumn[]) =>
    JSON.stringify(c.map((r) => [r.key, r.type, r.index]));
  const problem =
    rendered.sql !== cached.sql
      ? `SQL ${JSON.stringify(rendered.sql)} was cached as ${JSON.stringify(cached.sql)}`
      : rendered.slots.length !== slots.length || rendered.slots.some((s, i) => s !== slots[i])
        ? 'the shape walk collected other slots than rendering binds'
        : columns(rendered.resultColumns) !== columns(cached.resultColumns)
          ? 'the cached result columns differ'
          : null;
  if (problem !== null) {
    const tokens = JSON.stringify(walk.copy());
    throw new Error(`compile cache (${dialect.name}): ${problem}; shape ${tokens}`);
  }
}
