// Pool under load (not a test: a load run with figures, for docs/scaling.md).
//
//   node --conditions=dbgen-source --import tsx bench/pool-load.ts [--seconds 30] [--clients 500]
//        [--pool 10] [--restart]
//
// `--clients` concurrent ORM session requests (each: a Session, one unit of work, commit)
// share one engine with a pool of `--pool` connections, for `--seconds`, against a fresh
// database on the local PostgreSQL (DBGEN_TEST_PG_URL). 30% of requests write (add a post,
// commit), 70% read (count a user's posts; get a user). It reports throughput, p50/p99
// latency, errors by code, and lost writes: commits that the client saw succeed but whose
// row is not in the database, counted in the database at the end (0 expected).
//
// `--restart`: halfway through, `pg_ctlcluster 15 main restart` restarts the server. The
// requests in flight get typed errors (ConnectionError); the report shows how many, and
// how long until requests succeed again, with no manual step. This restarts the shared
// server: run it only where nobody else needs it for those seconds.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { parseArgs, promisify } from 'node:util';
import pg from 'pg';
import { createEngine, DbgenError, Session } from '@dbgen/runtime';
import { createSchema } from '../tests/runtime/orm/fixtures/db.js';
import { Post, User } from '../tests/runtime/orm/fixtures/models.js';

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    clients: { type: 'string', default: '500' },
    pool: { type: 'string', default: '10' },
    restart: { type: 'boolean', default: false },
  },
});
const SECONDS = Number(flags.seconds);
const CLIENTS = Number(flags.clients);
const POOL = Number(flags.pool);
const USERS = 100;
const SERVER = process.env['DBGEN_TEST_PG_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

const name = `dbgen_load_${randomBytes(4).toString('hex')}`;
await admin(`create database "${name}"`);
const url = new URL(SERVER);
url.pathname = `/${name}`;
const engine = createEngine({ url: url.toString(), poolSize: POOL, acquireTimeoutMs: 10_000 });

try {
  await createSchema(engine, 'postgres');
  const seed = new Session(engine);
  for (let i = 1; i <= USERS; i++)
    seed.add(new User({ email: `u${i}@load.test`, name: `user ${i}` }));
  await seed.commit();

  const latencies: number[] = [];
  const completions: number[] = []; // when each successful request ended
  const errors = new Map<string, number>();
  const acknowledged: string[] = [];
  let inDoubt = 0; // writes whose commit failed: in the database or not, the client cannot know
  let reads = 0;
  let writes = 0;
  let restartAt = 0;
  let restartDone = 0;
  let firstErrorAt = 0;
  let lastErrorAt = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;

  async function request(worker: number, seq: number): Promise<void> {
    const session = new Session(engine);
    const userId = 1 + ((worker * 7 + seq) % USERS);
    const write = (worker + seq) % 10 < 3;
    const title = `w${worker}-${seq}`;
    const begun = performance.now();
    try {
      if (write) {
        session.add(new Post({ authorId: userId, title }));
        await session.commit();
        acknowledged.push(title);
        writes++;
      } else {
        await session.query(Post).filter(Post.c.authorId.eq(userId)).count();
        await session.get(User, userId);
        await session.commit();
        reads++;
      }
      const ended = performance.now();
      latencies.push(ended - begun);
      completions.push(ended);
    } catch (error) {
      const code = error instanceof DbgenError ? `${error.name} (${error.code})` : String(error);
      errors.set(code, (errors.get(code) ?? 0) + 1);
      if (write) inDoubt++;
      lastErrorAt = performance.now();
      if (firstErrorAt === 0) firstErrorAt = lastErrorAt;
    } finally {
      await session.close().catch(() => undefined);
    }
  }

  async function client(worker: number): Promise<void> {
    for (let seq = 0; performance.now() < deadline; seq++) await request(worker, seq);
  }

  const restart = flags.restart
    ? (async () => {
        await new Promise((resolve) => setTimeout(resolve, (SECONDS * 1000) / 2));
        restartAt = performance.now();
        await promisify(execFile)('pg_ctlcluster', [
          '--skip-systemctl-redirect',
          '15',
          'main',
          'restart',
          '-m',
          'fast',
        ]);
        restartDone = performance.now();
      })()
    : Promise.resolve();

  await Promise.all([...Array.from({ length: CLIENTS }, (_, w) => client(w)), restart]);
  const elapsed = (performance.now() - started) / 1000;

  // Lost writes: acknowledged commits whose row is not there, counted by the database.
  const check = new pg.Client({ connectionString: url.toString() });
  await check.connect();
  const { rows } = await check.query<{ present: string; total: string }>(
    'select count(*) filter (where title = any($1)) as present, count(*) as total from posts',
    [acknowledged],
  );
  await check.end();
  const present = Number(rows[0]?.present);
  const total = Number(rows[0]?.total);

  latencies.sort((a, b) => a - b);
  const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
  const report = {
    clients: CLIENTS,
    pool: POOL,
    seconds: Math.round(elapsed * 10) / 10,
    requests: reads + writes,
    reads,
    writes,
    throughputPerSecond: Math.round((reads + writes) / elapsed),
    p50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
    p99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
    maxMs: Math.round((latencies[latencies.length - 1] ?? NaN) * 10) / 10,
    errors: errorCount,
    errorsByType: Object.fromEntries(errors),
    acknowledgedWrites: acknowledged.length,
    lostWrites: acknowledged.length - present,
    failedWritesInDoubt: inDoubt,
    failedWritesThatLanded: total - present,
    ...(flags.restart
      ? {
          restartCommandMs: Math.round(restartDone - restartAt),
          // Errors only came between these (ms after the restart began); every request
          // after the last one succeeded, with no manual step.
          firstErrorMsAfterRestartBegan:
            firstErrorAt === 0 ? null : Math.round(firstErrorAt - restartAt),
          lastErrorMsAfterRestartBegan:
            lastErrorAt === 0 ? null : Math.round(lastErrorAt - restartAt),
          requestsAfterLastError: completions.filter((t) => t > lastErrorAt).length,
        }
      : {}),
  };
  console.log(JSON.stringify(report, null, 2));
} finally {
  await engine.close().catch(() => undefined);
  await admin(`drop database if exists "${name}" with (force)`).catch((error: unknown) =>
    console.error(`could not drop ${name}: ${(error as Error).message}`),
  );
}
