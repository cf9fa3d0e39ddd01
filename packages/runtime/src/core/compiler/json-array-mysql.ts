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

/**
 * MySQL and MariaDB read `$[0]` of a non-array as the value itself (auto-wrapping it in
 * an array): a path with indexes is guarded so that an index only reads an array, as on
 * the other dialects. Writes `case when <each indexed container is an array> then`, or
 * nothing for a path without indexes; the caller closes it with {@link endGuard}.
 */
function guard(n: JsonArrayOpNode, ctx: CompileContext): boolean {
  const indexed = n.path.flatMap((step, i) => (typeof step === 'number' ? [i] : []));
  if (indexed.length === 0) return false;
  ctx.write('(case when ');
  indexed.forEach((i, k) => {
    if (k > 0) ctx.write(' and ');
    ctx.write('json_type(json_extract(');
    ctx.expr(n.target);
    ctx.write(', ');
    bindValue(pathText(n.path.slice(0, i)), ctx);
    ctx.write(")) = 'ARRAY'");
  });
  ctx.write(' then ');
  return true;
}

function endGuard(guarded: boolean, ctx: CompileContext, otherwise = 'null'): void {
  if (guarded) ctx.write(` else ${otherwise} end)`);
}

export const MYSQL_OPS: OpRenderers = {
  jsonPath(n, ctx) {
    const guarded = guard(n, ctx);
    extract(n)(ctx);
    endGuard(guarded, ctx);
  },
  jsonPathText(n, ctx) {
    // JSON_UNQUOTE gives 'null' for a JSON null: NULL, as PostgreSQL's `#>>` gives.
    const guarded = guard(n, ctx);
    ctx.write('(case when json_type(');
    extract(n)(ctx);
    ctx.write(") = 'NULL' then null else json_unquote(");
    extract(n)(ctx);
    ctx.write(') end)');
    endGuard(guarded, ctx);
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
    const guarded = guard(n, ctx);
    ctx.write('(');
    call('json_contains_path', [target(n), (c) => c.write("'one'"), path(n)], ctx);
    ctx.write(' = 1)');
    endGuard(guarded, ctx, '0 = 1');
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
