/**
 * Shared state of one IR build: the diagnostics sink and the mutable drafts the later
 * passes (refs, ORM naming, validation) complete before the IR is frozen.
 */
import type {
  CheckIR,
  ColumnTypeIR,
  DefaultIR,
  ForeignKeyIR,
  IndexIR,
  RelationIR,
  SourceSpan,
} from '@dbgen/runtime';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { RefInlineNode, RecordsNode } from '../dbml/ast.js';
import type { ColumnExtensions, TableExtensions } from './extensions.js';
import type { SemanticCode } from './codes.js';
import type { Scope } from './scope.js';

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  error(code: SemanticCode, message: string, span: SourceSpan | undefined): void {
    this.push(code, 'error', message, span);
  }

  warning(code: SemanticCode, message: string, span: SourceSpan | undefined): void {
    this.push(code, 'warning', message, span);
  }

  private push(
    code: SemanticCode,
    severity: Diagnostic['severity'],
    message: string,
    span: SourceSpan | undefined,
  ): void {
    this.diagnostics.push(
      span === undefined ? { code, severity, message } : { code, severity, message, span },
    );
  }
}

export interface ColumnDraft {
  name: string;
  type: ColumnTypeIR;
  nullable: boolean;
  /** `null` written explicitly (for the `pk` + `null` conflict). */
  explicitNull: boolean;
  primaryKey: boolean;
  unique: boolean;
  autoIncrement: boolean;
  default: DefaultIR | null;
  /** Where the default was written, for type checks. */
  defaultSpan: SourceSpan | undefined;
  checks: CheckIR[];
  note: string | null;
  propertyName: string;
  span: SourceSpan;
  ext: ColumnExtensions;
  /** Span of the note carrying the extensions, for messages. */
  extSpan: SourceSpan | undefined;
}

/** An inline `ref:` found on a column, resolved after every table exists. */
export interface PendingInlineRef {
  readonly table: TableDraft;
  readonly column: string;
  readonly node: RefInlineNode;
  /** The scope of the file the ref was written in (a partial's file for partial columns). */
  readonly scope: Scope;
}

export interface TableDraft {
  key: string;
  schema: string;
  name: string;
  alias: string | null;
  note: string | null;
  columns: ColumnDraft[];
  primaryKey: { name: string | null; columns: string[] } | null;
  indexes: IndexIR[];
  checks: CheckIR[];
  foreignKeys: ForeignKeyIR[];
  relations: RelationIR[];
  /** Where each relation comes from (its FK's ref, or the note naming it), for messages. */
  relationSpans: Map<RelationIR, SourceSpan>;
  className: string;
  versionColumn: string | null;
  /** `@dbgen softDelete: column`, once checked (soft-delete.ts). */
  softDeleteColumn?: string;
  isJoinTable: boolean;
  synthesized: boolean;
  /** The DBML `headercolor` setting, when written (drawn by `dbgen diagram`). */
  headerColor?: string;
  span: SourceSpan | undefined;
  file: string;
  scope: Scope | undefined;
  ext: TableExtensions;
  extSpan: SourceSpan | undefined;
  records: RecordsNode[];
}

/** Tables up to this many columns are scanned (a bounded scan: still constant per call). */
const SCAN_LIMIT = 16;

/** Per columns array: the index of each name's first column (see `columnOf`). */
const columnIndexes = new WeakMap<readonly ColumnDraft[], Map<string, number>>();

/**
 * The first column of `table` named `name`. Called per foreign key and per relation, so a
 * scan per call made a table with thousands of FKs quadratic (bench/hostile.bench.ts): the
 * index is built once per columns array and checked on every hit, rebuilt when the array
 * changed (a column added or replaced), and a miss is confirmed by a scan.
 */
export function columnOf(table: TableDraft, name: string): ColumnDraft | undefined {
  const columns = table.columns;
  // Most tables are narrow: a scan of a few names is cheaper than the weak map and its
  // index (one map per table, and weak-map entries the collector must process apart).
  if (columns.length <= SCAN_LIMIT) {
    for (const column of columns) if (column.name === name) return column;
    return undefined;
  }
  let index = columnIndexes.get(columns);
  let at = index?.get(name);
  if (index === undefined || (at !== undefined && columns[at]?.name !== name)) {
    index = new Map();
    for (let i = columns.length - 1; i >= 0; i--) index.set(columns[i]!.name, i);
    columnIndexes.set(columns, index);
    at = index.get(name);
  }
  return at !== undefined ? columns[at] : columns.find((c) => c.name === name);
}

/**
 * `list.map(fn)` into an array built by `push`. V8's optimised `Array.prototype.map` makes
 * holey arrays where the unoptimised one makes packed ones, so once a producer was
 * optimised (around the third compile of a process) every pass reading its arrays met a
 * new array map and deoptimised ("wrong map"): the IR's long-lived arrays are built here,
 * packed at every tier.
 */
export function mapPacked<T, U>(list: readonly T[], fn: (item: T) => U): U[] {
  const result: U[] = [];
  for (let i = 0; i < list.length; i++) result.push(fn(list[i]!));
  return result;
}
