/**
 * The MySQL 8 / MariaDB 10.11+ dialect: one object implementing the dialect contract
 * (core/dialect-contract.ts) from this folder's parts. The `mysql2` package is imported
 * when an engine first connects, never by importing this module.
 *
 * The compiler hooks are MySQL's until the first connection has read the server's
 * version: MariaDB adds RETURNING, so the driver then switches to its flavour (engines
 * wait for that before compiling their first statement; see Driver.settle).
 */
import type { Dialect } from '../../core/dialect-contract.js';
import { lazyDriver } from '../../core/lazy-driver.js';
import { checkUrlEscapes, DatabaseUrlError } from '../../core/url.js';
import { quoteIdent, splitKey } from '../../schema/render.js';
import { emptySchema } from '../../schema/state.js';
import { mysqlTableName, mysqlType } from './column-definition.js';
import { mysqlDdl } from './ddl.js';
import { serverDdl } from './server-ddl.js';
import { mysqlDialect as mysqlSql } from './dialect.js';
import { urlFlavour } from './flavour.js';
import { introspectMysql, mysqlReadType } from './introspect.js';
import { lockMigrations, mysqlProgress, tableExists } from './progress.js';
import { SESSION_SETUP } from './session-setup.js';

interface MysqlTarget {
  readonly url: string;
}

export const mysqlDialect: Dialect<MysqlTarget> = Object.freeze<Dialect<MysqlTarget>>({
  ...mysqlSql,
  schemes: ['mysql', 'mariadb'],
  driverPackages: ['mysql2'],
  parseUrl(url: string) {
    if (!URL.canParse(url)) throw new DatabaseUrlError(url, 'invalid MySQL/MariaDB URL');
    // The driver decodes these: a bad percent-escape would fail at connect, untyped.
    checkUrlEscapes(url, 'MySQL/MariaDB', ['user name', 'password', 'database name']);
    urlFlavour(url); // a bad `?flavour=` fails here, before anything connects
    return { url };
  },
  createDriver: ({ url }, settings) =>
    lazyDriver(
      mysqlDialect,
      async () => {
        const { MysqlDriver } = await import('./driver.js');
        return new MysqlDriver({
          url,
          poolSize: settings.poolSize ?? 10,
          idleTimeoutMs: settings.idleTimeoutMs,
          acquireTimeoutMs: settings.acquireTimeoutMs,
        });
      },
      // MySQL or MariaDB is known once connected (see the module comment).
      { settles: true },
    ),
  ddl: mysqlDdl,
  sessionSetup: SESSION_SETUP,
  // MariaDB and MySQL 8 differ in what DDL they take: rendered for the one connected.
  ddlFor: serverDdl,
  // Without the schema an enum's values are unknown: ENUM types come from the DDL.
  columnType: (type) => mysqlType(type, emptySchema()),
  // As introspection reads a column back: MySQL's own spelling (tinyint(1), longtext).
  storedType: (type, schema) =>
    mysqlReadType(mysqlType(type, schema).toLowerCase().replace(/, /g, ',')),
  stores: Object.freeze({
    notes: false,
    namedEnums: false,
    primaryKeyNames: false,
    indexMethods: false,
    checkExpressions: false,
    rowidKeys: false,
    castsInIndexExpressions: false,
    enumsAsColumnTypes: true,
    restrictIsDefault: true,
    generatedColumnsNullable: true,
    uniqueIndexesAreConstraints: true,
  }),
  introspect: introspectMysql,
  migrations: Object.freeze({
    lock: lockMigrations,
    beforeTransaction: [],
    begin: 'BEGIN',
    checkBeforeCommit: () => Promise.resolve(null),
    afterTransaction: [],
    appliedAtColumn: 'datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)',
    // ANSI_QUOTES is on; a table outside `public` is one table named `schema.table`.
    tableReference: (key: string) => quoteIdent(mysqlTableName(...splitKey(key))),
    tableExists,
    progress: mysqlProgress,
  }),
});
