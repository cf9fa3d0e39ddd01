// The peer bench's raw side: each driver used the way a person writes it by hand (the
// harness's peers/pg.mjs, and the same for sqlite3 and mysql2). SQL is written with each
// driver's own placeholders (`$1` for pg, `?` for the others) as it is built, as the
// harness does: no pass over the text to number them.
import mysql from 'mysql2';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import type { BenchDialect } from '../isolate.js';
import { MYSQL_SESSION_SETUP } from '../mysql-session.js';

export type Query = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

export interface RawDriver {
  /** One statement on any pooled connection. */
  readonly query: Query;
  /** The driver's placeholder for parameter `n` (from 1): `$n` for pg, else `?`. */
  readonly mark: (n: number) => string;
  /** BEGIN, `body` on one connection, COMMIT (ROLLBACK when it throws). */
  transaction(body: (query: Query) => Promise<void>): Promise<void>;
  /** W5's write: every row's new name in one statement, the dialect's usual way. */
  updateNames(rows: readonly { id: number; name: string }[]): Promise<void>;
  close(): Promise<void>;
}

/** `UPDATE ... FROM (VALUES ...)`: PostgreSQL's and SQLite's (3.33+) batched update. */
function updateFromValues(rows: readonly { id: number; name: string }[], pgCasts: boolean) {
  const tuples = new Array<string>(rows.length);
  const params = new Array<unknown>(rows.length * 2);
  for (let i = 0; i < rows.length; i++) {
    tuples[i] = !pgCasts
      ? '(?, ?)'
      : i === 0
        ? `($1::int, $2::text)`
        : `($${2 * i + 1}, $${2 * i + 2})`;
    params[2 * i] = rows[i]!.id;
    params[2 * i + 1] = rows[i]!.name;
  }
  const text = pgCasts
    ? `update users as u set name = v.name from (values ${tuples.join(', ')}) as v(id, name) where u.id = v.id`
    : `update users set name = v.column2 from (values ${tuples.join(', ')}) as v where users.id = v.column1`;
  return { text, params };
}

function rawPg(url: string): RawDriver {
  // The harness's pool settings: 10 connections, idle ones never closed.
  const pool = new pg.Pool({ connectionString: url, max: 10, idleTimeoutMillis: 0 });
  // As pg's documentation says to: an idle client the server ends (here, other processes on
  // the shared machine ending backends) is an 'error' event on the pool, fatal unheard.
  pool.on('error', () => undefined);
  const query: Query = async (text, params = []) =>
    (await pool.query(text, params)).rows as Record<string, unknown>[];
  return {
    query,
    mark: (n) => `$${n}`,
    async transaction(body) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await body(
          async (text, params = []) =>
            (await client.query(text, params)).rows as Record<string, unknown>[],
        );
        await client.query('commit');
      } catch (e) {
        await client.query('rollback');
        throw e;
      } finally {
        client.release();
      }
    },
    async updateNames(rows) {
      const { text, params } = updateFromValues(rows, true);
      await query(text, params);
    },
    close: () => pool.end(),
  };
}

async function rawSqlite(file: string): Promise<RawDriver> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const d = new sqlite3.Database(file, (e) => (e ? reject(e) : resolve(d)));
  });
  // dbgen's SQLite settings: foreign keys enforced, write-ahead log.
  await new Promise<void>((resolve, reject) =>
    db.exec('pragma foreign_keys = on; pragma journal_mode = wal', (e) =>
      e ? reject(e) : resolve(),
    ),
  );
  const query: Query = (text, params = []) =>
    new Promise((resolve, reject) =>
      db.all(text, params, (e: Error | null, rows: Record<string, unknown>[]) =>
        e ? reject(e) : resolve(rows),
      ),
    );
  return {
    query,
    mark: () => '?',
    async transaction(body) {
      await query('begin');
      try {
        await body(query);
        await query('commit');
      } catch (e) {
        await query('rollback');
        throw e;
      }
    },
    async updateNames(rows) {
      const { text, params } = updateFromValues(rows, false);
      await query(text, params);
    },
    close: () => new Promise((resolve) => db.close(() => resolve())),
  };
}

function rawMysql(url: string): RawDriver {
  const pool = mysql.createPool({ uri: url, connectionLimit: 10 });
  pool.on('connection', (c) => c.query(MYSQL_SESSION_SETUP));
  const promise = pool.promise();
  const rowsOf = (result: unknown): Record<string, unknown>[] =>
    (Array.isArray(result) ? result : []) as Record<string, unknown>[];
  const query: Query = async (text, params = []) => rowsOf((await promise.query(text, params))[0]);
  return {
    query,
    mark: () => '?',
    async transaction(body) {
      const connection = await promise.getConnection();
      try {
        await connection.query('begin');
        await body(async (text, params = []) => rowsOf((await connection.query(text, params))[0]));
        await connection.query('commit');
      } catch (e) {
        await connection.query('rollback');
        throw e;
      } finally {
        connection.release();
      }
    },
    async updateNames(rows) {
      // MySQL has no UPDATE ... FROM: a CASE over the keys, as Drizzle's guide writes it.
      const params: unknown[] = [];
      const whens = rows.map((r) => {
        params.push(r.id, r.name);
        return 'when ? then ?';
      });
      for (const r of rows) params.push(r.id);
      await query(
        `update users set name = case id ${whens.join(' ')} end where id in (${rows.map(() => '?').join(', ')})`,
        params,
      );
    },
    close: () => promise.end(),
  };
}

/** The raw driver for `dialect` on `target` (a URL, or SQLite's file). */
export async function rawDriver(dialect: BenchDialect, target: string): Promise<RawDriver> {
  if (dialect === 'sqlite') return rawSqlite(target);
  return dialect === 'postgres' ? rawPg(target) : rawMysql(target);
}
