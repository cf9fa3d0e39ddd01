import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { createEngine, Session } from '@dbgen/runtime';
import { createSchema } from '../tests/runtime/orm/fixtures/db.js';
import { User } from '../tests/runtime/orm/fixtures/models.js';
const PG_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const dbName = `dbgen_prof_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: PG_URL });
await admin.connect();
await admin.query(`create database ${dbName}`);
const url = new URL(PG_URL); url.pathname = `/${dbName}`;
const engine = createEngine(url.toString());
await createSchema(engine, 'postgres');
const s0 = new Session(engine);
for (let u = 0; u < 2000; u++) s0.add(new User({ email: `u${u}@x.org`, name: `User ${u}` }));
await s0.commit(); await s0.close();
const client = new pg.Client({ connectionString: url.toString() }); await client.connect();
const sides: Record<string, () => Promise<void>> = {
  raw: async () => {
    await client.query('begin');
    for (let id = 1; id <= 2000; id++) await client.query('select id, email, name from users where id = $1', [id]);
    await client.query('rollback');
  },
  orm: async () => {
    const s = new Session(engine);
    for (let id = 1; id <= 2000; id++) await s.get(User, id);
    await s.close();
  },
  ormNoAutoflush: async () => {
    const s = new Session(engine, { autoflush: false });
    for (let id = 1; id <= 2000; id++) await s.get(User, id);
    await s.close();
  },
};
const only = process.env.ONLY?.split(',') ?? Object.keys(sides);
const res: Record<string, number[]> = {};
for (let r = 0; r < Number(process.env.N ?? 12); r++)
  for (const k of only) {
    const c = process.cpuUsage(); await sides[k]!(); const u = process.cpuUsage(c);
    if (r >= 2) (res[k] ??= []).push((u.user + u.system) / 2000);
  }
for (const [k, xs] of Object.entries(res)) { xs.sort((a, b) => a - b); console.log(k, 'cpu µs/lookup median', xs[Math.floor(xs.length / 2)]!.toFixed(1)); }
await client.end();
await engine.close();
await admin.query(`drop database if exists ${dbName} with (force)`);
await admin.end();
