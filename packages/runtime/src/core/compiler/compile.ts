/**
 * `compile(statement, dialect)`: the one entry point of the default compiler. Returns a
 * frozen `{ sql, parameters }` (plus the result columns that need type conversion); the
 * parameter array is readonly by type only.
 * Because nodes are immutable, the SQL of a statement object is cached on it (per
 * dialect); re-executing a statement, or one built once with `param()` placeholders,
 * skips compilation entirely.
 */
import type { SqlDialect } from '../dialect.js';
import { CompileError } from '../errors.js';
import type { StatementNode } from '../nodes.js';
import { CompileContext, type ResultColumn, type Slot } from './context.js';
import { renderExpression } from './expressions.js';
import { renderStatement } from './statements.js';

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

/** Compiles a statement for a dialect; `params` supplies values of `param(name)` placeholders. */
export function compile(
  statement: Compilable,
  dialect: SqlDialect,
  params?: Readonly<Record<string, unknown>>,
): CompiledQuery {
  const node = toStatementNode(statement);
  const template = templateFor(node, dialect);
  const slots = template.slots;
  const parameters: unknown[] = new Array(slots.length);
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i] as Slot;
    if (slot.kind === 'value') {
      parameters[i] = dialect.toDriverValue(slot.value, slot.type);
    } else {
      if (!params || !(slot.name in params)) {
        throw new CompileError(`no value was given for parameter "${slot.name}"`, {
          sql: template.sql,
        });
      }
      parameters[i] = dialect.toDriverValue(params[slot.name], slot.type);
    }
  }
  // The parameter list is readonly by type but not frozen: freezing a 4,000-value array
  // (a 1,000-row insert) cost more than compiling the statement.
  return Object.freeze({
    sql: template.sql,
    parameters,
    resultColumns: template.resultColumns,
  });
}

function templateFor(node: StatementNode, dialect: SqlDialect): Template {
  let perDialect = cache.get(dialect);
  if (!perDialect) {
    perDialect = { reusable: new WeakMap(), last: null, lastTemplate: null };
    cache.set(dialect, perDialect);
  }
  if (perDialect.last === node && perDialect.lastTemplate) return perDialect.lastTemplate;
  const cached = perDialect.reusable.get(node);
  if (cached) return cached;
  const ctx = new CompileContext(dialect, renderExpression, renderStatement);
  ctx.statement(node);
  let resultColumns = ctx.resultColumns;
  if (resultColumns.length > 1) {
    const seen = new Set<string>();
    resultColumns = resultColumns.filter((c) => !seen.has(c.key) && seen.add(c.key));
  }
  let hasParams = false;
  for (const slot of ctx.slots) if (slot.kind === 'param') hasParams = true;
  const template: Template = Object.freeze({
    sql: ctx.sql,
    slots: ctx.slots, // never handed out, never changed (not frozen: see compile)
    resultColumns: Object.freeze(resultColumns),
    hasParams,
  });
  if (template.hasParams) perDialect.reusable.set(node, template);
  perDialect.last = node;
  perDialect.lastTemplate = template;
  return template;
}
