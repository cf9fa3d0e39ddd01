/**
 * Builds table drafts: columns, keys, indexes, checks, notes, records, with TablePartial
 * injections expanded. Precedence (DBML spec): the table's own definitions win over
 * partials; between partials the last injected wins. A column keeps the position of
 * its winning definition.
 */
import type { CheckIR, IndexIR, SourceSpan } from '@dbgen/runtime';
import type {
  RecordsNode,
  SettingNode,
  TableMemberNode,
  TableNode,
  TablePartialNode,
} from '../dbml/ast.js';
import { CODES } from './codes.js';
import { buildColumn, noteWithExtensions, reportDuplicateColumns, settingText } from './columns.js';
import {
  mapPacked,
  type ColumnDraft,
  type PendingInlineRef,
  type Reporter,
  type TableDraft,
} from './context.js';
import { readIndexExtensions, readTableExtensions, splitNote } from './extensions.js';
import { className } from './naming.js';
import { splitName, type Scope } from './scope.js';

/** Where a member came from: the table itself (rank Infinity) or the n-th injected partial. */
interface Ranked<T> {
  readonly item: T;
  readonly rank: number;
}

interface Collected {
  columns: Ranked<{ column: ColumnDraft; inlineRefs: readonly SettingNode[] }>[];
  indexes: Ranked<IndexIR>[];
  pkIndexes: { name: string | null; columns: string[]; span: SourceSpan }[];
  checks: CheckIR[];
  /** The table's name: a named check from a partial is named `<table>.<name>`. */
  owner: string;
  note: Ranked<{ text: string; span: SourceSpan }> | null;
  records: RecordsNode[];
}

const LOCAL = Number.POSITIVE_INFINITY;

/**
 * The indexes written with `@dbgen constraint`: unique constraints, kept among the
 * table's indexes while the table is validated (names, columns) and moved to its
 * uniques when it is frozen (build.ts). By identity: the IR's IndexIR has no such field.
 */
const UNIQUE_CONSTRAINTS = new WeakSet<IndexIR>();

/** Whether `index` was written as a unique constraint (`@dbgen constraint`). */
export function isUniqueConstraint(index: IndexIR): boolean {
  return UNIQUE_CONSTRAINTS.has(index);
}

/** Why `index` cannot be a unique constraint, or null: one is UNIQUE (columns) and no more. */
function constraintProblem(index: IndexIR): string | null {
  if (!index.unique) return 'a unique constraint needs `unique` beside it';
  if (index.parts.some((p) => p.kind === 'expression'))
    return 'a unique constraint covers columns, not expressions';
  if (index.type !== null || index.where !== undefined || index.include !== undefined)
    return 'a unique constraint takes no index type, `where:` or `include:`';
  return null;
}

function collectMembers(
  members: readonly TableMemberNode[],
  rank: number,
  scope: Scope | undefined,
  reporter: Reporter,
  into: Collected,
  onPartial: (name: string, span: SourceSpan) => void,
): void {
  for (const member of members) {
    switch (member.kind) {
      case 'column':
        into.columns.push({ item: buildColumn(member, scope, reporter), rank });
        break;
      case 'indexes':
        for (const index of member.indexes) {
          const setting = (name: string): SettingNode | undefined =>
            index.settings.find((s) => s.name === name);
          const name = setting('name');
          const parts = mapPacked(index.parts, (p) =>
            p.kind === 'column'
              ? { kind: 'column' as const, name: p.name }
              : { kind: 'expression' as const, sql: p.sql },
          );
          if (setting('pk') !== undefined || setting('primary key') !== undefined) {
            into.pkIndexes.push({
              name: name === undefined ? null : settingText(name),
              columns: index.parts.flatMap((p) => (p.kind === 'column' ? [p.name] : [])),
              span: index.span,
            });
            continue;
          }
          const type = setting('type');
          const note = setting('note');
          const noteText = note === undefined ? null : settingText(note);
          const split = noteText === null ? null : splitNote(noteText);
          const ext =
            split === null
              ? {}
              : readIndexExtensions(split, note?.span ?? index.span, reporter.diagnostics);
          const item: IndexIR = {
            name: name === undefined ? null : settingText(name),
            parts,
            unique: setting('unique') !== undefined,
            type: type === undefined ? null : settingText(type),
            note: split === null ? null : split.text,
            ...(ext.where !== undefined ? { where: ext.where } : {}),
            ...(ext.include !== undefined ? { include: ext.include } : {}),
            span: index.span,
          };
          if (ext.constraint && constraintProblem(item) === null) UNIQUE_CONSTRAINTS.add(item);
          else if (ext.constraint)
            reporter.diagnostics.push({
              code: CODES.badExtension,
              severity: 'error',
              message: `@dbgen constraint: ${constraintProblem(item) ?? ''}`,
              span: note?.span ?? index.span,
            });
          into.indexes.push({ item, rank });
        }
        break;
      case 'checks':
        for (const check of member.checks) {
          const setting = check.settings.find((s) => s.name === 'name');
          const name = setting === undefined ? null : settingText(setting);
          into.checks.push({
            // A partial injected into two tables would give both the same constraint name,
            // which MySQL refuses (its check names are per schema): @dbml/core's naming.
            name: name !== null && rank !== LOCAL ? `${into.owner}.${name}` : name,
            expression: check.expression,
            span: check.span,
          });
        }
        break;
      case 'note':
        if (into.note === null || rank >= into.note.rank) {
          into.note = { item: { text: member.value, span: member.span }, rank };
        }
        break;
      case 'partialInjection':
        onPartial(member.name, member.span);
        break;
      case 'records':
        into.records.push(member);
        break;
    }
  }
}

function settingsNote(settings: readonly SettingNode[]): { text: string; span: SourceSpan } | null {
  const note = settings.find((s) => s.name === 'note');
  if (note === undefined) return null;
  const text = settingText(note);
  return text === null ? null : { text, span: note.span };
}

type RankedColumn = Ranked<{ column: ColumnDraft; inlineRefs: readonly SettingNode[] }>;

/**
 * True when two entries share a column name. Pairwise up to 32 columns (no allocation, and
 * fewer steps than hashing), a set beyond (so a wide table stays linear).
 */
function hasRepeatedName(entries: readonly RankedColumn[]): boolean {
  const n = entries.length;
  if (n <= 32) {
    for (let i = 1; i < n; i++) {
      const name = entries[i]!.item.column.name;
      for (let j = 0; j < i; j++) if (entries[j]!.item.column.name === name) return true;
    }
    return false;
  }
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.item.column.name)) return true;
    seen.add(entry.item.column.name);
  }
  return false;
}

/** Same name → highest rank wins (the first of equals); two local ones are reported. */
function resolveColumns(
  entries: readonly RankedColumn[],
  table: string,
  reporter: Reporter,
): { column: ColumnDraft; inlineRefs: readonly SettingNode[] }[] {
  reportDuplicateColumns(
    entries.filter((e) => e.rank === LOCAL).map((e) => e.item.column),
    `table '${table}'`,
    reporter,
  );
  const winners = new Map<string, RankedColumn>();
  for (const entry of entries) {
    const previous = winners.get(entry.item.column.name);
    if (previous === undefined || entry.rank > previous.rank) {
      winners.set(entry.item.column.name, entry);
    }
  }
  return mapPacked(
    entries.filter((entry) => winners.get(entry.item.column.name) === entry),
    (entry) => entry.item,
  );
}

/** Builds one table's draft; inline refs found on its columns are appended to `pending`. */
export function buildTable(
  node: TableNode,
  file: string,
  scope: Scope | undefined,
  reporter: Reporter,
  pending: PendingInlineRef[],
): TableDraft {
  const { schema, name } = splitName(node.name);
  const collected: Collected = {
    columns: [],
    indexes: [],
    pkIndexes: [],
    checks: [],
    owner: name,
    note: null,
    records: [],
  };
  const ownNote = settingsNote(node.settings);
  if (ownNote !== null) collected.note = { item: ownNote, rank: LOCAL };
  let partialRank = 0;
  const injected = new Set<string>();
  const inject = (partialName: string, span: SourceSpan): void => {
    const partial: TablePartialNode | undefined = scope?.lookupPartial(partialName);
    if (partial === undefined) {
      reporter.error(
        CODES.unknownPartial,
        `TablePartial '${partialName}' does not exist in schema 'public'`,
        span,
      );
      return;
    }
    if (injected.has(partialName)) return; // injecting twice adds nothing new
    injected.add(partialName);
    const rank = ++partialRank;
    const partialNote = settingsNote(partial.settings);
    if (partialNote !== null && (collected.note === null || rank >= collected.note.rank)) {
      collected.note = { item: partialNote, rank };
    }
    // Partials cannot inject partials: checkPartial reports it (DBML244), so no recursion.
    collectMembers(partial.members, rank, scope, reporter, collected, () => {});
  };
  collectMembers(node.members, LOCAL, scope, reporter, collected, inject);

  // Resolve column conflicts: same name → highest rank wins; two local ones → duplicate.
  // Most tables inject no partial and repeat no name: then every column stands, and the
  // two maps per table below (and their arrays) were allocated for nothing.
  const entries = collected.columns;
  const columns =
    partialRank === 0 && !hasRepeatedName(entries)
      ? mapPacked(entries, (entry) => entry.item)
      : resolveColumns(entries, name, reporter);
  const draft: TableDraft = {
    key: `${schema}.${name}`,
    schema,
    name,
    alias: node.alias,
    note: null,
    columns: mapPacked(columns, (c) => c.column),
    primaryKey: null,
    indexes: resolveIndexes(collected.indexes),
    checks: collected.checks,
    foreignKeys: [],
    relations: [],
    relationSpans: new Map(),
    className: className(name),
    versionColumn: null,
    isJoinTable: false,
    synthesized: false,
    span: node.span,
    file,
    scope,
    ext: {},
    extSpan: undefined,
    records: collected.records,
  };
  const headerColor = node.settings.find((s) => s.name === 'headercolor');
  const color = headerColor === undefined ? null : settingText(headerColor);
  if (color !== null) draft.headerColor = color;
  if (collected.note !== null) {
    const { text, split } = noteWithExtensions(collected.note.item.text);
    draft.note = text;
    if (split !== null) {
      draft.ext = readTableExtensions(split, collected.note.item.span, reporter.diagnostics);
      draft.extSpan = collected.note.item.span;
    }
  }
  for (const { column, inlineRefs } of columns) {
    for (const setting of inlineRefs) {
      if (setting.value !== null && setting.value.kind === 'inlineRef' && scope !== undefined) {
        pending.push({ table: draft, column: column.name, node: setting.value, scope });
      }
    }
  }
  setPrimaryKey(draft, collected.pkIndexes, reporter);
  return draft;
}

function setPrimaryKey(
  draft: TableDraft,
  pkIndexes: Collected['pkIndexes'],
  reporter: Reporter,
): void {
  const columnPk = draft.columns.filter((c) => c.primaryKey).map((c) => c.name);
  const indexPk = pkIndexes[pkIndexes.length - 1];
  if (pkIndexes.length > 1 && pkIndexes[1] !== undefined) {
    reporter.error(
      CODES.twoPrimaryKeys,
      `table '${draft.name}' has more than one primary key index; a table has one primary key (list its columns in one index)`,
      pkIndexes[1].span,
    );
  }
  if (indexPk !== undefined) {
    const sameAsColumns =
      columnPk.length === 0 ||
      (columnPk.length === indexPk.columns.length &&
        columnPk.every((c) => indexPk.columns.includes(c)));
    if (!sameAsColumns) {
      reporter.error(
        CODES.twoPrimaryKeys,
        `table '${draft.name}' has a primary key on (${columnPk.join(', ')}) in its columns and another on (${indexPk.columns.join(', ')}) in its indexes; keep one`,
        indexPk.span,
      );
    }
    for (const name of indexPk.columns) {
      const column = draft.columns.find((c) => c.name === name);
      if (column === undefined) {
        reporter.error(
          CODES.unknownColumn,
          `column '${name}' does not exist in table '${draft.name}' (in its primary key)`,
          indexPk.span,
        );
        continue;
      }
      if (column.explicitNull && !column.primaryKey) {
        reporter.error(
          CODES.conflictingSettings,
          `column '${name}' is in the primary key and cannot be 'null'; remove 'null'`,
          column.span,
        );
      }
      column.primaryKey = true;
      column.nullable = false;
    }
    draft.primaryKey = { name: indexPk.name, columns: [...indexPk.columns] };
    return;
  }
  if (columnPk.length > 0) draft.primaryKey = { name: null, columns: columnPk };
}

/** An index's identity for partial precedence: its name, or its parts when unnamed. */
function indexIdentity(index: IndexIR): string {
  if (index.name !== null) return `name:${index.name}`;
  const parts = index.parts.map((p) => (p.kind === 'column' ? `c:${p.name}` : `e:${p.sql}`));
  return `parts:${parts.join(',')}`;
}

/**
 * The same index from a partial and the table (or two partials): the table's wins, then
 * the last partial's. Two of the table's own are kept (and reported if their names clash).
 */
function resolveIndexes(indexes: readonly Ranked<IndexIR>[]): IndexIR[] {
  const best = new Map<string, Ranked<IndexIR>>();
  for (const entry of indexes) {
    if (entry.rank === LOCAL) continue;
    const key = indexIdentity(entry.item);
    const previous = best.get(key);
    if (previous === undefined || entry.rank >= previous.rank) best.set(key, entry);
  }
  const local = new Set(indexes.filter((e) => e.rank === LOCAL).map((e) => indexIdentity(e.item)));
  return mapPacked(
    indexes.filter(
      (e) =>
        e.rank === LOCAL ||
        (!local.has(indexIdentity(e.item)) && best.get(indexIdentity(e.item)) === e),
    ),
    (e) => e.item,
  );
}
