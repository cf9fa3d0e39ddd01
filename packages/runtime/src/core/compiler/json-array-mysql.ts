/**
 * MySQL's and MariaDB's JSON and array operators, on their JSON_* functions (arrays are
 * stored as JSON): `JSON_EXTRACT`, `JSON_CONTAINS`, `JSON_CONTAINS_PATH`, `JSON_SET`,
 * `JSON_OVERLAPS` (MySQL 8.0.17+, MariaDB 10.9+), `JSON_LENGTH`, `JSON_ARRAY_APPEND`.
 * JSON documents are bound as text and read back as JSON with `JSON_EXTRACT(?, '$')`,
 * which both MySQL and MariaDB (whose JSON is text) take as a document, not a string.
 */
import type { ExpressionNode, JsonArrayOpNode } from '../nodes.js';
import type { CompileContext } from './context.js';
import {
  asOneElementArray,
  bindValue,
  operandOf,
  pathText,
  type OpRenderers,
} from './json-array.js';

function call(
  name: string,
  args: readonly ((ctx: CompileContext) => void)[],
  ctx: CompileContext,
): void {
  ctx.write(`${name}(`);
  args.forEach((arg, i) => {
    if (i > 0) ctx.write(', ');
    arg(ctx);
  });
  ctx.write(')');
}

const target = (n: JsonArrayOpNode) => (ctx: CompileContext) => ctx.expr(n.target);
const path = (n: JsonArrayOpNode) => (ctx: CompileContext) => bindValue(pathText(n.path), ctx);
const expr = (e: ExpressionNode) => (ctx: CompileContext) => ctx.expr(e);
const extract = (n: JsonArrayOpNode) => (ctx: CompileContext) =>
  call('json_extract', [target(n), path(n)], ctx);

export const MYSQL_OPS: OpRenderers = {
  jsonPath: (n, ctx) => extract(n)(ctx),
  jsonPathText(n, ctx) {
    // JSON_UNQUOTE gives 'null' for a JSON null: NULL, as PostgreSQL's `#>>` gives.
    ctx.write('(case when json_type(');
    extract(n)(ctx);
    ctx.write(") = 'NULL' then null else json_unquote(");
    extract(n)(ctx);
    ctx.write(') end)');
  },
  jsonContains: (n, ctx) =>
    call(
      'json_contains',
      [n.path.length === 0 ? target(n) : extract(n), expr(operandOf(n, ctx))],
      ctx,
    ),
  jsonContainedBy: (n, ctx) =>
    call(
      'json_contains',
      [expr(operandOf(n, ctx)), n.path.length === 0 ? target(n) : extract(n)],
      ctx,
    ),
  jsonHasPath(n, ctx) {
    ctx.write('(');
    call('json_contains_path', [target(n), (c) => c.write("'one'"), path(n)], ctx);
    ctx.write(' = 1)');
  },
  jsonSet: (n, ctx) =>
    call(
      'json_set',
      [
        target(n),
        path(n),
        (c) => call('json_extract', [expr(operandOf(n, c)), (d) => d.write("'$'")], c),
      ],
      ctx,
    ),
  // An element is in the array when the array contains the one-element array of it.
  arrayAny: (n, ctx) => call('json_contains', [target(n), expr(asOneElementArray(n, ctx))], ctx),
  // Every element equals the value when the array is contained in the one-element array.
  arrayAll: (n, ctx) => call('json_contains', [expr(asOneElementArray(n, ctx)), target(n)], ctx),
  arrayContains: (n, ctx) => call('json_contains', [target(n), expr(operandOf(n, ctx))], ctx),
  arrayContainedBy: (n, ctx) => call('json_contains', [expr(operandOf(n, ctx)), target(n)], ctx),
  arrayOverlaps: (n, ctx) => call('json_overlaps', [target(n), expr(operandOf(n, ctx))], ctx),
  arrayLength: (n, ctx) => call('json_length', [target(n)], ctx),
  arrayAppend: (n, ctx) =>
    call(
      'json_array_append',
      [
        (c) => call('coalesce', [target(n), (d) => d.write("'[]'")], c),
        (c) => c.write("'$'"),
        (c) => call('json_extract', [expr(asOneElementArray(n, c)), (d) => d.write("'$[0]'")], c),
      ],
      ctx,
    ),
};
