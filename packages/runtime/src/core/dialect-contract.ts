/**
 * The dialect contract: everything the engine, the ORM and the migration runner know of
 * a database, in one object per dialect. Nothing outside a dialect's own folder branches
 * on its name; they call these members.
 *
 * A dialect object is a {@link SqlDialect} (compiler hooks, capability flags and value
 * codecs per logical type) plus:
 * - `schemes`, `driverPackages`, `parseUrl` and `createDriver`: which URLs it serves and
 *   the driver adapter for them (pool, transactions, savepoints, streaming, error mapping:
 *   see {@link Driver}). `createDriver` must not load the driver package itself; wrap the
 *   loading in {@link lazyDriver} so that a process that never opens this database never
 *   loads (or needs) its driver.
 * - `ddl` and `columnType`: SQL for every migration operation, and the database type a
 *   logical column type is stored as.
 * - `introspect`: the live schema as IR (what `dbgen pull` and drift checks read).
 * - `migrations`: the run lock and the transaction a migration runs in.
 *
 * The built-in dialects live in `dialects/<name>/index.ts` and are listed in
 * `dialects/registry.ts`; an application can pass its own to `createEngine({ dialect })`.
 * See docs/dialects.md ("Writing a dialect").
 */
import type { ColumnIR, ColumnTypeIR, DefaultIR, SchemaIR, TableKey } from '../schema/ir.js';
import type { DdlDialect } from '../schema/render.js';
import type { SqlDialect } from './dialect.js';
import type { Driver } from './driver.js';
import type { ReplicationProbe } from './routing/replication.js';

/** One result row of a raw statement, by column name. */
export type SqlRow = Record<string, unknown>;

/**
 * One database session that runs raw SQL with bound parameters (written with the
 * dialect's own placeholders): what introspection and the migration hooks run on.
 */
export interface SqlSession {
  query(sql: string, params?: readonly unknown[]): Promise<SqlRow[]>;
}

/** What a dialect's introspector takes. */
export interface IntrospectOptions {
  /** Tables left out (by name, any schema): dbgen's own history table, say. */
  readonly exclude?: readonly string[];
}

/** The engine options a driver adapter receives, validated and with defaults filled in. */
export interface DriverSettings {
  /**
   * Most pooled connections (`poolSize`), or undefined for the dialect's default
   * (PostgreSQL and MySQL: 10; SQLite: 4 reader connections beside its one writer).
   */
  readonly poolSize: number | undefined;
  /** Close idle pooled connections after this long (ms). */
  readonly idleTimeoutMs: number;
  /** Waiting for a free connection fails with PoolTimeoutError after this long (ms). */
  readonly acquireTimeoutMs: number;
  /**
   * Optional: most requests waiting for a connection at once; one more fails at once with
   * PoolTimeoutError (undefined: no cap). PostgreSQL honours it.
   */
  readonly maxWaiting?: number | undefined;
  /**
   * Optional: a pooled connection idle longer than this (ms) is checked with a round trip
   * before it is lent, and replaced when dead (undefined: off). PostgreSQL honours it.
   */
  readonly idleCheckMs?: number | undefined;
  /** File databases: how long a locked database is waited for (ms). */
  readonly busyTimeoutMs: number;
  /** Reports an error on an idle pooled connection (it is dropped, nothing else fails). */
  readonly onIdleError: (error: Error) => void;
}

/**
 * How far a migration got, kept in the database by a dialect whose DDL is not
 * transactional (MySQL, MariaDB: every CREATE/ALTER/DROP commits at once, whatever
 * transaction is open). A failing statement cannot roll back the ones before it, so the
 * runner records the count of statements run after each one, and a later run of the same
 * command resumes after the last recorded statement; finishing the migration forgets it.
 */
export interface MigrationProgress {
  /** The table the progress is kept in (named in messages, left out of introspection). */
  readonly table: string;
  /** Creates the progress table unless it exists. */
  ensure(session: SqlSession): Promise<void>;
  /** How many statements of `revision` (run in `direction`) an earlier run applied; 0 if none. */
  read(session: SqlSession, revision: string, direction: 'up' | 'down'): Promise<number>;
  /** Records that `done` statements of `revision` (run in `direction`) are applied. */
  record(
    session: SqlSession,
    revision: string,
    direction: 'up' | 'down',
    done: number,
  ): Promise<void>;
  /** Forgets the progress of `revision` in `direction` (the migration finished). */
  forget(session: SqlSession, revision: string, direction: 'up' | 'down'): Promise<void>;
}

/** How migrations run on a dialect (see migrate/runner.ts). */
export interface MigrationRules {
  /**
   * Takes the lock that keeps two migration runs from interleaving, for a whole run;
   * resolves to its release. Dialects whose `begin` already locks the database for
   * other writers (SQLite's `BEGIN IMMEDIATE`) can resolve to a no-op.
   */
  lock(session: SqlSession): Promise<() => Promise<void>>;
  /**
   * Optional: a statement run first in every migration transaction (and in the one that
   * creates the history table) that keeps other runners out until the transaction ends
   * (PostgreSQL: `pg_advisory_xact_lock`). Unlike a session lock it needs no session that
   * outlives a transaction, so it holds behind a transaction-pooling proxy (PgBouncer).
   */
  readonly transactionLock?: string;
  /** Statements run before each migration's transaction starts (SQLite: foreign keys off). */
  readonly beforeTransaction: readonly string[];
  /** The statement that starts a migration's transaction. */
  readonly begin: string;
  /**
   * A problem the migration left that must stop its commit (SQLite: rows breaking foreign
   * keys, which it checks only now), as a sentence; null when there is none.
   */
  checkBeforeCommit(session: SqlSession): Promise<string | null>;
  /** Statements run after each migration's transaction ended, committed or not. */
  readonly afterTransaction: readonly string[];
  /** The type and default of the history table's `applied_at` column. */
  readonly appliedAtColumn: string;
  /**
   * Whether a table named `name` (unqualified, where an unqualified `CREATE TABLE` puts
   * it: PostgreSQL's search_path, MySQL's current database) exists, asked without creating
   * anything: read-only commands (`migrate status`, `history`) check for the history table
   * this way, since they must work for a role that may not create tables.
   */
  tableExists(session: SqlSession, name: string): Promise<boolean>;
  /**
   * Present when the dialect's DDL is not transactional: the runner then records each
   * applied statement here and resumes a failed migration where it stopped, instead of
   * relying on a rollback (see {@link MigrationProgress}). Absent: a migration's
   * statements run in one transaction, all or nothing.
   */
  readonly progress?: MigrationProgress;
  /** A table (schema-qualified key, as in the IR) as this dialect references it in SQL. */
  tableReference(key: TableKey): string;
}

/**
 * Which schema facts the database stores, so that a schema read back from it
 * (introspection) compares equal to the DBML it was created from (migrate/compare.ts).
 */
export interface StoredSchemaFacts {
  /** Notes (comments) on tables, columns, enums and indexes. */
  readonly notes: boolean;
  /** Enums as named types, which exist even when no column uses them. */
  readonly namedEnums: boolean;
  /** Primary key constraint names. */
  readonly primaryKeyNames: boolean;
  /** Index methods (btree, gin, ...). */
  readonly indexMethods: boolean;
  /** Check constraint expressions as written (PostgreSQL rewrites them). */
  readonly checkExpressions: boolean;
  /** A single auto-increment integer key is the rowid (SQLite: INTEGER, whatever was declared). */
  readonly rowidKeys: boolean;
  /** Casts the database adds to index expressions (`lower(email::text)`), to be ignored. */
  readonly castsInIndexExpressions: boolean;
  /**
   * Optional (default false): enums exist only as column types (MySQL's `ENUM('a','b')`),
   * so there are no enums of their own to compare, and an enum column compares by its
   * values, not by the enum's name.
   */
  readonly enumsAsColumnTypes?: boolean;
  /**
   * Optional (default false): a foreign key's RESTRICT reads back as the default action
   * (InnoDB's RESTRICT is its NO ACTION), so the two compare equal.
   */
  readonly restrictIsDefault?: boolean;
  /**
   * Optional (default false): generated columns read back nullable whatever was declared
   * (MariaDB takes no NOT NULL on them), so their nullability is not compared.
   */
  readonly generatedColumnsNullable?: boolean;
  /**
   * Optional (default false): a unique constraint is nothing but a unique index (MySQL:
   * both are a UNIQUE KEY, and the catalog lists every one as a constraint), so a unique
   * constraint and a plain unique index of one name and columns compare equal.
   */
  readonly uniqueIndexesAreConstraints?: boolean;
}

/**
 * One database dialect. `parseUrl` is called first (it throws a ConfigError for a URL it
 * cannot use); the object it returns is handed to `createDriver`.
 */
export interface Dialect<Target extends object = object> extends SqlDialect {
  /** URL schemes served, lower case, without the colon: `['postgres', 'postgresql']`. */
  readonly schemes: readonly string[];
  /**
   * npm packages the driver adapter imports. `createEngine` checks that they resolve and
   * otherwise fails with one line naming them, before anything is loaded.
   */
  readonly driverPackages: readonly string[];
  /** Reads a URL of one of `schemes` into what `createDriver` needs. */
  parseUrl(url: string): Target;
  /**
   * The same URL with relative file paths made absolute against `cwd` (file databases),
   * so that a migration run from another directory opens the same file.
   */
  resolveUrl?(url: string, cwd: string): string;
  /**
   * File databases: the file a URL names (absolute, against `cwd`), or null for an
   * in-memory one. Read-only commands check it exists instead of creating it.
   */
  databaseFile?(url: string, cwd: string): string | null;
  /** The driver adapter for `target`; loads the driver package on first use only. */
  createDriver(target: Target, settings: DriverSettings): Driver;
  /** SQL for every migration operation. */
  readonly ddl: DdlDialect;
  /**
   * Optional: the statement the driver runs first on every session (settings the SQL it
   * is given relies on: MySQL's sql_mode). An offline `--sql` script starts with it, so it
   * runs in the database's own client as through dbgen.
   */
  readonly sessionSetup?: string;
  /**
   * Optional: the DDL for the server `session` is connected to, where what the server
   * accepts depends on its flavour or version (MariaDB has no expression indexes, MySQL 8
   * has). Migrations and push render with it, so that what the server lacks is refused
   * before any statement runs; `ddl` (what every such server takes) renders offline SQL.
   */
  ddlFor?(session: SqlSession): Promise<DdlDialect>;
  /** The database type a column of `type` is created with. */
  columnType(type: ColumnTypeIR): string;
  /**
   * A column's default as the database keeps it, where that differs from the schema's
   * spelling (SQLite stores decimals and timestamps canonically); compared by drift checks.
   */
  storedDefault?(column: ColumnIR): DefaultIR | null;
  /**
   * The type introspection reads back for a column created with `type` in `schema`, where
   * that is not simply `columnType(type)` parsed (MySQL spells types its own way, e.g.
   * `tinyint(1)` for boolean); compared by drift checks. Optional.
   */
  storedType?(type: ColumnTypeIR, schema: SchemaIR): ColumnTypeIR;
  /** What of a schema the database keeps (for comparing introspected schemas). */
  readonly stores: StoredSchemaFacts;
  /** The live database's schema as IR. */
  introspect(session: SqlSession, options: IntrospectOptions): Promise<SchemaIR>;
  readonly migrations: MigrationRules;
  /**
   * Optional: how to ask the primary and its streaming replicas for write positions and
   * replication state; read replicas (`createEngine({ replicas })`) need it.
   */
  readonly replication?: ReplicationProbe;
}
