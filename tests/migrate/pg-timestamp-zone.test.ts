/**
 * PostgreSQL: a column changed between `timestamptz` and `timestamp` or `date` keeps every
 * instant dbgen read, on a database whose TimeZone is not UTC, by `dbgen push` and by a
 * generated migration (`migrate up`/`down`), arrays included. PostgreSQL converts between
 * them in the session's zone; dbgen reads `timestamp` as UTC and `date` as UTC midnight,
 * so the DDL converts at UTC (dialects/postgres/zone-cast.ts).
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { connectForMigrations } from '@dbgen/runtime';
import { createTestDatabase, type TestDatabase } from './support/databases.js';
import { migrate, query, runCli } from './support/run.js';

const ZONE = 'America/New_York';

/** Table `t`: an id and columns of the types given, as DBML. */
function writeTable(db: TestDatabase, columns: Record<string, string>): void {
  const lines = Object.entries(columns).map(([name, type]) => `  ${name} ${type}`);
  writeFileSync(
    join(db.dir, 'schema.dbml'),
    `Table t {\n  id integer [pk]\n${lines.join('\n')}\n}\n`,
  );
}

const INSTANTS = [
  new Date('2024-01-01T00:00:00Z'),
  new Date('2024-07-01T12:34:56.789Z'),
  new Date('1999-12-31T23:59:59.5Z'),
];

/** A Date as UTC wall-clock text (`Z` added when `zoned`), arrays element by element. */
function text(value: unknown, zoned: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => text(v, zoned));
  if (!(value instanceof Date)) return value;
  const iso = value.toISOString();
  return zoned ? iso : iso.replace('T', ' ').replace('Z', '');
}

describe(`timestamp ↔ timestamptz on PostgreSQL under TimeZone ${ZONE}`, () => {
  let db: TestDatabase;
  /**
   * The database's URL with the zone in its `options`: dbgen's sessions run at UTC unless
   * the URL sets a zone (postgres/session-zone.ts), and the DDL must convert at UTC
   * whatever the session's zone (a script run by psql, a URL that sets one).
   */
  let url: string;
  before(async () => {
    db = await createTestDatabase('postgres');
    const name = new URL(db.url).pathname.slice(1);
    await query(db.url, `ALTER DATABASE "${name}" SET timezone TO '${ZONE}'`);
    url = `${db.url}?options=${encodeURIComponent(`-c TimeZone=${ZONE}`)}`;
  });
  after(async () => db.drop());
  beforeEach(async () => {
    rmSync(join(db.dir, 'migrations'), { recursive: true, force: true });
    for (const name of ['t', 'dbgen_migrations']) await query(url, `DROP TABLE IF EXISTS ${name}`);
  });

  /** Every row of `t` by id, through dbgen's own connection and type parsers. */
  async function rows(): Promise<Record<string, unknown>[]> {
    const connection = await connectForMigrations(url);
    try {
      const zone = await connection.query('SHOW timezone');
      assert.equal(Object.values(zone[0] ?? {})[0], ZONE);
      const result = await connection.query('SELECT * FROM t ORDER BY id');
      return result.map((row) => ({ ...row }));
    } finally {
      await connection.close();
    }
  }

  /**
   * Writes `values` (column → one value per row) into `t`, each Date as the text dbgen
   * writes for a `timestamp`: its UTC wall-clock time (`Z` added for a `timestamptz`).
   */
  async function fill(values: Record<string, unknown[]>, zoned = false): Promise<void> {
    const connection = await connectForMigrations(url);
    try {
      const names = Object.keys(values);
      const count = values[names[0]!]!.length;
      for (let i = 0; i < count; i++) {
        const params = [i + 1, ...names.map((n) => text(values[n]![i], zoned))];
        const marks = params.map((_, j) => `$${j + 1}`).join(', ');
        await connection.query(`INSERT INTO t (id, ${names.join(', ')}) VALUES (${marks})`, params);
      }
    } finally {
      await connection.close();
    }
  }

  /** Pushes `t` with `columns`; `force` for a change dbgen asks about (date ↔ timestamptz). */
  async function push(columns: Record<string, string>, force = false): Promise<void> {
    writeTable(db, columns);
    const args = ['push', '--schema', 'schema.dbml', '--url', url];
    const run = await runCli(force ? [...args, '--force'] : args, db.dir);
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  }

  /** Column `name` of every row, as epoch milliseconds (null kept). */
  const times = (all: Record<string, unknown>[], name: string): (number | null)[] =>
    all.map((r) => {
      const v = r[name];
      if (v === null) return null;
      assert.ok(v instanceof Date, `${name}: ${String(v)}`);
      return v.getTime();
    });
  const ms = (dates: (Date | null)[]): (number | null)[] => dates.map((d) => d?.getTime() ?? null);

  test('push timestamp → timestamptz → timestamp keeps every instant', async () => {
    await push({ ts: 'timestamp(3)' });
    await fill({ ts: [...INSTANTS, null] });
    const expected = ms([...INSTANTS, null]);
    assert.deepEqual(times(await rows(), 'ts'), expected);
    await push({ ts: 'timestamptz(3)' });
    assert.deepEqual(times(await rows(), 'ts'), expected);
    await push({ ts: 'timestamp(3)' });
    assert.deepEqual(times(await rows(), 'ts'), expected);
    // Seen from PostgreSQL at UTC: the wall-clock times dbgen wrote, not moved by 5 hours.
    const wall = await query(url, 'SELECT ts::text AS ts FROM t WHERE id = 1');
    assert.equal(wall[0]?.['ts'], '2024-01-01 00:00:00');
  });

  test('push date → timestamptz → date keeps UTC midnight and the day', async () => {
    const days = [new Date('2024-01-01T00:00:00Z'), new Date('2024-07-15T00:00:00Z')];
    await push({ d: 'date' });
    await fill({ d: days.map((d) => d.toISOString().slice(0, 10)) });
    assert.deepEqual(times(await rows(), 'd'), ms(days));
    // dbgen asks about both (a date has no time; a timestamptz's day depends on the zone).
    await push({ d: 'timestamptz' }, true);
    assert.deepEqual(times(await rows(), 'd'), ms(days));
    await push({ d: 'date' }, true);
    assert.deepEqual(times(await rows(), 'd'), ms(days));
  });

  test('push timestamp[] → timestamptz[] → timestamp[] keeps every element', async () => {
    const arrays = [[INSTANTS[0]!, null, INSTANTS[1]!], [], null];
    await push({ a: 'timestamp(3)[]' });
    await fill({ a: arrays });
    const expected = arrays.map((a) => (a === null ? null : ms(a)));
    const read = async () =>
      (await rows()).map((r) => (r['a'] === null ? null : ms(r['a'] as (Date | null)[])));
    assert.deepEqual(await read(), expected);
    await push({ a: 'timestamptz(3)[]' });
    assert.deepEqual(await read(), expected);
    await push({ a: 'timestamp(3)[]' });
    assert.deepEqual(await read(), expected);
    // The temporary function the conversion ran in is gone.
    const left = await query(
      url,
      "SELECT count(*)::int AS n FROM pg_proc WHERE proname = 'dbgen_utc_cast'",
    );
    assert.equal(left[0]?.['n'], 0);
  });

  test('migrate up timestamp → timestamptz keeps every instant; down back too', async () => {
    writeTable(db, { ts: 'timestamp(3)' });
    await migrate(db.dir, url, ['new', 'init', '--schema', 'schema.dbml']);
    await migrate(db.dir, url, ['up']);
    await fill({ ts: [...INSTANTS, null] });
    const expected = ms([...INSTANTS, null]);
    writeTable(db, { ts: 'timestamptz(3)' });
    await migrate(db.dir, url, ['new', 'zoned', '--schema', 'schema.dbml']);
    await migrate(db.dir, url, ['up']);
    assert.deepEqual(times(await rows(), 'ts'), expected);
    const type = await query(
      url,
      "SELECT data_type FROM information_schema.columns WHERE table_name = 't' AND column_name = 'ts'",
    );
    assert.equal(type[0]?.['data_type'], 'timestamp with time zone');
    await migrate(db.dir, url, ['down']);
    assert.deepEqual(times(await rows(), 'ts'), expected);
  });

  test('migrate up timestamptz → timestamp keeps every instant; down back too', async () => {
    writeTable(db, { ts: 'timestamptz(3)' });
    await migrate(db.dir, url, ['new', 'init', '--schema', 'schema.dbml']);
    await migrate(db.dir, url, ['up']);
    await fill({ ts: [...INSTANTS, null] }, true);
    const expected = ms([...INSTANTS, null]);
    writeTable(db, { ts: 'timestamp(3)' });
    await migrate(db.dir, url, ['new', 'plain', '--schema', 'schema.dbml']);
    await migrate(db.dir, url, ['up']);
    assert.deepEqual(times(await rows(), 'ts'), expected);
    await migrate(db.dir, url, ['down']);
    assert.deepEqual(times(await rows(), 'ts'), expected);
  });
});
