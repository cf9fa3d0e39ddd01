/** Builds a column draft from its AST node: type, settings, default, extensions. */
import {
  plainDecimal,
  type CheckIR,
  type ColumnTypeIR,
  type DefaultIR,
  type SourceSpan,
} from '@dbgen/runtime';
import type { ColumnNode, RefInlineNode, SettingNode, ValueNode } from '../dbml/ast.js';
import { CODES } from './codes.js';
import type { ColumnDraft, Reporter } from './context.js';
import { readColumnExtensions, splitNote, type ColumnExtensions } from './extensions.js';

import { camelCase } from './naming.js';
import { DEFAULT_SCHEMA, splitName, type Scope } from './scope.js';
import { isSerialType } from './types.js';
import { columnType } from './column-type.js';

/** Shared by every column without `@dbgen` directives (never mutated). */
const NO_EXTENSIONS: ColumnExtensions = Object.freeze({});
const NO_REFS: readonly SettingNode[] = Object.freeze([]);

/** A value node in words, for messages. */
export function describeValue(value: ValueNode | RefInlineNode): string {
  switch (value.kind) {
    case 'string':
      return `the string '${value.value}'`;
    case 'number':
      return `the number ${value.value}`;
    case 'boolean':
      return String(value.value);
    case 'null':
      return 'null';
    case 'expression':
      return `\`${value.sql}\``;
    case 'identifier':
      return `the name ${value.name.parts.join('.')}`;
    case 'color':
      return `the color ${value.value}`;
    case 'inlineRef':
      return 'a ref';
  }
}

/** The text a string-ish setting value carries, or null. */
export function settingText(setting: SettingNode): string | null {
  const value = setting.value;
  if (value === null || value.kind === 'inlineRef') return null;
  switch (value.kind) {
    case 'string':
    case 'color':
      return value.value;
    case 'number':
      return value.value;
    case 'identifier':
      return value.name.parts.join('.');
    case 'expression':
      return value.sql;
    case 'boolean':
      return String(value.value);
    case 'null':
      return null;
  }
}

/**
 * A number literal as a JS number when the double holds exactly the digits written,
 * otherwise as its text: `0.12345678901234567891` (a `decimal(30,20)`'s default or record)
 * and integers past 2^53 would lose digits in a double, and the DDL and the seed write
 * the text as it is. `0.1` stays a number: its shortest double text is what was written.
 */
export function numberValue(written: string): number | string {
  const text = numberText(written);
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  if (Number.isInteger(n)) return Number.isSafeInteger(n) ? n : text;
  return sameDecimal(String(n), text) ? n : text;
}

/** A number literal's text with its run of signs folded into one (`--1` is `1`, `+-2` is `-2`). */
export function numberText(written: string): string {
  // `--1`, `+-2`: DBML allows runs of signs; an odd number of minuses is negative.
  const signs = /^[-+\s]*/.exec(written)?.[0] ?? '';
  const negative = (signs.match(/-/g)?.length ?? 0) % 2 === 1;
  return `${negative ? '-' : ''}${written.slice(signs.length)}`;
}

/** True when two number texts are the same decimal value (`1.50` and `1.5`, `1e-7` and `0.0000001`). */
function sameDecimal(a: string, b: string): boolean {
  const x = plainDecimal(a);
  const y = plainDecimal(b);
  return x !== null && y !== null && trimFraction(x) === trimFraction(y);
}

function trimFraction(plain: string): string {
  return plain.includes('.') ? plain.replace(/\.?0+$/, '') : plain;
}

/** A default value node as IR, or undefined (with an error) when it cannot be a default. */
export function defaultValue(
  value: ValueNode,
  scope: Scope | undefined,
  columnType: ColumnTypeIR,
  reporter: Reporter,
): DefaultIR | undefined {
  switch (value.kind) {
    case 'number':
      return { kind: 'number', value: numberValue(value.value) };
    case 'string':
      return { kind: 'string', value: value.value };
    case 'boolean':
      return { kind: 'boolean', value: value.value };
    case 'null':
      return { kind: 'null' };
    case 'expression':
      return { kind: 'expression', sql: value.sql };
    case 'color':
      reporter.error(
        CODES.invalidDefault,
        `a default must be a number, a string, true, false, null, a \`backtick expression\` or an enum value, found the color ${value.value}`,
        value.span,
      );
      return undefined;
    case 'identifier': {
      const parts = value.name.parts;
      const written = parts.join('.');
      if (parts.length < 2) {
        reporter.error(
          CODES.invalidDefault,
          `a default must be a number, a string, true, false, null, a \`backtick expression\` or an enum value (enum.value), found '${written}'`,
          value.span,
        );
        return undefined;
      }
      if (parts.length > 3) {
        reporter.error(
          CODES.invalidDefault,
          `an enum value default is written enum.value or schema.enum.value, found '${written}'`,
          value.span,
        );
        return undefined;
      }
      const enumName = { parts: parts.slice(0, -1), span: value.span };
      const decl = scope?.lookupEnum(enumName);
      const member = parts[parts.length - 1] ?? '';
      if (decl === undefined) {
        const e = splitName(enumName);
        reporter.error(
          CODES.unknownEnum,
          `enum '${e.name}' does not exist in schema '${e.schema}' (in the default '${written}')`,
          value.span,
        );
        return undefined;
      }
      if (!decl.node.values.some((v) => v.name === member)) {
        reporter.error(
          CODES.unknownEnumValue,
          `enum '${parts.slice(0, -1).join('.')}' has no value '${member}'; its values are: ${decl.node.values.map((v) => v.name).join(', ')}`,
          value.span,
        );
        return undefined;
      }
      const e = splitName(decl.node.name);
      if (
        columnType.enum !== undefined &&
        (columnType.enum.schema !== e.schema || columnType.enum.name !== e.name)
      ) {
        reporter.error(
          CODES.defaultTypeMismatch,
          `the default '${written}' is a value of enum '${e.schema === DEFAULT_SCHEMA ? e.name : `${e.schema}.${e.name}`}', but the column's type is enum '${columnType.enum.name}'`,
          value.span,
        );
      }
      return { kind: 'string', value: member };
    }
  }
}

/** The note and extensions of a column or table note text. */
export function noteWithExtensions(note: string | null): {
  text: string | null;
  split: ReturnType<typeof splitNote> | null;
} {
  if (note === null) return { text: null, split: null };
  const split = splitNote(note);
  return { text: split.text, split };
}

/** Builds one column; inline refs are returned to the caller to resolve later. */
export function buildColumn(
  node: ColumnNode,
  scope: Scope | undefined,
  reporter: Reporter,
): { column: ColumnDraft; inlineRefs: readonly SettingNode[] } {
  const type = columnType(node.type, scope);
  let nullable = true;
  let explicitNull = false;
  let notNullSpan: SourceSpan | undefined;
  let primaryKey = false;
  let pkSpan: SourceSpan | undefined;
  let unique = false;
  let autoIncrement = isSerialType(type.name);
  let defaultIR: DefaultIR | null = null;
  let defaultSpan: SourceSpan | undefined;
  let note: string | null = null;
  let noteSpan: SourceSpan | undefined;
  const checks: CheckIR[] = [];
  let inlineRefs: SettingNode[] | undefined; // most columns have none: no array for them
  for (const setting of node.settings) {
    switch (setting.name) {
      case 'pk':
      case 'primary key':
        primaryKey = true;
        pkSpan = setting.span;
        break;
      case 'null':
        nullable = true;
        explicitNull = true;
        break;
      case 'not null':
        nullable = false;
        notNullSpan = setting.span;
        break;
      case 'unique':
        unique = true;
        break;
      case 'increment':
        autoIncrement = true;
        break;
      case 'default':
        if (setting.value !== null && setting.value.kind !== 'inlineRef') {
          const value = defaultValue(setting.value, scope, type, reporter);
          if (value !== undefined) {
            defaultIR = value;
            defaultSpan = setting.span;
          }
        }
        break;
      case 'check':
        if (setting.value !== null && setting.value.kind === 'expression') {
          checks.push({ name: null, expression: setting.value.sql, span: setting.span });
        } else {
          reporter.error(
            CODES.badSettingValue,
            `'check' must be a \`backtick expression\`, found ${setting.value === null ? 'no value' : describeValue(setting.value)}`,
            setting.span,
          );
        }
        break;
      case 'note':
        note = settingText(setting);
        noteSpan = setting.span;
        break;
      case 'ref':
        (inlineRefs ??= []).push(setting);
        break;
      default:
        break; // unknown names are reported by settings.ts
    }
  }
  if (primaryKey && explicitNull) {
    reporter.error(
      CODES.conflictingSettings,
      `column '${node.name}' is a primary key and cannot be 'null'; remove 'null' (a primary key is always not null)`,
      pkSpan ?? node.span,
    );
  }
  if (notNullSpan !== undefined && explicitNull) {
    reporter.error(
      CODES.conflictingSettings,
      `column '${node.name}' is marked both 'null' and 'not null'; keep one`,
      notNullSpan,
    );
  }
  if (primaryKey) nullable = false;
  // Most notes carry no directive: skip the split (large schemas have thousands of notes).
  let text = note;
  let ext: ColumnExtensions = NO_EXTENSIONS;
  if (note !== null && note.includes('@dbgen')) {
    const split = splitNote(note);
    text = split.text;
    ext = readColumnExtensions(split, noteSpan ?? node.span, reporter.diagnostics);
  }
  if (ext.generated !== undefined) {
    // The database computes the value: nothing else may give it one.
    const conflict = primaryKey
      ? 'a primary key'
      : defaultIR !== null
        ? "a 'default'"
        : autoIncrement
          ? "'increment'"
          : null;
    if (conflict !== null)
      reporter.error(
        CODES.conflictingSettings,
        `column '${node.name}' is generated (@dbgen generated) and cannot also have ${conflict}`,
        noteSpan ?? node.span,
      );
  }
  const column: ColumnDraft = {
    name: node.name,
    type,
    nullable,
    explicitNull,
    primaryKey,
    unique,
    autoIncrement,
    default: defaultIR,
    defaultSpan,
    checks,
    note: text,
    propertyName: ext.property ?? camelCase(node.name),
    span: node.span,
    ext,
    extSpan: noteSpan,
  };
  return { column, inlineRefs: inlineRefs ?? NO_REFS };
}

/** Reports every occurrence of a column name defined more than once (the first one too). */
export function reportDuplicateColumns(
  columns: readonly { readonly name: string; readonly span: SourceSpan }[],
  owner: string,
  reporter: Reporter,
): void {
  const count = new Map<string, number>();
  for (const column of columns) count.set(column.name, (count.get(column.name) ?? 0) + 1);
  for (const column of columns) {
    const times = count.get(column.name) ?? 0;
    if (times > 1) {
      reporter.error(
        CODES.duplicateColumn,
        `column '${column.name}' is defined ${times} times in ${owner}; a name can be used once`,
        column.span,
      );
    }
  }
}
