/**
 * Where an engine's database is, as OpenTelemetry's `db.namespace`, `server.address` and
 * `server.port` name it, read from the engine's URL (no network call).
 */

export interface DatabaseTarget {
  /** The database name (PostgreSQL, MySQL) or file (SQLite). */
  readonly namespace: string | undefined;
  readonly address: string | undefined;
  /** Only when the URL names one. */
  readonly port: number | undefined;
}

export const UNKNOWN_TARGET: DatabaseTarget = Object.freeze({
  namespace: undefined,
  address: undefined,
  port: undefined,
});

/** `parsed` is what the dialect read from the URL (SQLite's has `filename`). */
export function databaseTarget(url: string, parsed: object): DatabaseTarget {
  const filename = (parsed as { readonly filename?: unknown }).filename;
  if (typeof filename === 'string')
    return {
      namespace: filename === ':memory:' || filename === '' ? undefined : filename,
      address: undefined,
      port: undefined,
    };
  if (!URL.canParse(url)) return UNKNOWN_TARGET;
  const parts = new URL(url);
  const name = decodeURIComponent(parts.pathname.replace(/^\//, ''));
  return {
    namespace: name === '' ? undefined : name,
    address: parts.hostname === '' ? undefined : parts.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parts.port === '' ? undefined : Number(parts.port),
  };
}

/** `db.system.name` of a dialect (OpenTelemetry's well-known names). */
export function dbSystemName(dialect: string): string {
  switch (dialect) {
    case 'postgres':
      return 'postgresql';
    case 'sqlite':
    case 'mysql':
    case 'mariadb':
      return dialect;
    default:
      return 'other_sql';
  }
}
