/**
 * The schema IR: plain, JSON-serialisable data that describes a database.
 *
 * It is produced by the generator from DBML, emitted (as table metadata) into generated
 * clients, rendered to DDL by each dialect, stored as the migration snapshot, and diffed
 * by autogenerate. It lives in the runtime, the lowest layer, so that every consumer can
 * read it without depending on the parser. No classes, no functions: only data.
 *
 * Conventions:
 * - names are as written in the schema (unquoted), never case-folded;
 * - `schema` defaults to `'public'` (DBML's default schema); dialects without schemas
 *   (SQLite) decide how to render a non-default one;
 * - tables are referred to by their {@link TableKey} `"<schema>.<name>"`;
 * - every array is in schema (source) order, so emitters are deterministic.
 */

/** Bumped on any incompatible change; snapshots carry it so migrations can upgrade them. */
export const IR_VERSION = 1 as const;

/** `"<schema>.<table>"`, e.g. `"public.users"`. */
export type TableKey = string;

/** A place in a schema file. Lines and columns are 1-based; offsets are 0-based. */
export interface SourceSpan {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly offset: number;
  readonly endOffset: number;
}

/**
 * The logical type of a column: what the runtime converts to and from, whatever the
 * dialect's spelling. The TypeScript type each maps to is fixed:
 *
 * | logical | TS | logical | TS |
 * | --- | --- | --- | --- |
 * | smallint, integer, real, double | number | bigint | bigint |
 * | decimal | string (exact) | boolean | boolean |
 * | char, varchar, text, uuid, time, interval | string | date, timestamp, timestamptz | Date |
 * | json, jsonb | JsonValue | bytes | Buffer |
 * | enum | union of the enum's values | unknown (custom type) | string |
 */
export type LogicalType =
  | 'smallint'
  | 'integer'
  | 'bigint'
  | 'real'
  | 'double'
  | 'decimal'
  | 'boolean'
  | 'char'
  | 'varchar'
  | 'text'
  | 'uuid'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'timestamptz'
  | 'interval'
  | 'json'
  | 'jsonb'
  | 'bytes'
  | 'enum'
  | 'unknown';

export interface ColumnTypeIR {
  readonly logical: LogicalType;
  /** The type as written, e.g. `varchar(255)`, `"timestamp with time zone"`, `int[]`. */
  readonly raw: string;
  /** The base type name without arguments or array brackets, lower-cased, e.g. `varchar`. */
  readonly name: string;
  /** Numeric arguments as written: `varchar(255)` → [255], `decimal(10,2)` → [10, 2]. */
  readonly args: readonly number[];
  /** Array dimensions: `int[]` → 1, `text[][]` → 2, otherwise 0. */
  readonly arrayDims: number;
  /** For `logical: 'enum'`: the enum this column uses. */
  readonly enum?: { readonly schema: string; readonly name: string };
}

export type DefaultIR =
  | { readonly kind: 'number'; readonly value: number | string } // string keeps big/exact literals
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  /** A SQL expression written in backticks, e.g. `now()`; rendered verbatim. */
  | { readonly kind: 'expression'; readonly sql: string };

export interface ColumnIR {
  readonly name: string;
  readonly type: ColumnTypeIR;
  readonly nullable: boolean;
  /** True when this column is (part of) the table's primary key. */
  readonly primaryKey: boolean;
  /** A single-column unique constraint declared on the column. */
  readonly unique: boolean;
  readonly autoIncrement: boolean;
  readonly default: DefaultIR | null;
  /** Column-level check expressions (SQL, verbatim). */
  readonly checks: readonly CheckIR[];
  readonly note: string | null;
  /** ORM: the property name on the model class (camelCase of `name` unless overridden). */
  readonly propertyName: string;
  /**
   * A generated column (`GENERATED ALWAYS AS (expression)`): computed by the database,
   * never written. Absent, not null, for an ordinary column, so that snapshots written
   * before it existed compare equal.
   */
  readonly generated?: GeneratedIR;
  /**
   * The TypeScript type of a json/jsonb column's values in the generated client
   * (`@dbgen type: Address`). A client-only fact: the database does not hold it, so
   * migrations ignore it and `pull` does not give it back. Absent for other columns.
   */
  readonly jsonType?: JsonTypeIR;
  readonly span?: SourceSpan;
}

/** A TypeScript type named in the schema, and the module the generated client imports it from. */
export interface JsonTypeIR {
  /** The exported type's name, e.g. `Address`. */
  readonly name: string;
  /** The module, as the generated files import it (relative to the output folder, or a package). */
  readonly from: string;
}

export interface GeneratedIR {
  /** The SQL expression, verbatim. */
  readonly expression: string;
  /** True: computed on write and stored; false: computed on read (`VIRTUAL`). */
  readonly stored: boolean;
}

export interface PrimaryKeyIR {
  readonly name: string | null;
  readonly columns: readonly string[];
}

export interface UniqueIR {
  readonly name: string | null;
  readonly columns: readonly string[];
}

/** One part of an index: a column, or a SQL expression written in backticks. */
export type IndexPartIR =
  | { readonly kind: 'column'; readonly name: string }
  | { readonly kind: 'expression'; readonly sql: string };

export interface IndexIR {
  readonly name: string | null;
  readonly parts: readonly IndexPartIR[];
  readonly unique: boolean;
  /** Index method, e.g. `btree`, `hash`, `gin`; null for the dialect's default. */
  readonly type: string | null;
  readonly note: string | null;
  /**
   * A partial index's predicate (SQL, verbatim, without `WHERE`). Absent, not null, when
   * the index is whole, so that snapshots written before it existed compare equal.
   */
  readonly where?: string;
  /** Non-key columns stored in the index (PostgreSQL `INCLUDE`); absent when none. */
  readonly include?: readonly string[];
  readonly span?: SourceSpan;
}

export interface CheckIR {
  readonly name: string | null;
  readonly expression: string;
  readonly span?: SourceSpan;
}

export type ReferentialAction = 'cascade' | 'restrict' | 'set null' | 'set default' | 'no action';

/** A foreign key, owned by the table that holds the referencing columns. */
export interface ForeignKeyIR {
  readonly name: string | null;
  readonly columns: readonly string[];
  readonly target: TableKey;
  readonly targetColumns: readonly string[];
  readonly onDelete: ReferentialAction | null;
  readonly onUpdate: ReferentialAction | null;
  /** True when the referencing columns are unique (DBML `-`): a one-to-one. */
  readonly oneToOne: boolean;
  readonly span?: SourceSpan;
}

export type RelationKind = 'many-to-one' | 'one-to-many' | 'one-to-one' | 'many-to-many';

/**
 * An ORM relation property of a model, derived from foreign keys (both sides of each)
 * and from join tables (many-to-many). Names are overridable from the schema.
 */
export interface RelationIR {
  /** Property name on the model, e.g. `author`, `posts`, `tags`. */
  readonly name: string;
  readonly kind: RelationKind;
  readonly target: TableKey;
  /**
   * For many-to-one / one-to-one owning side: this table's FK columns → target's key.
   * For one-to-many / one-to-one inverse side: this table's key columns ← target's FK.
   * `localColumns[i]` pairs with `targetColumns[i]`.
   */
  readonly localColumns: readonly string[];
  readonly targetColumns: readonly string[];
  /** True when this table holds the foreign key (many-to-one, owning one-to-one). */
  readonly owning: boolean;
  /** For many-to-many: the join table and its columns pointing at each side. */
  readonly through?: {
    readonly table: TableKey;
    /** Join-table columns referencing this table's `localColumns`. */
    readonly localColumns: readonly string[];
    /** Join-table columns referencing the target's `targetColumns`. */
    readonly targetColumns: readonly string[];
  };
  /** The inverse relation's name on the target, when there is one. */
  readonly inverse: string | null;
  /**
   * What removing a child from this (one-to-many) collection does: `'delete'` when the
   * FK is NOT NULL or ON DELETE CASCADE (the orphan cannot live alone), else `'nullify'`.
   */
  readonly orphan: 'delete' | 'nullify' | null;
}

export interface OrmTableIR {
  /** Model class name: singular PascalCase of the table name unless overridden. */
  readonly className: string;
  /** Column used for optimistic concurrency (UPDATE ... WHERE version = old). */
  readonly versionColumn: string | null;
  /**
   * Column that marks a row soft-deleted (`@dbgen softDelete: deleted_at`): a nullable
   * timestamp (set to now) or a boolean (set to true). `session.delete(obj)` sets it
   * instead of deleting; sessions hide such rows (docs/events.md). Absent: none.
   */
  readonly softDeleteColumn?: string;
  readonly relations: readonly RelationIR[];
  /** True for a pure join table of a many-to-many (still a table, still mapped). */
  readonly isJoinTable: boolean;
}

export interface TableIR {
  readonly key: TableKey;
  readonly schema: string;
  readonly name: string;
  readonly alias: string | null;
  readonly note: string | null;
  readonly columns: readonly ColumnIR[];
  readonly primaryKey: PrimaryKeyIR | null;
  readonly uniques: readonly UniqueIR[];
  readonly indexes: readonly IndexIR[];
  readonly checks: readonly CheckIR[];
  readonly foreignKeys: readonly ForeignKeyIR[];
  readonly orm: OrmTableIR;
  /** True when the table was made by dbgen for a DBML `<>` ref (as @dbml/core's exporters do). */
  readonly synthesized: boolean;
  /** The table's DBML `headercolor` (`#3498db`), when written: `dbgen diagram` paints it. */
  readonly headerColor?: string;
  /**
   * Set when this "table" is a view: its defining query. Its columns describe the rows the
   * view returns (for the typed client); it has no keys of its own in the database, no
   * indexes, checks or foreign keys, and it is read-only. Absent for a table.
   */
  readonly view?: ViewIR;
  /** Full-text search over some of the table's columns (`@dbgen search:`); absent: none. */
  readonly search?: SearchIR;
  readonly span?: SourceSpan;
}

/**
 * Full-text search declared on a table (docs/schema.md, "Full-text search"). Each dialect
 * keeps what it needs: PostgreSQL a generated `tsvector` column with a GIN index, SQLite an
 * FTS5 table synced by triggers, MySQL/MariaDB a FULLTEXT index.
 */
export interface SearchIR {
  /** The text columns searched, in order. */
  readonly columns: readonly string[];
  /** The text-search configuration (PostgreSQL's `english`, `simple`, ...); absent: `simple`. */
  readonly language?: string;
}

export interface ViewIR {
  /** The SELECT that defines the view, verbatim. */
  readonly sql: string;
  /** A PostgreSQL materialized view (rows stored, refreshed on demand); absent otherwise. */
  readonly materialized?: true;
}

export interface EnumValueIR {
  readonly name: string;
  readonly note: string | null;
}

export interface EnumIR {
  readonly schema: string;
  readonly name: string;
  readonly values: readonly EnumValueIR[];
  readonly note: string | null;
  readonly span?: SourceSpan;
}

export type RefCardinality = 'one-to-many' | 'many-to-one' | 'one-to-one' | 'many-to-many';

/** A DBML Ref as written (after aliases are resolved); foreign keys are derived from these. */
export interface RefIR {
  readonly name: string | null;
  readonly from: { readonly table: TableKey; readonly columns: readonly string[] };
  readonly to: { readonly table: TableKey; readonly columns: readonly string[] };
  /** Cardinality read from `from` to `to`: `a.x > b.y` is many-to-one. */
  readonly cardinality: RefCardinality;
  readonly onDelete: ReferentialAction | null;
  readonly onUpdate: ReferentialAction | null;
  readonly span?: SourceSpan;
}

export interface TableGroupIR {
  readonly name: string;
  readonly tables: readonly TableKey[];
  readonly note: string | null;
  /** The group's DBML `color` setting (`#3498db`), when written: `dbgen diagram` paints it. */
  readonly color?: string;
}

/** Sample data (DBML `Records`); values as written, typed by literal. */
/**
 * One value of a Records row: a literal as written (a number too precise for a double, or
 * a decimal, keeps its text), or a `backtick` database expression, inserted as SQL.
 */
export type RecordValueIR = string | number | boolean | null | { readonly sql: string };

export interface RecordsIR {
  readonly table: TableKey;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly RecordValueIR[])[];
}

export interface ProjectIR {
  readonly name: string | null;
  readonly databaseType: string | null;
  readonly note: string | null;
  /** Custom properties as written (including dbgen's own `dbgen_*` extensions). */
  readonly properties: Readonly<Record<string, string>>;
}

/** A whole schema. */
export interface SchemaIR {
  readonly irVersion: typeof IR_VERSION;
  readonly project: ProjectIR | null;
  readonly enums: readonly EnumIR[];
  readonly tables: readonly TableIR[];
  readonly refs: readonly RefIR[];
  readonly tableGroups: readonly TableGroupIR[];
  readonly records: readonly RecordsIR[];
  /** Sticky notes: name → content. */
  readonly notes: readonly { readonly name: string; readonly content: string }[];
}

/** `"<schema>.<name>"` for a table or enum. */
export function qualifiedKey(schema: string, name: string): TableKey {
  return `${schema}.${name}`;
}
