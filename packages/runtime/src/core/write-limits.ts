/**
 * Values a statement writes past what its dialect's columns keep, refused before it is
 * sent. Only a dialect knows such bounds (`SqlDialect.unscaledDecimal`: MySQL keeps a
 * decimal declared without precision as DECIMAL(65, 30) and rounds digits past it away
 * without an error), and a statement is built without one, so they are checked when it
 * is compiled for a dialect: the values an INSERT, an upsert's update or an UPDATE stores
 * in such a column, given as values or as parameters, each an InvalidValueError naming
 * `table.column`. A value only compared with such a column is not refused: MySQL
 * compares a decimal with any number of digits exactly.
 */
import type { ColumnTypeIR } from '../schema/ir.js';
import type { SqlDialect } from './dialect.js';
import type { ExpressionNode, SetNode, StatementNode } from './nodes.js';
import {
  invalidValue,
  unscaledDecimalWrite,
  type DecimalDigits,
  type ValueCheck,
} from './value-check.js';

type Params = Readonly<Record<string, unknown>> | undefined;

const checks = new WeakMap<DecimalDigits, WeakMap<ColumnTypeIR, ValueCheck>>();

/** The check of values written to a column of `type`, or null when it has no bound here. */
function checkFor(type: ColumnTypeIR | null, digits: DecimalDigits): ValueCheck | null {
  if (type === null || type.logical !== 'decimal' || type.arrayDims > 0) return null;
  if (type.args.length > 0) return null;
  let byType = checks.get(digits);
  if (byType === undefined) {
    byType = new WeakMap();
    checks.set(digits, byType);
  }
  let check = byType.get(type);
  if (check === undefined) {
    check = unscaledDecimalWrite(type, digits);
    byType.set(type, check);
  }
  return check;
}

/** The value a cell binds, or undefined for a cell that is not a value or parameter. */
function boundValue(cell: ExpressionNode, params: Params): unknown {
  if (cell.kind === 'value') return cell.value;
  if (cell.kind !== 'param') return undefined;
  const index = cell.index ?? -1;
  if (index >= 0 && Array.isArray(params)) return (params as unknown[])[index];
  return params?.[cell.name];
}

function checkCell(
  cell: ExpressionNode,
  table: string,
  column: string,
  digits: DecimalDigits,
  params: Params,
): void {
  if (cell.kind === 'case') {
    // A CASE stores one of its branches (the ORM's batched UPDATE): each is checked.
    for (const branch of cell.whens) checkCell(branch.then, table, column, digits, params);
    if (cell.otherwise !== null) checkCell(cell.otherwise, table, column, digits, params);
    return;
  }
  if (cell.kind === 'raw') {
    // A raw CASE over bound values (the ORM's batched UPDATE on one key): each value may
    // be stored (its keys are checked too: a key past the bound matches no stored row).
    for (const arg of cell.args)
      if (arg.kind === 'value' || arg.kind === 'param' || arg.kind === 'case' || arg.kind === 'raw')
        checkCell(arg, table, column, digits, params);
    return;
  }
  const check = cell.kind === 'value' || cell.kind === 'param' ? checkFor(cell.type, digits) : null;
  if (check === null) return;
  const value = boundValue(cell, params);
  const misfit = value === null || value === undefined ? null : check(value);
  if (misfit !== null) throw invalidValue(value, misfit, table, column);
}

function checkSets(
  sets: readonly SetNode[],
  table: string,
  digits: DecimalDigits,
  params: Params,
): void {
  for (const set of sets) checkCell(set.value, table, set.column, digits, params);
}

/** Throws an InvalidValueError for a value `node` writes past what `dialect` keeps. */
export function checkWrittenValues(node: StatementNode, dialect: SqlDialect, params: Params): void {
  const digits = dialect.unscaledDecimal;
  if (digits === undefined) return;
  if (node.kind === 'update') {
    checkSets(node.set, node.table.name, digits, params);
    return;
  }
  if (node.kind !== 'insert') return;
  if (node.onConflict?.update) checkSets(node.onConflict.update, node.table.name, digits, params);
  if (!Array.isArray(node.values)) return;
  // Every cell: a row may give a value where the first left the column to its DEFAULT.
  for (const row of node.values as readonly (readonly ExpressionNode[])[])
    for (let i = 0; i < row.length; i++)
      checkCell(
        row[i] as ExpressionNode,
        node.table.name,
        node.columns[i] as string,
        digits,
        params,
      );
}
