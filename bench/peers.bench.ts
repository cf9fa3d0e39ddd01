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
// the named dialects (all three when unset).
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import mysql from 'mysql2';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import { ClientGenerator, compileSchema } from '@dbgen/generator';
import {
  caseWhen,
  createEngine,
  createSchemaSql,
  insertInto,
  select,
  selectinload,
  Session,
  sql,
  update,
  type Engine,
} from '@dbgen/runtime';
import { runInChild, serveChild, type BenchDialect } from './isolate.js';
import { measureSides, type Timing } from './measure.js';
import { rawDriver, type RawDriver } from './peers/raw-drivers.js';
import type { PeerClient } from './peers/client.js';

const PG_SERVER =
  process.env['DBGEN_TEST_PG_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const MYSQL_SERVER = process.env['DBGEN_TEST_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test';
const ONLY = process.env['BENCH_ONLY'] ?? null;
const DIALECTS = (process.env['BENCH_DIALECTS'] ?? 'sqlite,postgres,mysql').split(',');

const here = dirname(fileURLToPath(import.meta.url));
const SCHEMA = join(here, 'peers', 'schema.dbml');
const CLIENT_DIR = resolve(here, '..', '.tmp', 'bench-peers-client');

// The harness's sizes (its lib/config.mjs).
const USERS = 10_000;
const POST_AUTHORS = 2_000;
const POSTS_PER_AUTHOR = 10;
const W1_LOOKUPS = 2_000;
const W3_INSERTS = 10_000;
const W4_USERS = 1_000;
const W5_USERS = 1_000;
const CHUNK = 1_000;

/** The harness's deterministic ids: `n` distinct integers in [1, max] (mulberry32). */
function distinctRandomIds(n: number, max: number, seed: number): number[] {
  let a = seed >>> 0;
  const rnd = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const ids = Array.from({ length: max }, (_, i) => i + 1);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rnd() * (max - i));
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return ids.slice(0, n);
}

const chunks = <T>(xs: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
};

function check(what: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`bench: ${what} is ${actual}, expected ${expected}`);
}

/** W1's check: every user found, with its own email (the harness's summarizeUsers). */
function checkUsers(side: string, found: readonly ({ id: number; email: string } | null)[]): void {
  let ok = 0;
  for (const u of found) if (u && u.email === `user${u.id}@bench.test`) ok++;
  check(`${side} W1 users found`, ok, W1_LOOKUPS);
}

/** W2's check: touches what the harness's summarizePosts touches. */
function checkPosts(
  side: string,
  posts: readonly { id: number; title: string; body: string }[],
  authorId: (p: never) => number,
): void {
  let authors = 0;
  let length = 0;
  for (const p of posts) {
    authors += authorId(p as never);
    length += p.title.length + p.body.length;
  }
  check(`${side} W2 posts`, posts.length, POST_AUTHORS * POSTS_PER_AUTHOR);
  check(
    `${side} W2 author ids`,
    authors,
    POSTS_PER_AUTHOR * ((POST_AUTHORS * (POST_AUTHORS + 1)) / 2),
  );
  if (length === 0) throw new Error(`bench: ${side} W2 read no text`);
}

/** W4's check: 1,000 users of 10 posts each, each post its user's. */
function checkGraph<U extends { id: number }, P>(
  side: string,
  users: readonly U[],
  postsOf: (u: U) => readonly P[],
  authorId: (p: P) => number,
): void {
  let wrong = 0;
  for (const u of users) {
    const posts = postsOf(u);
    if (posts.length !== POSTS_PER_AUTHOR) wrong++;
    for (const p of posts) if (authorId(p) !== u.id) wrong++;
  }
  check(`${side} W4 users`, users.length, W4_USERS);
  check(`${side} W4 wrong posts`, wrong, 0);
}

interface Workload {
  readonly name: string;
  readonly raw: () => Promise<void>;
  readonly core: () => Promise<void>;
  readonly orm: () => Promise<void>;
  /** Untimed, before each run: state for the run, and the previous run's check. */
  readonly reset?: () => Promise<void>;
  /** Untimed, after the last run. */
  readonly finish?: () => Promise<void>;
}

async function seed(engine: Engine, client: PeerClient): Promise<void> {
  const { users, posts } = client;
  for (let start = 1; start <= USERS; start += CHUNK)
    await engine.execute(
      insertInto(users).values(
        Array.from({ length: CHUNK }, (_, i) => ({
          id: start + i,
          email: `user${start + i}@bench.test`,
          name: `User ${start + i}`,
        })),
      ),
    );
  const body = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(4);
  const total = POST_AUTHORS * POSTS_PER_AUTHOR;
  for (let start = 1; start <= total; start += CHUNK)
    await engine.execute(
      insertInto(posts).values(
        Array.from({ length: CHUNK }, (_, i) => {
          const g = start + i;
          return {
            id: g,
            authorId: ((g - 1) % POST_AUTHORS) + 1,
            title: `Post ${g} title`,
            body: `${body}${g}`,
            published: g % 2 === 0,
          };
        }),
      ),
    );
}

/** After explicit ids, the next generated key follows them (PostgreSQL's identity). */
async function restartKeys(engine: Engine, dialect: BenchDialect): Promise<void> {
  if (dialect !== 'postgres') return;
  await engine.execute(sql.raw(`select setval(pg_get_serial_sequence('users', 'id'), ${USERS})`));
  await engine.execute(
    sql.raw(
      `select setval(pg_get_serial_sequence('posts', 'id'), ${POST_AUTHORS * POSTS_PER_AUTHOR})`,
    ),
  );
}

function workloads(engine: Engine, raw: RawDriver, client: PeerClient): Workload[] {
  const { users, posts, User, Post } = client;
  const USER_COLS = 'id, email, name, created_at';
  const POST_COLS = 'id, author_id, title, body, published';
  let round = 0;
  // W1's ids: the harness's first round's (the same for every run here).
  const w1Ids = distinctRandomIds(W1_LOOKUPS, USERS, 7919);
  const ids = (): number[] => w1Ids;
  // W3's and W5's checks read the table: they run after the timer, before the next run.
  let pendingCheck: (() => Promise<void>) | null = null;
  const checkPrevious = async (): Promise<void> => {
    const run = pendingCheck;
    pendingCheck = null;
    await run?.();
  };
  const countLike = async (column: 'email' | 'name', pattern: string): Promise<number> => {
    const { rows } = await engine.execute(
      sql`select count(*) as n from users where ${sql.raw(column)} like ${pattern}`,
    );
    return Number(rows[0]!['n']);
  };
  const w3Check = (side: string): void => {
    const pattern = `w3-r${round}-%`;
    pendingCheck = async () =>
      check(`${side} W3 rows inserted`, await countLike('email', pattern), W3_INSERTS);
  };
  const w5Check = (side: string, tag: string): void => {
    pendingCheck = async () =>
      check(`${side} W5 rows renamed`, await countLike('name', `upd-${tag}-%`), W5_USERS);
  };
  // W3's input rows are built before the timer starts, as in the harness.
  let w3Rows: { email: string; name: string }[] = [];
  const w3Reset = async (): Promise<void> => {
    await checkPrevious();
    round++;
    await engine.execute(sql.raw('delete from users where id > ' + String(USERS)));
    w3Rows = Array.from({ length: W3_INSERTS }, (_, i) => ({
      email: `w3-r${round}-${i}@bench.test`,
      name: `New user ${i}`,
    }));
  };
  return [
    {
      name: 'W1 2,000 lookups by primary key',
      raw: async () => {
        const found = [];
        for (const id of ids()) {
          const rows = await raw.query(`select ${USER_COLS} from users where id = ?`, [id]);
          found.push(rows[0] as { id: number; email: string });
        }
        checkUsers('raw', found);
      },
      core: async () => {
        const found = [];
        for (const id of ids())
          found.push(
            (await engine.execute(select(users).from(users).where(users.id.eq(id)))).rows[0]!,
          );
        checkUsers('core', found);
      },
      orm: async () => {
        const s = new Session(engine);
        const found = [];
        for (const id of ids()) found.push(await User.get(s, id));
        await s.close();
        checkUsers('orm', found);
      },
    },
    {
      name: 'W2 load 20,000 rows as objects',
      raw: async () => {
        const rows = (await raw.query(`select ${POST_COLS} from posts`)) as {
          id: number;
          author_id: number;
          title: string;
          body: string;
        }[];
        checkPosts('raw', rows, (p: { author_id: number }) => p.author_id);
      },
      core: async () => {
        const { rows } = await engine.execute(select(posts).from(posts));
        checkPosts('core', rows, (p: { authorId: number }) => p.authorId);
      },
      orm: async () => {
        const s = new Session(engine);
        const list = await s.query(Post).all();
        checkPosts('orm', list, (p: { authorId: number }) => p.authorId);
        await s.close();
      },
    },
    {
      name: 'W3 insert 10,000 in one transaction',
      reset: w3Reset,
      finish: checkPrevious,
      raw: async () => {
        await raw.transaction(async (query) => {
          for (const chunk of chunks(w3Rows, CHUNK)) {
            const tuples = new Array<string>(chunk.length);
            const params = new Array<unknown>(chunk.length * 2);
            for (let i = 0; i < chunk.length; i++) {
              tuples[i] = '(?, ?)';
              params[2 * i] = chunk[i]!.email;
              params[2 * i + 1] = chunk[i]!.name;
            }
            await query(`insert into users (email, name) values ${tuples.join(', ')}`, params);
          }
        });
        w3Check('raw');
      },
      core: async () => {
        await engine.transaction(async (tx) => {
          for (const chunk of chunks(w3Rows, CHUNK))
            await tx.execute(
              insertInto(users).values(chunk.map((r) => ({ email: r.email, name: r.name }))),
            );
        });
        w3Check('core');
      },
      orm: async () => {
        const s = new Session(engine);
        const objs = w3Rows.map((r) => new User({ email: r.email, name: r.name }));
        s.addAll(objs);
        await s.commit();
        await s.close();
        let keyed = 0;
        for (const u of objs) if (typeof u.id === 'number') keyed++;
        check('orm W3 objects keyed', keyed, W3_INSERTS);
        w3Check('orm');
      },
    },
    {
      name: 'W4 1,000 users + their 10,000 posts',
      raw: async () => {
        const list = (await raw.query(`select ${USER_COLS} from users order by id limit ?`, [
          W4_USERS,
        ])) as { id: number; posts: { author_id: number }[] }[];
        const byId = new Map<number, { posts: { author_id: number }[] }>();
        const placeholders = new Array<string>(list.length);
        const keys = new Array<number>(list.length);
        for (let i = 0; i < list.length; i++) {
          const u = list[i]!;
          u.posts = [];
          byId.set(u.id, u);
          keys[i] = u.id;
          placeholders[i] = '?';
        }
        const rows = (await raw.query(
          `select ${POST_COLS} from posts where author_id in (${placeholders.join(', ')})`,
          keys,
        )) as { author_id: number }[];
        for (const p of rows) byId.get(p.author_id)!.posts.push(p);
        checkGraph(
          'raw',
          list,
          (u) => u.posts,
          (p) => p.author_id,
        );
      },
      core: async () => {
        const { rows: list } = await engine.execute(
          select(users).from(users).orderBy(users.id.asc()).limit(W4_USERS),
        );
        const { rows: ps } = await engine.execute(
          select(posts)
            .from(posts)
            .where(posts.authorId.in(list.map((u) => u.id))),
        );
        const byUser = new Map(list.map((u) => [u.id, [] as (typeof ps)[number][]]));
        for (const p of ps) byUser.get(p.authorId)!.push(p);
        checkGraph(
          'core',
          list,
          (u) => byUser.get(u.id)!,
          (p) => p.authorId,
        );
      },
      orm: async () => {
        const s = new Session(engine);
        const list = await s
          .query(User)
          .options(selectinload('posts'))
          .orderBy(users.id)
          .limit(W4_USERS)
          .all();
        checkGraph(
          'orm',
          list,
          (u) => u.posts,
          (p) => p.authorId,
        );
        await s.close();
      },
    },
    {
      name: 'W5 change 1,000 rows and save',
      reset: checkPrevious,
      finish: checkPrevious,
      raw: async () => {
        const tag = `raw${++round}`;
        const list = (await raw.query(`select ${USER_COLS} from users order by id limit ?`, [
          W5_USERS,
        ])) as { id: number; name: string }[];
        for (const u of list) u.name = `upd-${tag}-${u.id}`;
        await raw.updateNames(list);
        w5Check('raw', tag);
      },
      core: async () => {
        const tag = `core${++round}`;
        const { rows: list } = await engine.execute(
          select(users).from(users).orderBy(users.id.asc()).limit(W5_USERS),
        );
        await engine.execute(
          update(users)
            .set({
              name: caseWhen(
                list.map((u) => [users.id.eq(u.id), `upd-${tag}-${u.id}`] as const),
                users.name,
              ),
            })
            .where(users.id.in(list.map((u) => u.id))),
        );
        w5Check('core', tag);
      },
      orm: async () => {
        const tag = `orm${++round}`;
        const s = new Session(engine);
        const list = await s.query(User).orderBy(users.id).limit(W5_USERS).all();
        for (const u of list) u.name = `upd-${tag}-${u.id}`;
        await s.commit();
        await s.close();
        w5Check('orm', tag);
      },
    },
  ];
}

type Row = [string, Timing, Timing, Timing];

async function benchWith(dialect: BenchDialect, engine: Engine, raw: RawDriver): Promise<Row[]> {
  const client = (await import(pathToFileURL(join(CLIENT_DIR, 'index.js')).href)) as PeerClient;
  const { ir } = await compileSchema(SCHEMA);
  if (!ir) throw new Error('bench: the peers schema does not compile');
  for (const statement of createSchemaSql(ir, engine.dialect.name))
    await engine.execute(sql.raw(statement));
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
      return await benchWith(dialect, engine, raw);
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
    return await benchWith(dialect, engine, raw);
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
  for (const dialect of ['sqlite', 'postgres', 'mysql'] as const) {
    if (!DIALECTS.includes(dialect)) continue;
    const rows = await runInChild<Row[]>(import.meta.url, dialect);
    for (const [name, r, c, o] of rows)
      table.push(
        `| ${dialect === 'mysql' ? 'mariadb' : dialect} | ${name} ` +
          `| ${r.wall.toFixed(1)} | ${c.wall.toFixed(1)} | ${o.wall.toFixed(1)} ` +
          `| ${(c.wall / r.wall).toFixed(2)} | ${(o.wall / r.wall).toFixed(2)} ` +
          `| ${r.cpu.toFixed(1)} | ${c.cpu.toFixed(1)} | ${o.cpu.toFixed(1)} ` +
          `| ${(c.cpu / r.cpu).toFixed(2)} | ${(o.cpu / r.cpu).toFixed(2)} ` +
          `| ${r.gc.toFixed(1)} / ${c.gc.toFixed(1)} / ${o.gc.toFixed(1)} |`,
      );
  }
  console.log(table.join('\n'));
}

await serveChild(benchOne);
