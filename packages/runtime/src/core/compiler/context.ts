/**
 * The mutable state of one compilation: the SQL text being built and the parameter
 * slots in order. One context per `compile` call; the compiler itself is stateless.
 */
import type { ColumnTypeIR } from '../../schema/ir.js';
import type { SqlDialect } from '../dialect.js';
import { CompileError } from '../errors.js';
import type { ExpressionNode, ParamNode, StatementNode, ValueNode } from '../nodes.js';

export type Slot = ValueNode | ParamNode;

/** A result column whose driver value needs converting to its logical type. */
export interface ResultColumn {
  readonly key: string;
  readonly type: ColumnTypeIR;
}

export class CompileContext {
  sql = '';
  readonly slots: Slot[] = [];
  readonly resultColumns: ResultColumn[] = [];
  /** Depth of statement nesting: result columns are collected only at depth 1. */
  depth = 0;
  /** True while rendering a RETURNING list on a dialect that wants bare column names. */
  bareColumns = false;
  /** Quoted identifiers of this dialect (few and repeated: quoting each once pays). */
  private readonly quoted: Map<string, string>;

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
    this.slots.push(slot);
    this.sql += this.dialect.placeholder(this.slots.length);
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

export function quote(dialect: SqlDialect, name: string): string {
  if (typeof name !== 'string' || name.length === 0 || name.includes('\0')) {
    throw new CompileError(
      `invalid identifier ${JSON.stringify(name)}: identifiers must be non-empty strings without NUL`,
    );
  }
  return dialect.quoteIdentifier(name);
}
