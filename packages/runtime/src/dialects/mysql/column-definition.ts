/**
 * How ddl.ts spells a MySQL/MariaDB column: quoted names, the one table name a
 * schema-qualified key becomes, string literals, column types, defaults and the whole
 * column definition that CREATE TABLE, ADD COLUMN and MODIFY COLUMN share.
 */
import type { ColumnIR, ColumnTypeIR, DefaultIR, SchemaIR, TableKey } from '../../schema/ir.js';
import { quoteString, splitKey } from '../../schema/render.js';
import { typeEnum } from '../../schema/state.js';
import { isUnsigned } from '../../schema/types.js';
import { isLongValue } from './refusals.js';

/** `name` in backticks, embedded backticks doubled. */
export function quoteMysql(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/** The one table name a schema-qualified key becomes. */
export function mysqlTableName(schema: string, name: string): string {
  return schema === 'public' ? name : `${schema}.${name}`;
}

/** A table key as one quoted MySQL table name. */
export function tableName(key: TableKey): string {
  return quoteMysql(mysqlTableName(...splitKey(key)));
}

/** Quoted column names, comma-separated. */
export function columnList(columns: readonly string[]): string {
  return columns.map(quoteMysql).join(', ');
}

/** MySQL's string literals: backslashes are escapes there, so they are doubled too. */
export function literal(text: string): string {
  return quoteString(text.replace(/\\/g, '\\\\'));
}

const SIMPLE: Partial<Record<ColumnTypeIR['logical'], string>> = {
  smallint: 'SMALLINT',
  integer: 'INT',
  bigint: 'BIGINT',
  real: 'FLOAT',
  double: 'DOUBLE',
  boolean: 'TINYINT(1)',
  text: 'LONGTEXT',
  uuid: 'CHAR(36)',
  date: 'DATE',
  interval: 'VARCHAR(64)',
  json: 'JSON',
  jsonb: 'JSON',
  bytes: 'LONGBLOB',
};

/** A column type as MySQL spells it; `state` supplies enum values. */
export function mysqlType(type: ColumnTypeIR, state: SchemaIR): string {
  // Arrays have no MySQL type: they are JSON arrays (the runtime converts them).
  if (type.arrayDims > 0) return 'JSON';
  // `int unsigned` and the like: the signed type's spelling plus UNSIGNED (a range from 0).
  if (isUnsigned(type)) return `${mysqlSignedType(type, state)} UNSIGNED`;
  return mysqlSignedType(type, state);
}

function mysqlSignedType(type: ColumnTypeIR, state: SchemaIR): string {
  const [first, second] = type.args;
  switch (type.logical) {
    case 'decimal':
      // No declared precision: the widest exact decimal (PostgreSQL's numeric is unbounded);
      // values with more digits are refused (the dialect's `unscaledDecimal`).
      return first === undefined ? 'DECIMAL(65, 30)' : `DECIMAL(${type.args.join(', ')})`;
    case 'char':
      return `CHAR(${first ?? 1})`;
    case 'varchar':
      return `VARCHAR(${first ?? 255})`;
    case 'time':
      // Microseconds unless written otherwise, as PostgreSQL's time (bare TIME keeps none).
      return `TIME(${first ?? 6})`;
    case 'timestamp':
    case 'timestamptz':
      // UTC in a DATETIME: TIMESTAMP ends in 2038 and converts by the session's zone.
      return `DATETIME(${first ?? 6})`;
    case 'enum': {
      const found = typeEnum(state, type);
      if (!found) return type.raw;
      return `ENUM(${found.values.map((v) => literal(v.name)).join(', ')})`;
    }
    default: {
      const simple = SIMPLE[type.logical];
      if (simple !== undefined) return simple;
      void second;
      return type.raw;
    }
  }
}

const NOW = /^(now\(\)|current_timestamp(\(\d*\))?|localtimestamp|sysdate\(\))$/i;

function defaultSql(value: DefaultIR, column: ColumnIR): string {
  if (value.kind === 'expression') {
    const temporal = ['timestamp', 'timestamptz'].includes(column.type.logical);
    if (NOW.test(value.sql.trim()) && temporal) {
      return `CURRENT_TIMESTAMP(${column.type.args[0] ?? 6})`;
    }
    return `(${value.sql})`;
  }
  const sql = literalDefault(value);
  // MySQL takes no literal default on TEXT/BLOB/JSON, only an expression; MariaDB reads
  // `('x')` back as `'x'`, so the parenthesised form is the same default on both.
  return isLongValue(column.type) && value.kind !== 'null' ? `(${sql})` : sql;
}

function literalDefault(value: Exclude<DefaultIR, { kind: 'expression' }>): string {
  switch (value.kind) {
    case 'number':
      return String(value.value);
    case 'string':
      return literal(value.value);
    case 'boolean':
      return value.value ? '1' : '0';
    case 'null':
      return 'NULL';
  }
}

function isAutoIncrement(column: ColumnIR): boolean {
  return column.autoIncrement && ['smallint', 'integer', 'bigint'].includes(column.type.logical);
}

export function columnDefinition(column: ColumnIR, state: SchemaIR): string {
  let sql = `${quoteMysql(column.name)} ${mysqlType(column.type, state)}`;
  if (column.generated) {
    // MariaDB takes no NULL / NOT NULL on a generated column: its expression decides.
    const kind = column.generated.stored ? 'STORED' : 'VIRTUAL';
    sql += ` GENERATED ALWAYS AS (${column.generated.expression}) ${kind}`;
    return column.note !== null ? `${sql} COMMENT ${literal(column.note)}` : sql;
  }
  sql += column.nullable && !column.primaryKey ? ' NULL' : ' NOT NULL';
  if (isAutoIncrement(column)) sql += ' AUTO_INCREMENT';
  if (column.default && column.default.kind !== 'null') {
    sql += ` DEFAULT ${defaultSql(column.default, column)}`;
  }
  if (column.note !== null) sql += ` COMMENT ${literal(column.note)}`;
  return sql;
}
