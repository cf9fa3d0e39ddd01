/**
 * The mutable state of one compilation: the SQL text being built and the parameter
 * slots in order. One context per `compile` call; the compiler itself is stateless.
 */
import type { ColumnTypeIR } from '../../schema/ir.js';
import type { SqlDialect } from '../dialect.js';
import { CompileError } from '../errors.js';
import type { ExpressionNode, ParamNode, StatementNode, ValueNode } from '../nodes.js';

export type Slot = ValueNode | ParamNode;

const BIGINT_TYPE: ColumnTypeIR = Object.freeze({
  logical: 'bigint',
  raw: 'bigint',
  name: 'bigint',
  args: Object.freeze([]),
  arrayDims: 0,
});

/**
 * The type a parameter's placeholder is rendered for (SqlDialect.parameterWrapper): its
 * own, or bigint for a value with no type that is a JS bigint (`coalesce(big, 0n)`, a raw
 * `sql` fragment's value), which the dialect converts as given.
 */
export function boundType(slot: Slot): ColumnTypeIR | null {
  if (slot.type !== null) return slot.type;
  return slot.kind === 'value' && typeof slot.value === 'bigint' ? BIGINT_TYPE : null;
}

/** What the compile cache keys a parameter by: what parameterWrapper may depend on. */
export function boundTypeKey(slot: Slot): string | null {
  const type = boundType(slot);
  return type === null || type.arrayDims > 0 ? null : type.logical;
}

/** A result column whose driver value needs converting to its logical type. */
export interface ResultColumn {
  readonly key: string;
  readonly type: ColumnTypeIR;
  /**
   * Its position in the select list, for rows fetched as value arrays
   * (`Connection.queryValues`); -1 where unknown (the declared types of raw SQL).
   */
  readonly index: number;
}

export class CompileContext {
  sql = '';
  readonly slots: Slot[] = [];
  readonly resultColumns: ResultColumn[] = [];
  /** Depth of statement nesting: result columns are collected only at depth 1. */
  depth = 0;
  /** True while rendering a RETURNING list on a dialect that wants bare column names. */
  bareColumns = false;
  /** True while rendering ON DUPLICATE KEY UPDATE: `excluded.c` is rendered `values(c)`. */
  duplicateKeyUpdate = false;
  /** A SELECT asked for row locks the dialect does not have (marked in compile.ts). */
  lockingRead = false;
  /** Quoted identifiers of this dialect (few and repeated: quoting each once pays). */
  private readonly quoted: Map<string, string>;
  /** This dialect's placeholder texts by index. */
  private readonly placeholders: string[];

  constructor(
    readonly dialect: SqlDialect,
    readonly renderExpression: (node: ExpressionNode, ctx: CompileContext) => void,
    readonly renderStatement: (node: StatementNode, ctx: CompileContext) => void,
  ) {
    let cache = quotedByDialect.get(dialect);
    if (!cache) {
      cache = new Map();
      quotedByDialect.set(dialect, cache);
    }
    this.quoted = cache;
    let placeholders = placeholdersByDialect.get(dialect);
    if (!placeholders) {
      placeholders = [];
      placeholdersByDialect.set(dialect, placeholders);
    }
    this.placeholders = placeholders;
  }

  write(text: string): void {
    this.sql += text;
  }

  id(name: string): void {
    let quoted = this.quoted.get(name);
    if (quoted === undefined) {
      quoted = quote(this.dialect, name);
      if (this.quoted.size < 10_000) this.quoted.set(name, quoted);
    }
    this.sql += quoted;
  }

  bind(slot: Slot): void {
    const index = this.slots.push(slot);
    // Placeholders repeat across statements (a 1,000-row insert has 4,000): each is made once.
    let text = this.placeholders[index];
    if (text === undefined) {
      text = this.dialect.placeholder(index);
      if (index < 100_000) this.placeholders[index] = text;
    }
    const wrap = this.dialect.parameterWrapper;
    const type = wrap === undefined ? null : boundType(slot);
    const around = type === null ? null : wrap!.call(this.dialect, type);
    this.sql += around === null ? text : around[0] + text + around[1];
  }

  /**
   * Binds a grid of cells that are all values or params (every row `width` long) and
   * returns its `(p, p), (p, p)` text; null, binding nothing, when some cell is another
   * expression. Batches repeat sizes, so the texts are kept per dialect.
   */
  bindGrid(rows: readonly (readonly ExpressionNode[])[], width: number): string | null {
    const slots = this.slots;
    const first = slots.length + 1;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r] as readonly ExpressionNode[];
      if (row.length !== width) return this.unbind(first);
      for (let c = 0; c < width; c++) {
        const cell = row[c] as ExpressionNode;
        if (cell.kind !== 'value' && cell.kind !== 'param') return this.unbind(first);
        slots.push(cell);
      }
    }
    const key = `${first}:${rows.length}:${width}`;
    let grids = gridsByDialect.get(this.dialect);
    if (!grids) {
      grids = new Map();
      gridsByDialect.set(this.dialect, grids);
    }
    let text = grids.get(key);
    if (text === undefined) {
      const parts: string[] = new Array(rows.length);
      let index = first;
      for (let r = 0; r < rows.length; r++) {
        const cells: string[] = new Array(width);
        for (let c = 0; c < width; c++) cells[c] = this.dialect.placeholder(index++);
        parts[r] = `(${cells.join(', ')})`;
      }
      text = parts.join(', ');
      // A few shapes recur (full batches, the last partial one); a bounded map suffices.
      if (grids.size >= 32) grids.clear();
      grids.set(key, text);
    }
    return text;
  }

  private unbind(first: number): null {
    this.slots.length = first - 1;
    return null;
  }

  expr(node: ExpressionNode): void {
    this.renderExpression(node, this);
  }

  /** Renders an operand, parenthesised when it is itself an operator expression. */
  operand(node: ExpressionNode): void {
    if (COMPOUND.has(node.kind)) {
      this.sql += '(';
      this.renderExpression(node, this);
      this.sql += ')';
    } else {
      this.renderExpression(node, this);
    }
  }

  list<T>(items: readonly T[], render: (item: T) => void, separator = ', '): void {
    items.forEach((item, i) => {
      if (i > 0) this.sql += separator;
      render(item);
    });
  }

  statement(node: StatementNode): void {
    this.depth++;
    this.renderStatement(node, this);
    this.depth--;
  }

  fail(message: string): never {
    throw new CompileError(`${message} (dialect: ${this.dialect.name})`);
  }
}

const COMPOUND = new Set<ExpressionNode['kind']>([
  'binary',
  'logical',
  'not',
  'in',
  'like',
  'between',
  'isNull',
  'exists',
  'truth',
]);

const quotedByDialect = new WeakMap<SqlDialect, Map<string, string>>();
const placeholdersByDialect = new WeakMap<SqlDialect, string[]>();
const gridsByDialect = new WeakMap<SqlDialect, Map<string, string>>();

export function quote(dialect: SqlDialect, name: string): string {
  if (typeof name !== 'string' || name.length === 0 || name.includes('\0')) {
    throw new CompileError(
      `invalid identifier ${JSON.stringify(name)}: identifiers must be non-empty strings without NUL`,
    );
  }
  return dialect.quoteIdentifier(name);
}
