/**
 * Checks on declarations as written, before tables are built: duplicate names across all
 * files (tables, enums, partials, groups, sticky notes, aliases), enum values, partials.
 */
import type { SourceSpan } from '@dbgen/runtime';
import type { ColumnNode, DbmlFile, EnumNode, TablePartialNode } from '../dbml/ast.js';
import { CODES } from './codes.js';
import { reportDuplicateColumns } from './columns.js';
import type { Reporter } from './context.js';
import { declName, splitName } from './scope.js';

/** Duplicate columns and inline refs of a column to itself, in a partial as written. */
export function checkPartial(partial: TablePartialNode, reporter: Reporter): void {
  const columns = partial.members.filter((m): m is ColumnNode => m.kind === 'column');
  reportDuplicateColumns(columns, `TablePartial '${partial.name}'`, reporter);
  for (const member of partial.members) {
    // The reference rejects it too; dropping the nested partial's columns would be silent.
    if (member.kind === 'partialInjection') {
      reporter.error(
        CODES.nestedPartial,
        `TablePartial '${partial.name}' injects '~${member.name}'; a partial cannot inject another partial: inject both into the table instead`,
        member.span,
      );
    }
  }
  for (const column of columns) {
    for (const setting of column.settings) {
      const ref = setting.value;
      if (setting.name !== 'ref' || ref === null || ref.kind !== 'inlineRef') continue;
      const target = ref.target;
      const sameTable = target.table.parts.length === 0;
      if (sameTable && target.columns.length === 1 && target.columns[0] === column.name) {
        reporter.error(
          CODES.refSameEndpoint,
          `the two endpoints of this ref are the same (${column.name}); a column cannot reference itself`,
          ref.span,
        );
      }
    }
  }
}

/** Duplicate declarations across all files: tables, enums, partials, groups, notes, aliases. */
export function checkDuplicates(files: ReadonlyMap<string, DbmlFile>, reporter: Reporter): void {
  const seen = new Map<string, SourceSpan>();
  const aliases = new Map<string, string>();
  const tableNames = new Set<string>();
  const label: Record<string, string> = {
    table: 'Table',
    enum: 'Enum',
    tablePartial: 'TablePartial',
    tableGroup: 'TableGroup',
    stickyNote: 'Note',
  };
  for (const file of files.values()) {
    for (const element of file.elements) {
      if (element.kind === 'table') {
        const { schema, name } = splitName(element.name);
        tableNames.add(`${schema}.${name}`);
      }
    }
  }
  for (const file of files.values()) {
    for (const element of file.elements) {
      if (
        element.kind !== 'table' &&
        element.kind !== 'enum' &&
        element.kind !== 'tablePartial' &&
        element.kind !== 'tableGroup' &&
        element.kind !== 'stickyNote'
      ) {
        continue;
      }
      const decl =
        element.kind === 'tablePartial'
          ? ({ kind: 'tablepartial', node: element, file: file.path } as const)
          : element.kind === 'stickyNote'
            ? ({ kind: 'note', node: element, file: file.path } as const)
            : element.kind === 'tableGroup'
              ? ({ kind: 'tablegroup', node: element, file: file.path } as const)
              : element.kind === 'enum'
                ? ({ kind: 'enum', node: element, file: file.path } as const)
                : ({ kind: 'table', node: element, file: file.path } as const);
      const { schema, name } = declName(decl);
      const key = `${element.kind}:${schema}.${name}`;
      const nameSpan =
        element.kind === 'table' || element.kind === 'enum' || element.kind === 'tableGroup'
          ? element.name.span
          : element.span;
      if (seen.has(key)) {
        const code =
          element.kind === 'table'
            ? CODES.duplicateTable
            : element.kind === 'enum'
              ? CODES.duplicateEnum
              : CODES.duplicateName;
        reporter.error(
          code,
          `${label[element.kind] ?? element.kind} '${name}' already exists in schema '${schema}'`,
          nameSpan,
        );
      } else seen.set(key, nameSpan);
      if (element.kind === 'enum') checkEnum(element, reporter);
      if (element.kind === 'table' && element.alias !== null) {
        const alias = element.alias;
        const owner = `${schema}.${name}`;
        const previous = aliases.get(alias);
        if (previous !== undefined && previous !== owner) {
          reporter.error(
            CODES.duplicateAlias,
            `alias '${alias}' is already used by table '${previous}'`,
            element.name.span,
          );
        } else if (tableNames.has(`public.${alias}`) && owner !== `public.${alias}`) {
          reporter.error(
            CODES.duplicateAlias,
            `alias '${alias}' of table '${owner}' is the name of another table`,
            element.name.span,
          );
        }
        aliases.set(alias, owner);
      }
    }
  }
}

function checkEnum(node: EnumNode, reporter: Reporter): void {
  const { name } = splitName(node.name);
  if (node.values.length === 0) {
    reporter.error(
      CODES.emptyEnum,
      `enum '${name}' has no values; an enum needs at least one`,
      node.span,
    );
  }
  const values = new Set<string>();
  for (const value of node.values) {
    if (values.has(value.name)) {
      reporter.error(
        CODES.duplicateEnumValue,
        `enum '${name}' lists the value '${value.name}' twice`,
        value.span,
      );
    }
    values.add(value.name);
  }
}
