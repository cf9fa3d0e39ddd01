/**
 * Records values checked against their columns by `dbgen check`, so that a schema `check`
 * passes is one `dbgen seed` loads: an enum value the enum lacks (`Status.bogus`, or
 * `'bogus'` in an enum column), and every value the seed would refuse (the runtime's own
 * reading of a record value: `'x'` in an integer, a date that is none, a string too long
 * for its `varchar(n)`, more digits than a `decimal(p,s)` holds). Expressions are the
 * database's to judge; null is left to the database too (the reference's fixtures give
 * null keys).
 */
import { recordValueProblem, type RecordValueIR } from '@dbgen/runtime';
import type { ValueNode } from '../dbml/ast.js';
import { CODES } from './codes.js';
import type { ColumnDraft, Reporter, TableDraft } from './context.js';
import { DEFAULT_SCHEMA, splitName, type Scope } from './scope.js';

/** Reports what is wrong with `value` (written as `node`) in `column`, at the value. */
export function checkRecordValue(
  table: TableDraft,
  column: ColumnDraft,
  node: ValueNode,
  value: RecordValueIR,
  scope: Scope | undefined,
  reporter: Reporter,
): void {
  const where = `in the Records of '${table.name}', column '${column.name}' (${column.type.raw})`;
  if (node.kind === 'identifier') {
    if (!enumMemberExists(table, column, node, scope, where, reporter)) return;
  } else if (column.type.logical === 'enum' && typeof value === 'string' && value !== '') {
    const values = columnEnumValues(table, column);
    if (values !== undefined && !values.includes(value)) {
      reporter.error(
        CODES.unknownEnumValue,
        `${where}: '${value}' is not a value of enum '${column.type.enum?.name ?? column.type.raw}'; its values are: ${values.join(', ')}`,
        node.span,
      );
      return;
    }
  }
  const problem = recordValueProblem(column.type, value);
  if (problem !== null) reporter.error(CODES.badRecords, `${where}: ${problem}`, node.span);
}

/** `Status.active`: false (reported) when the enum or its value does not exist, or is another column's enum. */
function enumMemberExists(
  table: TableDraft,
  column: ColumnDraft,
  node: Extract<ValueNode, { kind: 'identifier' }>,
  scope: Scope | undefined,
  where: string,
  reporter: Reporter,
): boolean {
  const parts = node.name.parts;
  const written = parts.join('.');
  if (parts.length < 2) {
    reporter.error(
      CODES.badRecords,
      `${where}: '${written}' is no value; write a string in quotes, or an enum value as Enum.value`,
      node.span,
    );
    return false;
  }
  const enumName = { parts: parts.slice(0, -1), span: node.span };
  const decl = scope?.lookupEnum(enumName);
  if (decl === undefined) {
    const e = splitName(enumName);
    reporter.error(
      CODES.unknownEnum,
      `${where}: enum '${e.name}' does not exist in schema '${e.schema}' (in the value '${written}')`,
      node.span,
    );
    return false;
  }
  const member = parts[parts.length - 1] ?? '';
  const values = decl.node.values.map((v) => v.name);
  if (!values.includes(member)) {
    reporter.error(
      CODES.unknownEnumValue,
      `${where}: enum '${parts.slice(0, -1).join('.')}' has no value '${member}'; its values are: ${values.join(', ')}`,
      node.span,
    );
    return false;
  }
  const own = column.type.enum;
  const e = splitName(decl.node.name);
  if (own !== undefined && (own.schema !== e.schema || own.name !== e.name)) {
    reporter.error(
      CODES.badRecords,
      `${where}: '${written}' is a value of enum '${e.schema === DEFAULT_SCHEMA ? e.name : `${e.schema}.${e.name}`}', but the column's type is enum '${own.name}'`,
      node.span,
    );
    return false;
  }
  return true;
}

/** The values of the enum `column` is typed by, looked up where its table is written. */
function columnEnumValues(table: TableDraft, column: ColumnDraft): readonly string[] | undefined {
  const own = column.type.enum;
  if (own === undefined) return undefined;
  const parts = own.schema === DEFAULT_SCHEMA ? [own.name] : [own.schema, own.name];
  const decl = table.scope?.lookupEnum({ parts, span: column.span });
  return decl?.node.values.map((v) => v.name);
}
