// Core engine vs the raw drivers, in one run, on PostgreSQL and SQLite:
// 2,000 primary-key selects, one 20,000-row select, a 10,000-row insert in batches.
// Prints raw ms, dbgen ms and the ratio (target ≤ 1.1×), wall clock and this process's CPU
// time (steadier when the machine is shared). Each figure is the best of BENCH_ROUNDS
// rounds (default 15) after a warm-up round, raw and dbgen interleaved (each going first
// in every other round), so both see the same cache, load and garbage-collector state.
// Each dialect runs in a process of its own (bench/isolate.ts says why).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import {
  createEngine,
  defineTable,
  deleteFrom,
  insertInto,
  param,
  selectFrom,
  sql,
  type Column,
  type ColumnIR,
  type Engine,
  type LogicalType,
} from '@dbgen/runtime';
import { benchDialects, runInChild, serveChild, type BenchDialect } from './isolate.js';
import { MYSQL_SESSION_SETUP } from './mysql-session.js';

const PG_SERVER =
  process.env['DBGEN_TEST_PG_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const MYSQL_SERVER = process.env['DBGEN_TEST_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test';
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 15);
const PK_SELECTS = 2_000;
const BIG_SELECT = 20_000;
const INSERT_ROWS = 10_000;
const BATCH = 1_000;

const column = (name: string, logical: LogicalType, primaryKey = false): ColumnIR => ({
  name,
  type: { logical, raw: logical, name: logical, args: [], arrayDims: 0 },
  nullable: false,
  primaryKey,
  unique: false,
  autoIncrement: false,
  default: null,
  checks: [],
  note: null,
  propertyName: name,
});

interface ItemsColumns {
  readonly id: Column<number>;
  readonly name: Column<string>;
  readonly score: Column<number>;
  readonly note: Column<string>;
}
const items = defineTable<ItemsColumns>({
  key: 'public.items',
  schema: 'public',
  name: 'items',
  alias: null,
  note: null,
  columns: [
    column('id', 'integer', true),
    column('name', 'text'),
    column('score', 'integer'),
    column('note', 'text'),
  ],
  primaryKey: { name: null, columns: ['id'] },
  uniques: [],
  indexes: [],
  checks: [],
  foreignKeys: [],
  orm: { className: 'Item', versionColumn: null, relations: [], isJoinTable: false },
  synthesized: false,
});

type Row = { id: number; name: string; score: number; note: string };
const makeRows = (offset: number, n: number): Row[] =>
  Array.from({ length: n }, (_, i) => ({
    id: offset + i,
    name: `item ${offset + i}`,
    score: i % 100,
    note: 'x'.repeat(40),
  }));

interface RawDriver {
  query(text: string, values: unknown[]): Promise<unknown[]>;
  close(): Promise<void>;
}

function rawPg(url: string): RawDriver {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  return {
    query: async (text, values) => (await pool.query(text, values)).rows,
    close: () => pool.end(),
  };
}

/** mysql2's pool, each connection with dbgen's session settings (UTC, ANSI quotes). */
function rawMysql(url: string): RawDriver {
  const pool = mysql.createPool({ uri: url, connectionLimit: 10 });
  pool.on('connection', (c) => c.query(MYSQL_SESSION_SETUP));
  const promise = pool.promise();
  return {
    query: async (text, values) => (await promise.query(text, values))[0] as unknown[],
    close: () => promise.end(),
  };
}

async function rawSqlite(file: string): Promise<RawDriver> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const d = new sqlite3.Database(file, (e) => (e ? reject(e) : resolve(d)));
  });
  await new Promise<void>((resolve, reject) =>
    db.exec('pragma foreign_keys = on; pragma journal_mode = wal', (e) =>
      e ? reject(e) : resolve(),
    ),
  );
  return {
    query: (text, values) =>
      new Promise((resolve, reject) =>
        db.all(text, values, (e: Error | null, rows: unknown[]) => (e ? reject(e) : resolve(rows))),
      ),
    close: () => new Promise((resolve) => db.close(() => resolve())),
  };
}

interface Timing {
  wall: number;
  cpu: number;
}

/** Wall-clock and this process's CPU time (ms). CPU time is steadier on a loaded machine. */
async function time(fn: () => Promise<void>): Promise<Timing> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - start, cpu: (used.user + used.system) / 1000 };
}

interface Case {
  name: string;
  raw: () => Promise<void>;
  dbgen: () => Promise<void>;
  reset?: () => Promise<void>;
}

async function runCases(label: string, cases: Case[], results: string[][]): Promise<void> {
  for (const c of cases) {
    const best = {
      raw: { wall: Infinity, cpu: Infinity },
      ours: { wall: Infinity, cpu: Infinity },
    };
    for (let round = 0; round < ROUNDS + 1; round++) {
      // Alternate which side goes first: the garbage one side leaves (20,000 rows) is
      // collected during whichever runs next. (A forced full collection before each run
      // was tried and rejected: it shrinks the young generation and makes the side that
      // allocates more pay far more than it does in a running program.)
      const measure = async (fn: () => Promise<void>): Promise<Timing> => {
        await c.reset?.();
        return time(fn);
      };
      let r: Timing;
      let o: Timing;
      if (round % 2 === 0) {
        r = await measure(c.raw);
        o = await measure(c.dbgen);
      } else {
        o = await measure(c.dbgen);
        r = await measure(c.raw);
      }
      if (round === 0) continue; // warm-up
      best.raw = { wall: Math.min(best.raw.wall, r.wall), cpu: Math.min(best.raw.cpu, r.cpu) };
      best.ours = { wall: Math.min(best.ours.wall, o.wall), cpu: Math.min(best.ours.cpu, o.cpu) };
    }
    results.push([
      label,
      c.name,
      best.raw.wall.toFixed(1),
      best.ours.wall.toFixed(1),
      `${(best.ours.wall / best.raw.wall).toFixed(2)}×`,
      best.raw.cpu.toFixed(1),
      best.ours.cpu.toFixed(1),
      `${(best.ours.cpu / best.raw.cpu).toFixed(2)}×`,
    ]);
  }
}

const byId = selectFrom(items).where(items.id.eq(param<number>('id')));

function casesFor(engine: Engine, raw: RawDriver, placeholder: (i: number) => string): Case[] {
  const insertSql = (rows: number) =>
    `insert into "items" ("id", "name", "score", "note") values ${Array.from({ length: rows }, (_, r) => `(${[1, 2, 3, 4].map((k) => placeholder(r * 4 + k)).join(', ')})`).join(', ')}`;
  const rawInsertSql = insertSql(BATCH);
  const batches = Array.from({ length: INSERT_ROWS / BATCH }, (_, b) =>
    makeRows(1_000_000 + b * BATCH, BATCH),
  );
  return [
    {
      name: `${PK_SELECTS} primary-key selects`,
      raw: async () => {
        const text = `select "id", "name", "score", "note" from "items" where "id" = ${placeholder(1)}`;
        for (let i = 0; i < PK_SELECTS; i++) await raw.query(text, [(i % BIG_SELECT) + 1]);
      },
      dbgen: async () => {
        for (let i = 0; i < PK_SELECTS; i++)
          await engine.execute(selectFrom(items).where(items.id.eq((i % BIG_SELECT) + 1)));
      },
    },
    {
      // The same lookups through one statement built with a param() placeholder: its SQL
      // is compiled once and cached (what generated get-by-key methods can do).
      name: `${PK_SELECTS} primary-key selects, prepared`,
      raw: async () => {
        const text = `select "id", "name", "score", "note" from "items" where "id" = ${placeholder(1)}`;
        for (let i = 0; i < PK_SELECTS; i++) await raw.query(text, [(i % BIG_SELECT) + 1]);
      },
      dbgen: async () => {
        for (let i = 0; i < PK_SELECTS; i++)
          await engine.execute(byId, { id: (i % BIG_SELECT) + 1 });
      },
    },
    {
      name: `one ${BIG_SELECT}-row select`,
      raw: async () => {
        await raw.query(
          `select "id", "name", "score", "note" from "items" where "id" <= ${placeholder(1)}`,
          [BIG_SELECT],
        );
      },
      dbgen: async () => {
        await engine.execute(selectFrom(items).where(items.id.lte(BIG_SELECT)));
      },
    },
    {
      name: `${INSERT_ROWS}-row insert (batches of ${BATCH})`,
      reset: async () => {
        await engine.execute(deleteFrom(items).where(items.id.gte(1_000_000)));
      },
      raw: async () => {
        for (const rows of batches)
          await raw.query(
            rawInsertSql,
            rows.flatMap((r) => [r.id, r.name, r.score, r.note]),
          );
      },
      dbgen: async () => {
        for (const rows of batches) await engine.execute(insertInto(items).values(rows));
      },
    },
  ];
}

async function seed(engine: Engine): Promise<void> {
  await engine.execute(
    sql.raw(
      `create table "items" ("id" integer primary key, "name" text not null, "score" integer not null, "note" text not null)`,
    ),
  );
  for (let offset = 1; offset <= BIG_SELECT; offset += BATCH) {
    await engine.execute(insertInto(items).values(makeRows(offset, BATCH)));
  }
}

/** One dialect's half: a fresh seeded database, every case, the database dropped. */
async function benchOne(dialect: BenchDialect): Promise<string[][]> {
  const results: string[][] = [];
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'dbgen-bench-'));
    const file = join(dir, 'bench.db');
    const lite = createEngine(`sqlite:${file}`);
    try {
      await seed(lite);
      const raw = await rawSqlite(file);
      await runCases(
        'sqlite',
        casesFor(lite, raw, () => '?'),
        results,
      );
      await raw.close();
    } finally {
      await lite.close();
      rmSync(dir, { recursive: true, force: true });
    }
    return results;
  }
  const name = `dbgen_bench_${randomBytes(4).toString('hex')}`;
  if (dialect === 'mysql') return benchMysql(name, results);
  const admin = new pg.Client({ connectionString: PG_SERVER });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const url = new URL(PG_SERVER);
  url.pathname = `/${name}`;
  const engine = createEngine(url.toString());
  try {
    await seed(engine);
    const raw = rawPg(url.toString());
    await runCases(
      'postgres',
      casesFor(engine, raw, (i) => `$${i}`),
      results,
    );
    await raw.close();
  } finally {
    await engine.close();
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
  return results;
}

/** MariaDB/MySQL's half: dbgen's engine against raw mysql2 on a fresh database. */
async function benchMysql(name: string, results: string[][]): Promise<string[][]> {
  const admin = await mysql.createConnection(MYSQL_SERVER).promise();
  await admin.query(`create database \`${name}\``);
  const url = new URL(MYSQL_SERVER);
  url.pathname = `/${name}`;
  const engine = createEngine(url.toString());
  try {
    await seed(engine);
    const raw = rawMysql(url.toString());
    await runCases(
      'mariadb',
      casesFor(engine, raw, () => '?'),
      results,
    );
    await raw.close();
  } finally {
    await engine.close();
    await admin.query(`drop database if exists \`${name}\``);
    await admin.end();
  }
  return results;
}

export default async function main(): Promise<void> {
  const results: string[][] = [];
  for (const dialect of benchDialects())
    results.push(...(await runInChild<string[][]>(import.meta.url, dialect)));

  const header = [
    'db',
    'case',
    'raw ms',
    'dbgen ms',
    'ratio',
    'raw cpu ms',
    'dbgen cpu ms',
    'cpu ratio',
  ];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...results.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i >= 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of results) console.log(line(r));
}

await serveChild(benchOne);
