/**
 * Builders of the JSON and array operator nodes (`users.profile.get('city')`,
 * `posts.tags.overlaps(['a'])`): they check what can be checked before any SQL exists (a
 * path's keys and indexes, the column's type) and pick the type each operand is bound
 * with, so that a JSON value is serialised and an array element converted as the column's
 * own values are. The SQL of each dialect is in compiler/json-array*.ts.
 */
import type { ColumnTypeIR } from '../schema/ir.js';
import { CompileError } from './errors.js';
import type { JsonValue } from './json.js';
import { node, type ExpressionNode, type JsonArrayOp, type JsonArrayOpNode } from './nodes.js';

/** Keys (object members) and non-negative integer indexes (array items), outermost first. */
export type JsonPath = readonly (string | number)[];

/**
 * What `contains` takes for a column of type `T`: some of an array's elements, or part of
 * a JSON document (any subset of an object's members, nested).
 */
export type Containable<T> = T extends readonly (infer E)[]
  ? readonly Containable<E>[]
  : T extends object
    ? { readonly [K in keyof T]?: Containable<T[K]> }
    : T;

/** The element type of an array column's `T` (`Mood` of `Mood[] | null`). */
export type ElementOf<T> = NonNullable<T> extends readonly (infer E)[] ? E : never;

function typeNamed(logical: 'jsonb' | 'text' | 'integer' | 'boolean'): ColumnTypeIR {
  return Object.freeze({
    logical,
    raw: logical,
    name: logical,
    args: Object.freeze([]),
    arrayDims: 0,
  });
}

/** JSON documents bound as operands and read as results (each codec serialises/parses it). */
export const JSON_DOCUMENT_TYPE = typeNamed('jsonb');
const TEXT_TYPE = typeNamed('text');
const INTEGER_TYPE = typeNamed('integer');
const BOOLEAN_TYPE = typeNamed('boolean');

const JSON_OPS: ReadonlySet<JsonArrayOp> = new Set([
  'jsonPath',
  'jsonPathText',
  'jsonContains',
  'jsonContainedBy',
  'jsonHasPath',
  'jsonSet',
]);

/** The type an operand of `op` on a target of `targetType` is bound with. */
export function operandType(op: JsonArrayOp, targetType: ColumnTypeIR | null): ColumnTypeIR | null {
  if (JSON_OPS.has(op)) return JSON_DOCUMENT_TYPE;
  if (targetType === null) return null;
  if (op === 'arrayAny' || op === 'arrayAll' || op === 'arrayAppend') {
    return Object.freeze({ ...targetType, arrayDims: targetType.arrayDims - 1 });
  }
  return targetType;
}

function resultType(op: JsonArrayOp, targetType: ColumnTypeIR | null): ColumnTypeIR | null {
  switch (op) {
    case 'jsonPath':
      return JSON_DOCUMENT_TYPE;
    case 'jsonSet':
      return targetType ?? JSON_DOCUMENT_TYPE;
    case 'jsonPathText':
      return TEXT_TYPE;
    case 'arrayLength':
      return INTEGER_TYPE;
    case 'arrayAppend':
      return targetType;
    default:
      return BOOLEAN_TYPE;
  }
}

/** `"table"."column"` (or `an expression`) for messages. */
export function describeTarget(target: ExpressionNode): string {
  return target.kind === 'column'
    ? `${target.table === null ? '' : `"${target.table}".`}"${target.name}"`
    : 'an expression';
}

/**
 * Builds an operator node, refusing a target whose column type cannot take it: JSON
 * operators need a json/jsonb column, array operators an array column.
 */
export function jsonArrayOp(
  op: JsonArrayOp,
  target: ExpressionNode,
  targetType: ColumnTypeIR | null,
  path: JsonPath,
  operand: ExpressionNode | null,
): JsonArrayOpNode {
  if (targetType !== null) {
    const isArray = targetType.arrayDims > 0;
    const isJson = !isArray && (targetType.logical === 'json' || targetType.logical === 'jsonb');
    if (JSON_OPS.has(op) ? !isJson : !isArray) {
      throw new CompileError(
        `${describeTarget(target)} is of type ${targetType.raw}: ${
          JSON_OPS.has(op)
            ? 'JSON operators need a json or jsonb column'
            : 'array operators need an array column'
        } (operator ${op})`,
      );
    }
  }
  return node({
    kind: 'jsonArrayOp',
    op,
    target,
    targetType,
    path: checkPath(path, target),
    operand,
    resultType: resultType(op, targetType),
  });
}

const SAFE_KEY_CHARACTERS = /^[^"\\\0]*$/;

/**
 * A JSON path, checked: keys are strings without `"`, `\` or NUL (the JSON path syntax
 * of SQLite and MySQL cannot quote them), indexes are non-negative safe integers.
 */
export function checkPath(path: JsonPath, target: ExpressionNode): JsonPath {
  if (!Array.isArray(path)) {
    throw new CompileError(
      `the JSON path on ${describeTarget(target)} must be an array of keys and indexes`,
    );
  }
  path.forEach((step: unknown, i) => {
    const ok =
      typeof step === 'string'
        ? SAFE_KEY_CHARACTERS.test(step)
        : typeof step === 'number' && Number.isSafeInteger(step) && step >= 0;
    if (!ok) {
      throw new CompileError(
        `step ${i} of the JSON path on ${describeTarget(target)} is ${JSON.stringify(step) ?? String(step)}: ` +
          'expected a key (a string without ", \\ or NUL) or a non-negative integer index',
      );
    }
  });
  return Object.freeze([...path]);
}

/** A JSON document value as `contains` and `setPath` take it. */
export type JsonOperand = JsonValue;
