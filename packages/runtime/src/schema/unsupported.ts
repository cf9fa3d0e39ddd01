/**
 * A schema feature a dialect's database does not have (a partial index on MariaDB, a
 * GIN index on SQLite). Raised when the DDL is rendered, before anything runs, naming the
 * dialect, the feature and the table, so that no migration half-applies and no index is
 * silently made into something else.
 */
import { MigrationStateError } from './state.js';

export class UnsupportedFeatureError extends MigrationStateError {
  readonly code = 'UNSUPPORTED_FEATURE';

  constructor(
    /** The dialect's name, e.g. `mysql`. */
    readonly dialect: string,
    /** What the dialect lacks, e.g. `partial indexes (WHERE)`. */
    readonly feature: string,
    /** Where it was asked for, e.g. `index "users_live_idx" on public.users`. */
    readonly where: string,
    /**
     * Other servers of the same dialect that have the feature (`MySQL 8.0.13+`), when the
     * refusal depends on the server: SQL written without knowing the server (`migrate
     * new`) can then hold it, and the server it runs on decides. Absent: none has it.
     */
    readonly availableOn?: string,
  ) {
    super(`${where}: ${dialect} has no ${feature}`);
    this.name = 'UnsupportedFeatureError';
  }
}

/** Index methods only PostgreSQL has; elsewhere they are refused rather than ignored. */
export const POSTGRES_ONLY_INDEX_METHODS: ReadonlySet<string> = new Set([
  'gin',
  'gist',
  'brin',
  'spgist',
]);

/** `index "name" on schema.table`, for messages. */
export function indexPlace(table: string, index: { readonly name: string | null }): string {
  return `index "${index.name ?? ''}" on ${table}`;
}

/** `column "name" of schema.table`, for messages. */
export function columnPlace(table: string, column: { readonly name: string }): string {
  return `column "${column.name}" of ${table}`;
}

/**
 * `CREATE VIEW <name> AS <query>` for a dialect without materialized views (a
 * materialized one is refused, naming the view).
 */
export function plainViewStatement(
  dialect: string,
  table: {
    readonly key: string;
    readonly view?: { readonly sql: string; readonly materialized?: true };
  },
  name: string,
): string {
  if (table.view?.materialized)
    throw new UnsupportedFeatureError(dialect, 'materialized views', `view ${table.key}`);
  return `CREATE VIEW ${name} AS ${table.view?.sql ?? ''}`;
}
