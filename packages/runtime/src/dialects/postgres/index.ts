/**
 * The PostgreSQL dialect: one object implementing the dialect contract
 * (core/dialect-contract.ts) from this folder's parts. The `pg` and `pg-cursor` packages
 * are imported when an engine first connects, never by importing this module.
 */
import type { Dialect, SqlSession } from '../../core/dialect-contract.js';
import { lazyDriver } from '../../core/lazy-driver.js';
import { checkUrlEscapes, DatabaseUrlError } from '../../core/url.js';
import { quoteIdent, splitKey } from '../../schema/render.js';
import { postgresDdl, postgresType } from './ddl.js';
import { postgresStoredType } from './unsigned.js';
import { postgresDialect as postgresSql } from './dialect.js';
import { introspectPostgres } from './introspect.js';
import { postgresReplication } from './replication.js';

interface PostgresTarget {
  readonly url: string;
}

// Any constant: "dbgen migrations" in the advisory locks' key space.
const MIGRATION_LOCK_KEY = 7_246_810_531;

/**
 * Runners are serialised per transaction (`transactionLock`), not per session: a session
 * advisory lock taken through PgBouncer in transaction mode stays on whichever server
 * connection took it, and the unlock may reach another. Each migration's transaction
 * reads the history after taking the lock, so nothing is applied twice.
 */
async function lockMigrations(): Promise<() => Promise<void>> {
  return async () => undefined;
}

/** to_regclass follows the search_path, as an unqualified CREATE TABLE does. */
async function tableExists(session: SqlSession, name: string): Promise<boolean> {
  const rows = await session.query(`SELECT to_regclass($1) IS NOT NULL AS "present"`, [
    quoteIdent(name),
  ]);
  return rows[0]?.['present'] === true;
}

export const postgresDialect: Dialect<PostgresTarget> = Object.freeze<Dialect<PostgresTarget>>({
  ...postgresSql,
  schemes: ['postgres', 'postgresql'],
  driverPackages: ['pg', 'pg-cursor'],
  parseUrl(url: string) {
    if (!URL.canParse(url)) throw new DatabaseUrlError(url, 'invalid PostgreSQL URL');
    // pg decodes the database name: a bad percent-escape would fail at connect, untyped.
    checkUrlEscapes(url, 'PostgreSQL', ['database name']);
    return { url };
  },
  createDriver: ({ url }, settings) =>
    lazyDriver(postgresDialect, async () => {
      const { PostgresDriver } = await import('./driver.js');
      return new PostgresDriver({
        url,
        poolSize: settings.poolSize ?? 10,
        idleTimeoutMs: settings.idleTimeoutMs,
        acquireTimeoutMs: settings.acquireTimeoutMs,
        maxWaiting: settings.maxWaiting,
        idleCheckMs: settings.idleCheckMs,
        onIdleError: settings.onIdleError,
      });
    }),
  ddl: postgresDdl,
  columnType: postgresType,
  // An unsigned column is a wider type under a CHECK: compared as unsigned (unsigned.ts).
  storedType: (type) => postgresStoredType(type, postgresType),
  stores: Object.freeze({
    notes: true,
    namedEnums: true,
    primaryKeyNames: true,
    indexMethods: true,
    checkExpressions: false,
    rowidKeys: false,
    castsInIndexExpressions: true,
  }),
  introspect: introspectPostgres,
  replication: postgresReplication,
  migrations: Object.freeze({
    lock: lockMigrations,
    transactionLock: `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`,
    beforeTransaction: [],
    begin: 'BEGIN',
    checkBeforeCommit: () => Promise.resolve(null),
    afterTransaction: [],
    appliedAtColumn: 'timestamptz NOT NULL DEFAULT now()',
    tableExists,
    tableReference: (key: string) => {
      const [schema, name] = splitKey(key);
      return `${quoteIdent(schema)}.${quoteIdent(name)}`;
    },
  }),
});
