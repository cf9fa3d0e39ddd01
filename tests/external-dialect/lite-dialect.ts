/**
 * A dialect defined outside @dbgen/runtime, through its public API only: SQLite under
 * another URL scheme (`lite:<path>`), with a driver adapter of its own that wraps the
 * built-in SQLite one and counts the statements it runs (so a test can tell that this
 * adapter, not the built-in one, carried the work). Docs: docs/dialects.md.
 */
import { sqliteDialect, type Dialect, type Driver, type DriverConnection } from '@dbgen/runtime';

/** Statements run through this dialect's adapter, in this process. */
export let liteStatements = 0;

function counted(connection: DriverConnection): DriverConnection {
  return {
    query: (sql, parameters, shape) => {
      liteStatements += 1;
      return connection.query(sql, parameters, shape);
    },
    ...(connection.queryArrays
      ? {
          queryArrays: (sql: string, parameters: readonly unknown[]) => {
            liteStatements += 1;
            return connection.queryArrays!(sql, parameters);
          },
        }
      : {}),
    stream: (sql, parameters, batchSize) => {
      liteStatements += 1;
      return connection.stream(sql, parameters, batchSize);
    },
    release: (broken, lost) => connection.release(broken, lost),
  };
}

const toSqliteUrl = (url: string): string => url.replace(/^lite:/i, 'sqlite:');

export const liteDialect: Dialect<{ readonly filename: string }> = {
  ...sqliteDialect,
  name: 'lite',
  schemes: ['lite'],
  parseUrl: (url) => sqliteDialect.parseUrl(toSqliteUrl(url)) as { readonly filename: string },
  resolveUrl: (url, cwd) =>
    sqliteDialect.resolveUrl!(toSqliteUrl(url), cwd).replace(/^sqlite:/, 'lite:'),
  createDriver(target, settings): Driver {
    const inner = sqliteDialect.createDriver(target, settings);
    return {
      dialect: liteDialect,
      acquire: async () => counted(await inner.acquire()),
      run(sql, parameters, shape, done) {
        liteStatements += 1;
        inner.run!(sql, parameters, shape, done);
      },
      mapError: (error, sql, parameters) => inner.mapError(error, sql, parameters),
      isConnectionLost: (error) => inner.isConnectionLost(error),
      close: () => inner.close(),
    };
  },
};

export default liteDialect;
