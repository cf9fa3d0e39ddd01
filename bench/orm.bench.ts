// ORM vs raw drivers, same run, same database: `npm run bench -- orm`.
// Prints raw ms / dbgen ms / ratio per operation and dialect (target: ratio ≤ 1.3): mean ms per
// run within blocks of runs of one side, median over alternating blocks (`measureSides` in
// bench/measure.ts says why). Each dialect runs in a process of its own (bench/isolate.ts says why). The gc columns
// are the garbage-collection pauses per run, the same way (see `gcPauses`).
// The raw side is what a careful hand-writer does with `pg` / `sqlite3`: a SELECT per key in
// one transaction (W1 of the peer benchmark, against `session.get`), one SELECT,
// multi-row INSERTs of 1,000 rows with RETURNING, an IN list for children, and UPDATEs
// by key in one transaction.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import {
  createEngine,
  selectinload,
  Session,
  sql,
  type Engine,
  type SessionOptions,
} from '@dbgen/runtime';
import { createSchema } from '../tests/runtime/orm/fixtures/db.js';
import { Post, User } from '../tests/runtime/orm/fixtures/models.js';
import {
  benchDialects,
  processesNote,
  runInChildren,
  serveChild,
  type BenchDialect,
} from './isolate.js';
import { measureSides, mergeProcessRows, ratioCell, type Timing } from './measure.js';
import { MYSQL_SESSION_SETUP } from './mysql-session.js';

const PG_URL = process.env['DBGEN_TEST_PG_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const MYSQL_URL = process.env['DBGEN_TEST_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test';
/**
 * Only the operations whose name contains this (`BENCH_ONLY=flush`); all when unset.
 * `BENCH_PROCESSES=3`: three fresh processes per dialect, medians over them (isolate.ts).
 */
const ONLY = process.env['BENCH_ONLY'] ?? null;
/**
 * `BENCH_ORM_FILTER=1`: the ORM's sessions have a default criterion on every table (a
 * filter on `id`, true for every row): the cost of filters (docs/events.md).
 */
const SESSION_OPTIONS: SessionOptions =
  process.env['BENCH_ORM_FILTER'] === '1'
    ? {
        filters: [
          (await import('@dbgen/runtime')).columnFilter('bench', 'id', (c) => c.isNotNull()),
        ],
      }
    : {};

/**
 * A raw driver. SQL is written with the driver's own placeholders as it is built ({@link
 * Raw.mark}), as a person writes it by hand: no pass over the text to number them.
 */
interface Raw {
  all(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** The placeholder for parameter `n` (from 1): `$n` for pg, else `?`. */
  mark(n: number): string;
  close(): Promise<void>;
}

function rawPg(url: string): Raw {
  const client = new pg.Client({ connectionString: url });
  const ready = client.connect();
  return {
    async all(text, params = []) {
      await ready;
      const r = await client.query(text, params);
      return r.rows as Record<string, unknown>[];
    },
    mark: (n) => `$${n}`,
    close: () => client.end(),
  };
}

/** One mysql2 connection with dbgen's session settings (as pg's side has one client). */
function rawMysql(url: string): Raw {
  const connection = mysql.createConnection(url).promise();
  const ready = connection.query(MYSQL_SESSION_SETUP);
  return {
    async all(text, params = []) {
      await ready;
      const [rows] = await connection.query(text, params);
      return (Array.isArray(rows) ? rows : []) as Record<string, unknown>[];
    },
    mark: () => '?',
    close: () => connection.end(),
  };
}

function rawSqlite(file: string): Raw {
  const db = new sqlite3.Database(file);
  // The settings dbgen's SQLite connections use: foreign keys enforced (without it every
  // inserted row skips its parent lookup), write-ahead log.
  const ready = new Promise<void>((res, rej) =>
    db.exec('pragma foreign_keys = on; pragma journal_mode = wal', (e) => (e ? rej(e) : res())),
  );
  return {
    async all(text, params = []) {
      await ready;
      return new Promise((res, rej) =>
        db.all(text, params, (e: Error | null, rows: Record<string, unknown>[]) =>
          e ? rej(e) : res(rows),
        ),
      );
    },
    mark: () => '?',
    close: () => new Promise((res) => db.close(() => res())),
  };
}

/** Times the raw and the ORM side of one operation (`measureSides` says how). */
async function measurePair(
  raw: () => Promise<void>,
  orm: () => Promise<void>,
  reset?: () => Promise<void>,
): Promise<[Timing, Timing]> {
  const [rawTiming, ormTiming] = await measureSides([raw, orm], reset);
  return [rawTiming!, ormTiming!];
}

async function seed(engine: Engine): Promise<void> {
  // 1,000 users × 10 posts, plus 10,000 posts of user 1 = 20,000 posts; 2,000 more users.
  const s = new Session(engine, SESSION_OPTIONS);
  for (let u = 0; u < 1000; u++) {
    const user = new User({ email: `u${u}@x.org`, name: `User ${u}` });
    for (let p = 0; p < 10; p++) user.posts.push(new Post({ title: `p${u}.${p}`, body: 'text' }));
    if (u === 0)
      for (let p = 0; p < 10_000; p++)
        user.posts.push(new Post({ title: `extra${p}`, body: 'text' }));
    s.add(user);
  }
  // 2,000 users without posts, for the lookups (ids 1001-3000).
  for (let u = 1000; u < 3000; u++) s.add(new User({ email: `u${u}@x.org`, name: `User ${u}` }));
  await s.commit();
  await s.close();
}

/** One benchmarked operation: the raw and the ORM way, and what runs untimed before each run. */
interface Operation {
  readonly name: string;
  readonly raw: () => Promise<void>;
  readonly orm: () => Promise<void>;
  readonly reset?: () => Promise<void>;
}

async function rawInsertPosts(raw: Raw, n: number): Promise<void> {
  await raw.all('begin');
  for (let start = 0; start < n; start += 1000) {
    const rows = Math.min(1000, n - start);
    const params: unknown[] = [];
    for (let i = 0; i < rows; i++) params.push(2, `new${start + i}`, null);
    await raw.all(
      `insert into posts (author_id, title, body) values ${Array.from({ length: rows }, (_, i) => `(${raw.mark(3 * i + 1)}, ${raw.mark(3 * i + 2)}, ${raw.mark(3 * i + 3)})`).join(', ')} returning id`,
      params,
    );
  }
  await raw.all('commit');
}

async function benchDialect(
  name: string,
  engine: Engine,
  raw: Raw,
): Promise<[string, Timing, Timing][]> {
  await createSchema(
    engine,
    name === 'sqlite' ? 'sqlite' : name === 'mariadb' ? 'mysql' : 'postgres',
  );
  await seed(engine);
  const cleanup = async () => {
    await engine.execute(sql`delete from posts where title like ${'new%'}`);
  };
  let round = 0;
  const operations: Operation[] = [
    {
      // W1 of the peer benchmark: 2,000 distinct ids (users 1001-3000, made by the seed
      // for this), one lookup each, on one Session: 2,000 identity-map misses.
      name: 'W1 2,000 lookups by primary key',
      // By hand: one transaction (what the Session's autobegin opens), a SELECT per id.
      raw: async () => {
        const byId = `select id, email, name from users where id = ${raw.mark(1)}`;
        await raw.all('begin');
        for (let id = 1001; id <= 3000; id++) await raw.all(byId, [id]);
        await raw.all('rollback');
      },
      orm: async () => {
        const s = new Session(engine, SESSION_OPTIONS);
        for (let id = 1001; id <= 3000; id++)
          if ((await s.get(User, id)) === null) throw new Error('bench: no user');
        await s.close();
      },
    },
    {
      name: 'load 20,000 objects',
      raw: async () => {
        await raw.all('select id, author_id, title, body from posts');
      },
      orm: async () => {
        const s = new Session(engine, SESSION_OPTIONS);
        await s.query(Post).all();
        await s.close();
      },
    },
    {
      name: 'flush 10,000 new objects',
      raw: () => rawInsertPosts(raw, 10_000),
      orm: async () => {
        const s = new Session(engine, SESSION_OPTIONS);
        for (let i = 0; i < 10_000; i++) s.add(new Post({ title: `new${i}`, authorId: 2 }));
        await s.commit();
        await s.close();
      },
      reset: cleanup,
    },
    {
      name: 'load 1,000 users + 10,000 posts (select-in)',
      raw: async () => {
        const users = await raw.all(
          'select id, email, name from users where id > 1 and id <= 1000 order by id limit 1000',
        );
        const ids = users.map((u) => u['id']);
        const posts = await raw.all(
          `select id, author_id, title, body from posts where author_id in (${ids.map((_, i) => raw.mark(i + 1)).join(', ')}) order by id`,
          ids,
        );
        const byUser = new Map<unknown, Record<string, unknown>[]>();
        for (const p of posts) {
          const list = byUser.get(p['author_id']);
          if (list) list.push(p);
          else byUser.set(p['author_id'], [p]);
        }
      },
      orm: async () => {
        const s = new Session(engine, SESSION_OPTIONS);
        const users = await s
          .query(User)
          .filter(User.c.id.gt(1))
          .filter(User.c.id.lte(1000))
          .orderBy(User.c.id)
          .limit(1000)
          .options(selectinload('posts'))
          .all();
        if (users.length !== 999 || users[0]!.posts.length !== 10)
          throw new Error('bench: wrong graph');
        await s.close();
      },
    },
    {
      name: 'change + flush 1,000 objects',
      raw: async () => {
        round++;
        const rows = await raw.all(
          'select id, title from posts where author_id > 1 order by id limit 1000',
        );
        const rename = `update posts set title = ${raw.mark(1)} where id = ${raw.mark(2)}`;
        await raw.all('begin');
        for (const r of rows) await raw.all(rename, [`raw${round}.${String(r['id'])}`, r['id']]);
        await raw.all('commit');
      },
      orm: async () => {
        round++;
        const s = new Session(engine, SESSION_OPTIONS);
        const posts = await s
          .query(Post)
          .filter(Post.c.authorId.gt(1))
          .orderBy(Post.c.id)
          .limit(1000)
          .all();
        for (const p of posts) p.title = `orm${round}.${p.id}`;
        await s.commit();
        await s.close();
      },
    },
  ];
  const results: [string, Timing, Timing][] = [];
  for (const op of operations) {
    if (ONLY !== null && !op.name.includes(ONLY)) continue;
    const [rawTiming, ormTiming] = await measurePair(op.raw, op.orm, op.reset);
    if (op.reset) await op.reset();
    results.push([op.name, rawTiming, ormTiming]);
  }
  return results;
}

/** One dialect's half: a fresh database, the four operations, the database dropped. */
async function benchOne(dialect: BenchDialect): Promise<[string, Timing, Timing][]> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'dbgen-bench-'));
    const file = join(dir, 'bench.db');
    const engine = createEngine(`sqlite:${file}`);
    const raw = rawSqlite(file);
    try {
      return await benchDialect('sqlite', engine, raw);
    } finally {
      await raw.close();
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const dbName = `dbgen_bench_${randomBytes(4).toString('hex')}`;
  if (dialect === 'mysql') return benchMysql(dbName);
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const url = new URL(PG_URL);
  url.pathname = `/${dbName}`;
  const engine = createEngine(url.toString());
  const raw = rawPg(url.toString());
  try {
    return await benchDialect('postgres', engine, raw);
  } finally {
    await raw.close();
    await engine.close();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

/** MariaDB/MySQL's half: dbgen's Session against raw mysql2 on a fresh database. */
async function benchMysql(dbName: string): Promise<[string, Timing, Timing][]> {
  const admin = await mysql.createConnection(MYSQL_URL).promise();
  await admin.query(`create database \`${dbName}\``);
  const url = new URL(MYSQL_URL);
  url.pathname = `/${dbName}`;
  const engine = createEngine(url.toString());
  const raw = rawMysql(url.toString());
  try {
    return await benchDialect('mariadb', engine, raw);
  } finally {
    await raw.close();
    await engine.close();
    await admin.query(`drop database if exists \`${dbName}\``);
    await admin.end();
  }
}

export default async function (): Promise<void> {
  const table: string[] = [
    '| dialect | operation | raw ms | dbgen ms | ratio | raw cpu ms | dbgen cpu ms | cpu ratio | raw gc ms | dbgen gc ms |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const dialect of benchDialects()) {
    const runs = await runInChildren<[string, Timing, Timing][]>(import.meta.url, dialect);
    for (const [op, [raw, orm]] of mergeProcessRows(runs))
      table.push(
        `| ${dialect} | ${op} | ${raw!.wall.toFixed(1)} | ${orm!.wall.toFixed(1)} | ${ratioCell(orm!)}× ` +
          `| ${raw!.cpu.toFixed(1)} | ${orm!.cpu.toFixed(1)} | ${orm!.cpuRatio.toFixed(2)}× ` +
          `| ${raw!.gc.toFixed(1)} | ${orm!.gc.toFixed(1)} |`,
      );
  }
  console.log(table.join('\n'));
  const note = processesNote();
  if (note !== '') console.log(note);
}

await serveChild(benchOne);
