// The peer benchmark's five workloads (../shared/bench-peers, its README) inside
// `npm run bench -- peers`: dbgen's ORM Session and its Core against raw drivers written by
// hand, in the same process and run, on SQLite, PostgreSQL and MariaDB.
//
// - W1: 2,000 lookups by primary key of distinct random users (of 10,000): `User.get`.
// - W2: all 20,000 posts as objects, one query.
// - W3: 10,000 new users in one transaction (the users it added before are deleted before
//   each run; the harness empties both tables, here W3 shares the seeded database).
// - W4: the first 1,000 users with their 10 posts each, by relation loading.
// - W5: 1,000 users loaded, each renamed, persisted.
//
// The schema is the harness's (bench/peers/schema.dbml, a copy of its dbgen/schema.dbml),
// compiled and generated with dbgen's own generator the way a user would; the ORM and Core
// code is the harness's peers/dbgen.mjs and peers/dbgen-core.mjs, the raw code its
// peers/pg.mjs, written again for sqlite3 and mysql2. Each dialect runs in a process of its
// own (bench/isolate.ts says why); times are blocks of runs, blocks of the three sides
// alternating (bench/measure.ts says why). Every run's result is checked (counts and sums)
// so that no side can skip work. Prints wall, CPU (process.cpuUsage: steadier on a shared
// machine) and GC-pause ms per run, and each side's ratio to raw.
//
// BENCH_ONLY=W3 runs the workloads whose name contains it; BENCH_DIALECTS=postgres,sqlite
// the named dialects (all three when unset); BENCH_PROCESSES=3 three fresh processes per
// dialect, one after another, and prints medians over them (bench/isolate.ts says why).
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import mysql from 'mysql2';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import { ClientGenerator, compileSchema } from '@dbgen/generator';
import { connectForMigrations, createEngine, pushSchema, type Engine } from '@dbgen/runtime';
import {
  benchDialects,
  processesNote,
  runInChildren,
  serveChild,
  type BenchDialect,
} from './isolate.js';
import { measureSides, mergeProcessRows, ratioCell, type Timing } from './measure.js';
import { rawDriver, type RawDriver } from './peers/raw-drivers.js';
import type { PeerClient } from './peers/client.js';
import { restartKeys, seed, workloads } from './peers/workloads.js';

const PG_SERVER =
  process.env['DBGEN_TEST_PG_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const MYSQL_SERVER = process.env['DBGEN_TEST_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test';
const ONLY = process.env['BENCH_ONLY'] ?? null;

const here = dirname(fileURLToPath(import.meta.url));
const SCHEMA = join(here, 'peers', 'schema.dbml');
const CLIENT_DIR = resolve(here, '..', '.tmp', 'bench-peers-client');

type Row = [string, Timing, Timing, Timing];

async function benchWith(
  dialect: BenchDialect,
  url: string,
  engine: Engine,
  raw: RawDriver,
): Promise<Row[]> {
  const client = (await import(pathToFileURL(join(CLIENT_DIR, 'index.js')).href)) as PeerClient;
  const { ir } = await compileSchema(SCHEMA);
  if (!ir) throw new Error('bench: the peers schema does not compile');
  // Pushed as `dbgen push` does, with the DDL of the server connected to (MariaDB keys the
  // whole `text` email by a hash; offline MySQL SQL, which must run on MySQL 8 too, cannot).
  const connection = await connectForMigrations(url);
  try {
    await pushSchema({ connection, schema: ir });
  } finally {
    await connection.close();
  }
  await seed(engine, client);
  await restartKeys(engine, dialect);
  const rows: Row[] = [];
  for (const w of workloads(engine, raw, client)) {
    if (ONLY !== null && !w.name.includes(ONLY)) continue;
    const [r, c, o] = await measureSides([w.raw, w.core, w.orm], w.reset);
    await w.finish?.();
    rows.push([w.name, r!, c!, o!]);
  }
  return rows;
}

/** One dialect's half: a fresh database, the five workloads, the database dropped. */
async function benchOne(dialect: BenchDialect): Promise<Row[]> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'dbgen-bench-'));
    const file = join(dir, 'bench.db');
    const engine = createEngine(`sqlite:${file}`);
    const raw = await rawDriver('sqlite', file);
    try {
      return await benchWith(dialect, `sqlite:${file}`, engine, raw);
    } finally {
      await raw.close();
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const name = `dbgen_bench_${randomBytes(4).toString('hex')}`;
  const server = dialect === 'postgres' ? PG_SERVER : MYSQL_SERVER;
  const url = new URL(server);
  url.pathname = `/${name}`;
  const admin =
    dialect === 'postgres'
      ? await (async () => {
          const c = new pg.Client({ connectionString: server });
          await c.connect();
          return { query: (q: string) => c.query(q), end: () => c.end() };
        })()
      : await mysql.createConnection(server).promise();
  await admin.query(`create database ${name}`);
  // The harness's pool: at most 10 connections, idle ones never closed.
  const engine = createEngine({ url: url.toString(), poolSize: 10, idleTimeoutMs: 24 * 3600_000 });
  const raw = await rawDriver(dialect, url.toString());
  try {
    return await benchWith(dialect, url.toString(), engine, raw);
  } finally {
    await raw.close();
    await engine.close();
    await admin.query(
      dialect === 'postgres'
        ? `drop database if exists ${name} with (force)`
        : `drop database if exists ${name}`,
    );
    await admin.end();
  }
}

/** Generates the harness's client with dbgen's generator into .tmp (git-ignored). */
async function generateClient(): Promise<void> {
  mkdirSync(CLIENT_DIR, { recursive: true });
  const result = await new ClientGenerator({
    schema: SCHEMA,
    out: CLIENT_DIR,
  }).run();
  if (!result.ok) throw new Error(`bench: peers schema: ${JSON.stringify(result.diagnostics)}`);
}

export default async function main(): Promise<void> {
  await generateClient();
  const table = [
    '| dialect | workload | raw ms | Core ms | ORM ms | Core × | ORM × | raw cpu | Core cpu | ORM cpu | Core cpu × | ORM cpu × | gc raw/Core/ORM |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const dialect of benchDialects()) {
    const runs = await runInChildren<Row[]>(import.meta.url, dialect);
    for (const [name, [r, c, o]] of mergeProcessRows(runs))
      table.push(
        `| ${dialect === 'mysql' ? 'mariadb' : dialect} | ${name} ` +
          `| ${r!.wall.toFixed(1)} | ${c!.wall.toFixed(1)} | ${o!.wall.toFixed(1)} ` +
          `| ${ratioCell(c!)} | ${ratioCell(o!)} ` +
          `| ${r!.cpu.toFixed(1)} | ${c!.cpu.toFixed(1)} | ${o!.cpu.toFixed(1)} ` +
          `| ${c!.cpuRatio.toFixed(2)} | ${o!.cpuRatio.toFixed(2)} ` +
          `| ${r!.gc.toFixed(1)} / ${c!.gc.toFixed(1)} / ${o!.gc.toFixed(1)} |`,
      );
  }
  console.log(table.join('\n'));
  const note = processesNote();
  if (note !== '') console.log(note);
}

await serveChild(benchOne);
