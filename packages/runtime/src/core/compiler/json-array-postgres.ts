/**
 * PostgreSQL's JSON and array operators: jsonb's `#>`, `#>>`, `@>`, `<@`, `?` and
 * `jsonb_set`, and native arrays' `any`, `all`, `@>`, `<@`, `&&`, `cardinality` and
 * `array_append`. A `json` (not jsonb) column is cast to jsonb for the jsonb-only
 * operators, and a set result cast back.
 */
import type { JsonArrayOpNode } from '../nodes.js';
import type { CompileContext } from './context.js';
import { bindValue, operandOf, type OpRenderers } from './json-array.js';

const isPlainJson = (n: JsonArrayOpNode): boolean => n.targetType?.logical === 'json';

/** The target as jsonb. */
function jsonb(n: JsonArrayOpNode, ctx: CompileContext): void {
  if (isPlainJson(n)) {
    ctx.write('cast(');
    ctx.expr(n.target);
    ctx.write(' as jsonb)');
  } else ctx.operand(n.target);
}

/** The path as a text[] parameter (indexes as their digits, as `#>` takes them). */
function path(n: JsonArrayOpNode, ctx: CompileContext): void {
  ctx.write('cast(');
  bindValue(
    n.path.map((step) => String(step)),
    ctx,
  );
  ctx.write(' as text[])');
}

function jsonbOperand(n: JsonArrayOpNode, ctx: CompileContext): void {
  ctx.write('cast(');
  ctx.expr(operandOf(n, ctx));
  ctx.write(' as jsonb)');
}

function infix(n: JsonArrayOpNode, ctx: CompileContext, op: string): void {
  ctx.write('(');
  ctx.operand(n.target);
  ctx.write(` ${op} `);
  ctx.operand(operandOf(n, ctx));
  ctx.write(')');
}

export const POSTGRES_OPS: OpRenderers = {
  jsonPath(n, ctx) {
    ctx.write('(');
    jsonb(n, ctx);
    ctx.write(' #> ');
    path(n, ctx);
    ctx.write(')');
  },
  jsonPathText(n, ctx) {
    ctx.write('(');
    jsonb(n, ctx);
    ctx.write(' #>> ');
    path(n, ctx);
    ctx.write(')');
  },
  jsonContains(n, ctx) {
    ctx.write('(');
    jsonb(n, ctx);
    ctx.write(' @> ');
    jsonbOperand(n, ctx);
    ctx.write(')');
  },
  jsonContainedBy(n, ctx) {
    ctx.write('(');
    jsonb(n, ctx);
    ctx.write(' <@ ');
    jsonbOperand(n, ctx);
    ctx.write(')');
  },
  jsonHasPath(n, ctx) {
    const [key] = n.path;
    if (n.path.length === 1 && typeof key === 'string') {
      // `?` (which a GIN index serves) also matches a string element of an array:
      // asking for an object keeps the meaning of the other dialects.
      ctx.write('(jsonb_typeof(');
      jsonb(n, ctx);
      ctx.write(") = 'object' and ");
      jsonb(n, ctx);
      ctx.write(' ? ');
      bindValue(key, ctx);
      ctx.write(')');
      return;
    }
    ctx.write('(');
    jsonb(n, ctx);
    ctx.write(' #> ');
    path(n, ctx);
    ctx.write(' is not null)');
  },
  jsonSet(n, ctx) {
    if (isPlainJson(n)) ctx.write('cast(');
    ctx.write('jsonb_set(');
    jsonb(n, ctx);
    ctx.write(', ');
    path(n, ctx);
    ctx.write(', ');
    jsonbOperand(n, ctx);
    ctx.write(')');
    if (isPlainJson(n)) ctx.write(' as json)');
  },
  arrayAny(n, ctx) {
    ctx.write('(');
    ctx.operand(operandOf(n, ctx));
    ctx.write(' = any(');
    ctx.expr(n.target);
    ctx.write('))');
  },
  arrayAll(n, ctx) {
    ctx.write('(');
    ctx.operand(operandOf(n, ctx));
    ctx.write(' = all(');
    ctx.expr(n.target);
    ctx.write('))');
  },
  arrayContains: (n, ctx) => infix(n, ctx, '@>'),
  arrayContainedBy: (n, ctx) => infix(n, ctx, '<@'),
  arrayOverlaps: (n, ctx) => infix(n, ctx, '&&'),
  arrayLength(n, ctx) {
    ctx.write('cardinality(');
    ctx.expr(n.target);
    ctx.write(')');
  },
  arrayAppend(n, ctx) {
    ctx.write('array_append(');
    ctx.expr(n.target);
    ctx.write(', ');
    ctx.expr(operandOf(n, ctx));
    ctx.write(')');
  },
};
