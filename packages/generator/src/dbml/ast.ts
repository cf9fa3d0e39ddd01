/**
 * The DBML syntax tree: what the parser read, as written, with a span on every node.
 *
 * This is the contract between the parser (`parser/`, which builds it from tokens and
 * keeps it faithful enough for `dbgen format` to print back) and the IR builder (`ir/`,
 * which resolves names, expands partials and derives ORM facts). Nothing here is
 * resolved: names are as written, refs are unresolved endpoints, partial injections are
 * just markers. Plain data only.
 */
import type { SourceSpan } from '@dbgen/runtime';

export type Span = SourceSpan;

/** A possibly schema-qualified name: `users`, `auth.users`, `"my schema"."my table"`. */
export interface QualifiedName {
  /** `['auth', 'users']` for `auth.users`; unquoted. */
  readonly parts: readonly string[];
  readonly span: Span;
}

/** A literal or expression value as written in a setting or a default. */
/**
 * Strings: `'...'`, `'''...'''` (multiline: true; the spec's indentation normalisation
 * applied) and, in value position, a lone `"..."` (the reference reads `default: "x"` as a
 * string). Escapes are decoded. `true`/`false`/`null` are recognised in any case.
 */
export type ValueNode =
  | {
      readonly kind: 'string';
      readonly value: string;
      readonly multiline: boolean;
      readonly span: Span;
    }
  /** Text kept exact, signs included: `-1`, `+-2`, `--1` (count the minus signs), `1.5e10`. */
  | { readonly kind: 'number'; readonly value: string; readonly span: Span }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly span: Span }
  | { readonly kind: 'null'; readonly span: Span }
  | { readonly kind: 'expression'; readonly sql: string; readonly span: Span } // `backticks`
  /**
   * A name-like value: `status.active`, `hash`, `none`, `cascade`. Several words written
   * without dots (`set null`, `no action`, `set default`) are ONE part holding the words
   * joined by single spaces: `{ parts: ['set null'] }`.
   */
  | { readonly kind: 'identifier'; readonly name: QualifiedName; readonly span: Span }
  | { readonly kind: 'color'; readonly value: string; readonly span: Span }; // #fff

/**
 * One entry of a `[...]` settings list: `pk`, `not null`, `default: 1`, `ref: > a.b`.
 * `name` is lower-cased and whitespace-normalised (`primary key`, `not null`).
 */
export interface SettingNode {
  readonly name: string;
  readonly value: ValueNode | RefInlineNode | null;
  readonly span: Span;
  readonly nameSpan: Span;
}

export type RefOperator = '<' | '>' | '-' | '<>';

/** `ref: > users.id` inside a column's settings. */
export interface RefInlineNode {
  readonly kind: 'inlineRef';
  readonly operator: RefOperator;
  readonly target: RefEndpointNode;
  readonly span: Span;
}

/** `schema.table.(a, b)` or `table.col` or (in inline refs) `table.col` or just `col`. */
export interface RefEndpointNode {
  /**
   * Table part, possibly schema-qualified or an alias. EMPTY (`parts: []`) for an inline
   * ref naming only a column (`ref: > other_col`): a column of the same table.
   */
  readonly table: QualifiedName;
  readonly columns: readonly string[];
  /** The span of each name in `columns`, in order (for editors: go to definition, rename). */
  readonly columnSpans: readonly Span[];
  readonly span: Span;
}

export interface ColumnTypeNode {
  /** Type name, possibly schema-qualified (`auth.status` for an enum in schema auth). */
  readonly name: QualifiedName;
  /** Arguments as written: `varchar(255)` → ['255'], `decimal(10, 2)` → ['10', '2']. */
  readonly args: readonly string[];
  readonly arrayDims: number;
  /** The whole type text as written, quotes removed (`timestamp with time zone`). */
  readonly raw: string;
  readonly span: Span;
}

/**
 * A column. `settings` lists, in order, the old bare-word settings written after the type
 * (`id int PK unique` → `pk`, `unique`) and then the `[...]` list.
 */
export interface ColumnNode {
  readonly kind: 'column';
  readonly name: string;
  readonly type: ColumnTypeNode;
  readonly settings: readonly SettingNode[];
  readonly span: Span;
  readonly nameSpan: Span;
}

export interface IndexNode {
  readonly kind: 'index';
  /** Columns (as names) and backtick expressions, in order. */
  readonly parts: readonly (
    | { readonly kind: 'column'; readonly name: string; readonly span: Span }
    | { readonly kind: 'expression'; readonly sql: string; readonly span: Span }
  )[];
  readonly settings: readonly SettingNode[];
  readonly span: Span;
}

export interface CheckNode {
  readonly kind: 'check';
  readonly expression: string;
  readonly settings: readonly SettingNode[]; // name: '...'
  readonly span: Span;
}

export interface NoteNode {
  readonly kind: 'note';
  readonly value: string;
  readonly span: Span;
}

/** `~partial_name` inside a table body. */
export interface PartialInjectionNode {
  readonly kind: 'partialInjection';
  readonly name: string;
  readonly span: Span;
  /** The span of the name after `~`. */
  readonly nameSpan: Span;
}

/** `Records [cols] { row \n row }` nested in a table, or top-level `Records t(a, b) {...}`. */
export interface RecordsNode {
  readonly kind: 'records';
  /** Set for top-level records; null when nested in a table. */
  readonly table: QualifiedName | null;
  readonly columns: readonly string[];
  readonly rows: readonly { readonly values: readonly ValueNode[]; readonly span: Span }[];
  readonly span: Span;
}

export type TableMemberNode =
  | ColumnNode
  | { readonly kind: 'indexes'; readonly indexes: readonly IndexNode[]; readonly span: Span }
  | { readonly kind: 'checks'; readonly checks: readonly CheckNode[]; readonly span: Span }
  | NoteNode
  | PartialInjectionNode
  | RecordsNode;

export interface TableNode {
  readonly kind: 'table';
  readonly name: QualifiedName;
  readonly alias: string | null;
  readonly settings: readonly SettingNode[];
  readonly members: readonly TableMemberNode[];
  readonly span: Span;
}

export interface TablePartialNode {
  readonly kind: 'tablePartial';
  readonly name: string;
  /** The span of the partial's name (its whole span when the name is missing). */
  readonly nameSpan: Span;
  readonly settings: readonly SettingNode[];
  readonly members: readonly TableMemberNode[];
  readonly span: Span;
}

export interface RefNode {
  readonly kind: 'ref';
  readonly name: QualifiedName | null;
  readonly from: RefEndpointNode;
  readonly operator: RefOperator;
  readonly to: RefEndpointNode;
  readonly settings: readonly SettingNode[];
  /** True for the short form `Ref: a.b > c.d`, false for the long form `Ref { ... }`. */
  readonly short: boolean;
  readonly span: Span;
}

export interface EnumValueNode {
  readonly name: string;
  readonly settings: readonly SettingNode[];
  readonly span: Span;
}

export interface EnumNode {
  readonly kind: 'enum';
  readonly name: QualifiedName;
  readonly values: readonly EnumValueNode[];
  readonly span: Span;
}

export interface TableGroupNode {
  readonly kind: 'tableGroup';
  readonly name: QualifiedName;
  readonly tables: readonly QualifiedName[];
  readonly settings: readonly SettingNode[];
  readonly note: NoteNode | null;
  readonly span: Span;
}

export interface ProjectNode {
  readonly kind: 'project';
  readonly name: string | null;
  /** `key: value` properties, including `database_type` and any custom ones. */
  readonly properties: readonly {
    readonly key: string;
    readonly value: ValueNode;
    readonly span: Span;
  }[];
  readonly note: NoteNode | null;
  readonly span: Span;
}

/** A sticky note: `Note name { '...' }` at top level. */
export interface StickyNoteNode {
  readonly kind: 'stickyNote';
  readonly name: string;
  readonly value: string;
  /** `[color: #F4D03F]` after the name. */
  readonly settings: readonly SettingNode[];
  readonly span: Span;
}

/** `use { table users } from './auth'`, `use * from './x'`, `reuse ...` (module system). */
export interface UseNode {
  readonly kind: 'use';
  /** `reuse` re-exports what it imports. */
  readonly reexport: boolean;
  /** null for `use * from`; otherwise the selected elements. */
  readonly selections:
    | readonly {
        readonly elementKind: string; // 'table' | 'enum' | 'tablepartial' | 'tablegroup' | ...
        readonly name: QualifiedName;
        readonly alias: string | null;
        readonly span: Span;
      }[]
    | null;
  /** The path as written, e.g. `./auth` or `./auth.dbml`. */
  readonly path: string;
  /**
   * True when no path string was read (a syntax error the parser reported, such as a
   * double-quoted path): there is no file to look for, `path` is empty.
   */
  readonly pathMissing?: boolean;
  readonly span: Span;
}

/** Any other top-level block the parser accepts but dbgen does not model (e.g. DiagramView). */
export interface OtherBlockNode {
  readonly kind: 'other';
  readonly keyword: string;
  readonly span: Span;
}

export type TopLevelNode =
  | ProjectNode
  | TableNode
  | TablePartialNode
  | RefNode
  | EnumNode
  | TableGroupNode
  | StickyNoteNode
  | RecordsNode
  | UseNode
  | OtherBlockNode;

/** One parsed file. */
export interface DbmlFile {
  readonly path: string;
  readonly elements: readonly TopLevelNode[];
  /** Comments with their spans, kept so `format` can put them back. */
  readonly comments: readonly { readonly text: string; readonly span: Span }[];
}
