/**
 * SQLite's JSON and array operators, on its JSON functions (arrays are stored as JSON
 * text). Where PostgreSQL has an operator and SQLite has none, the same answer is
 * computed from JSON functions when that is exact, and refused when it is not:
 * - JSON containment (`@>`) is expanded from the candidate value, which must then be a
 *   value (not an expression): objects member by member, arrays of scalars element by
 *   element; an object or array inside an array is refused;
 * - array `any`/`all`/contains/overlap run over `json_each`.
 */
import type { ExpressionNode, JsonArrayOpNode } from '../nodes.js';
import type { CompileContext } from './context.js';
import {
  asOneElementArray,
  bindValue,
  operandOf,
  pathText,
  unsupported,
  type OpRenderers,
} from './json-array.js';

/**
 * The element `any` / `all` compare json_each's values with. A value is bound as the
 * column's codec writes a stored element (written as a one-element array of the column's
 * type and read back out: a bytes element as its hex text, a bigint as its digits), not as
 * a scalar of the element type would be (a BLOB, an integer), which no stored element
 * equals. A value the codec refuses, and an expression, are bound as before.
 */
function element(n: JsonArrayOpNode, ctx: CompileContext): void {
  const operand = operandOf(n, ctx);
  if (operand.kind === 'value' && operand.value !== null && operand.value !== undefined) {
    let stored: unknown = undefined;
    try {
      const json = ctx.dialect.toDriverValue([operand.value], n.targetType);
      if (typeof json === 'string') stored = (JSON.parse(json) as unknown[])[0];
    } catch {
      // Reported by the bind below, naming the parameter.
    }
    if (stored !== undefined) {
      bindValue(stored, ctx);
      return;
    }
  }
  ctx.operand(operand);
}

/** `json_type(T, path)`. */
function jsonType(n: JsonArrayOpNode, path: string, ctx: CompileContext): void {
  ctx.write('json_type(');
  ctx.expr(n.target);
  ctx.write(', ');
  bindValue(path, ctx);
  ctx.write(')');
}

/** `T ->> path`: the SQL value at path. */
function valueAt(n: JsonArrayOpNode, path: string, ctx: CompileContext): void {
  ctx.write('(');
  ctx.operand(n.target);
  ctx.write(' ->> ');
  bindValue(path, ctx);
  ctx.write(')');
}

/** The condition on `json_each`'s `type` and `value` columns that a scalar is matched by. */
function scalarMatch(
  prefix: string,
  v: null | boolean | number | string,
  ctx: CompileContext,
): void {
  if (v === null) ctx.write(`${prefix}type = 'null'`);
  else if (typeof v === 'boolean') ctx.write(`${prefix}type = '${v ? 'true' : 'false'}'`);
  else {
    ctx.write(
      typeof v === 'number'
        ? `${prefix}type in ('integer', 'real') and ${prefix}value = `
        : `${prefix}type = 'text' and ${prefix}value = `,
    );
    bindValue(v, ctx);
  }
}

/** The predicate "the JSON at `path` contains `candidate`", as PostgreSQL's `@>` means it. */
function contains(
  n: JsonArrayOpNode,
  path: string,
  candidate: unknown,
  top: boolean,
  ctx: CompileContext,
): void {
  if (Array.isArray(candidate)) {
    ctx.write('(');
    jsonType(n, path, ctx);
    ctx.write(" = 'array'");
    for (const item of candidate as unknown[]) {
      if (item !== null && typeof item === 'object') {
        unsupported(
          n,
          ctx,
          'exact containment of objects or arrays inside arrays (json_each of scalars only)',
        );
      }
      ctx.write(' and exists (select 1 from json_each(');
      ctx.expr(n.target);
      ctx.write(', ');
      bindValue(path, ctx);
      ctx.write(') as dbgen_e where ');
      scalarMatch('dbgen_e.', item as null | boolean | number | string, ctx);
      ctx.write(')');
    }
    ctx.write(')');
    return;
  }
  if (candidate !== null && typeof candidate === 'object') {
    ctx.write('(');
    jsonType(n, path, ctx);
    ctx.write(" = 'object'");
    for (const [key, item] of Object.entries(candidate)) {
      if (item === undefined) continue;
      if (/["\\\0]/.test(key)) unsupported(n, ctx, `a key with ", \\ or NUL in a JSON path`);
      ctx.write(' and ');
      contains(n, pathText([key]).replace(/^\$/, path), item, false, ctx);
    }
    ctx.write(')');
    return;
  }
  // A scalar: equal, or (at the top only, as PostgreSQL has it) an element of an array.
  ctx.write('((');
  jsonType(n, path, ctx);
  const v = candidate as null | boolean | number | string;
  if (v === null || typeof v === 'boolean') {
    ctx.write(` = '${v === null ? 'null' : v ? 'true' : 'false'}')`);
  } else {
    ctx.write(typeof v === 'number' ? " in ('integer', 'real') and " : " = 'text' and ");
    valueAt(n, path, ctx);
    ctx.write(' = ');
    bindValue(v, ctx);
    ctx.write(')');
  }
  if (top) {
    ctx.write(' or (');
    jsonType(n, path, ctx);
    ctx.write(" = 'array' and exists (select 1 from json_each(");
    ctx.expr(n.target);
    ctx.write(', ');
    bindValue(path, ctx);
    ctx.write(') as dbgen_e where ');
    scalarMatch('dbgen_e.', v, ctx);
    ctx.write('))');
  }
  ctx.write(')');
}

/** The candidate of a containment: a bound value (its structure decides the SQL). */
function candidateOf(n: JsonArrayOpNode, ctx: CompileContext): unknown {
  const operand: ExpressionNode = operandOf(n, ctx);
  if (operand.kind !== 'value') {
    unsupported(
      n,
      ctx,
      'containment of an expression (SQLite computes it from the value: give a value)',
    );
  }
  return JSON.parse(JSON.stringify(operand.value) ?? 'null') as unknown;
}

/** `exists (select 1 from json_each(a) as dbgen_a join json_each(b) ...)` forms over arrays. */
function eachOf(side: ExpressionNode, alias: string, ctx: CompileContext): void {
  ctx.write('json_each(');
  ctx.expr(side);
  ctx.write(`) as ${alias}`);
}

/** Every element of `inner` is an element of `outer` (arrays; NULL elements never match). */
function subset(inner: ExpressionNode, outer: ExpressionNode, ctx: CompileContext): void {
  ctx.write('(');
  ctx.operand(inner);
  ctx.write(' is not null and ');
  ctx.operand(outer);
  ctx.write(' is not null and not exists (select 1 from ');
  eachOf(inner, 'dbgen_i', ctx);
  ctx.write(' where not exists (select 1 from ');
  eachOf(outer, 'dbgen_o', ctx);
  ctx.write(' where dbgen_o.value = dbgen_i.value)))');
}

export const SQLITE_OPS: OpRenderers = {
  jsonPath(n, ctx) {
    ctx.write('(');
    ctx.operand(n.target);
    ctx.write(' -> ');
    bindValue(pathText(n.path), ctx);
    ctx.write(')');
  },
  jsonPathText(n, ctx) {
    // `->>` gives SQL values: 1 and 0 for booleans, numbers as numbers. PostgreSQL's `#>>`
    // gives text: 'true', 'false', the number's digits, NULL for a JSON null.
    const path = pathText(n.path);
    ctx.write('(case ');
    jsonType(n, path, ctx);
    ctx.write(
      " when 'true' then 'true' when 'false' then 'false' when 'null' then null else cast(",
    );
    valueAt(n, path, ctx);
    ctx.write(' as text) end)');
  },
  jsonContains(n, ctx) {
    contains(n, pathText(n.path), candidateOf(n, ctx), true, ctx);
  },
  jsonContainedBy(n, ctx) {
    unsupported(n, ctx, 'exact JSON containedBy (<@); use contains with the operands swapped');
  },
  jsonHasPath(n, ctx) {
    ctx.write('(');
    jsonType(n, pathText(n.path), ctx);
    ctx.write(' is not null)');
  },
  jsonSet(n, ctx) {
    ctx.write('json_set(');
    ctx.expr(n.target);
    ctx.write(', ');
    bindValue(pathText(n.path), ctx);
    ctx.write(', json(');
    ctx.expr(operandOf(n, ctx));
    ctx.write('))');
  },
  arrayAny(n, ctx) {
    ctx.write('exists (select 1 from ');
    eachOf(n.target, 'dbgen_e', ctx);
    ctx.write(' where dbgen_e.value = ');
    element(n, ctx);
    ctx.write(')');
  },
  arrayAll(n, ctx) {
    ctx.write('(');
    ctx.operand(n.target);
    ctx.write(' is not null and not exists (select 1 from ');
    eachOf(n.target, 'dbgen_e', ctx);
    ctx.write(' where dbgen_e.value is not ');
    element(n, ctx);
    ctx.write('))');
  },
  arrayContains: (n, ctx) => subset(operandOf(n, ctx), n.target, ctx),
  arrayContainedBy: (n, ctx) => subset(n.target, operandOf(n, ctx), ctx),
  arrayOverlaps(n, ctx) {
    ctx.write('exists (select 1 from ');
    eachOf(n.target, 'dbgen_a', ctx);
    ctx.write(' join ');
    eachOf(operandOf(n, ctx), 'dbgen_b', ctx);
    ctx.write(' on dbgen_a.value = dbgen_b.value)');
  },
  arrayLength(n, ctx) {
    ctx.write('json_array_length(');
    ctx.expr(n.target);
    ctx.write(')');
  },
  arrayAppend(n, ctx) {
    // The operand is bound as a one-element array of the column's type (so its codec
    // writes the element as the column stores it); `-> '$[0]'` takes it out as JSON.
    ctx.write('json_insert(coalesce(');
    ctx.expr(n.target);
    ctx.write(", '[]'), '$[#]', (");
    ctx.expr(asOneElementArray(n, ctx));
    ctx.write(" -> '$[0]'))");
  },
};
