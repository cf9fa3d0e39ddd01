/**
 * The SQL of the JSON and array operators: one renderer table per family of JSON
 * functions (`SqlDialect.capabilities.jsonFunctions`), each exhaustive over the operators
 * so that a new operator without SQL on some dialect does not type-check. A dialect
 * without JSON functions gets an UnsupportedFeatureError naming the operator.
 */
import { UnsupportedFeatureError } from '../../schema/unsupported.js';
import { describeTarget } from '../json-array-ops.js';
import { node, type ExpressionNode, type JsonArrayOp, type JsonArrayOpNode } from '../nodes.js';
import type { CompileContext } from './context.js';

export type OpRenderer = (n: JsonArrayOpNode, ctx: CompileContext) => void;
export type OpRenderers = Record<JsonArrayOp, OpRenderer>;

/** Binds a value the renderer made (a path text, a path array). */
export function bindValue(value: unknown, ctx: CompileContext): void {
  ctx.bind(node({ kind: 'value', value, type: null }));
}

/** The operand of an operator that has one (the builders always set it for those). */
export function operandOf(n: JsonArrayOpNode, ctx: CompileContext): ExpressionNode {
  if (n.operand === null) ctx.fail(`operator ${n.op} needs an operand`);
  return n.operand;
}

/**
 * The operand element bound as a one-element array of the column's type, for dialects
 * that store arrays as JSON: the column's codec then writes the element exactly as it
 * writes the column's own elements (a Date as its ISO text, a bigint as digits).
 */
export function asOneElementArray(n: JsonArrayOpNode, ctx: CompileContext): ExpressionNode {
  const operand = operandOf(n, ctx);
  if (operand.kind !== 'value') {
    unsupported(
      n,
      ctx,
      'an array element given as an expression (arrays are stored as JSON: give a value)',
    );
  }
  return node({ kind: 'value', value: [operand.value], type: n.targetType });
}

/** Refuses what a dialect cannot do exactly, naming the operator and its target. */
export function unsupported(n: JsonArrayOpNode, ctx: CompileContext, feature: string): never {
  throw new UnsupportedFeatureError(
    ctx.dialect.name,
    feature,
    `${n.op} on ${describeTarget(n.target)}`,
  );
}

/** `$.a[0]."b c"`: the JSON path text of SQLite and MySQL (keys were checked by checkPath). */
export function pathText(path: readonly (string | number)[]): string {
  let text = '$';
  for (const step of path) {
    if (typeof step === 'number') text += `[${step}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(step)) text += `.${step}`;
    else text += `."${step}"`;
  }
  return text;
}

export function renderJsonArrayOp(
  n: JsonArrayOpNode,
  ctx: CompileContext,
  renderers: Partial<Record<'postgres' | 'sqlite' | 'mysql', OpRenderers>>,
): void {
  const family = ctx.dialect.capabilities.jsonFunctions;
  const table = family === undefined ? undefined : renderers[family];
  if (table === undefined) unsupported(n, ctx, 'JSON and array operators');
  table[n.op](n, ctx);
}
