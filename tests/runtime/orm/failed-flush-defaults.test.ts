// A rollback (of a failed flush, or an explicit one) puts back the server defaults the
// flush read into new objects (INSERT ... RETURNING, or the read after the INSERT), as it
// does their generated keys: the objects are new again, and their defaulted columns unset.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { compileSchemaSource, emitClient } from '@dbgen/generator';
import {
  inspect,
  Session,
  sql,
  UniqueViolationError,
  type Engine,
  type SchemaIR,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { createTables } from '../../support/create-tables.js';

const SCHEMA = `
Table events {
  id integer [pk, increment]
  name varchar(50) [not null, unique]
  created_at timestamp [not null, default: \`now()\`]
  rank integer [not null, default: 7]
}
`;

const repoRoot = join(import.meta.dirname, '../../..');
const root = join(repoRoot, '.tmp', `failed-flush-defaults-${process.pid}-${Date.now()}`);
let ir: SchemaIR;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let client: any;

before(async () => {
  const compiled = compileSchemaSource(SCHEMA, 'schema.dbml');
  assert.ok(compiled.ir, JSON.stringify(compiled.diagnostics));
  ir = compiled.ir;
  mkdirSync(join(root, 'client'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{ "type": "module", "private": true }\n');
  for (const [file, text] of await emitClient(ir, { schemaPath: 'schema.dbml' })) {
    mkdirSync(join(root, 'client', file, '..'), { recursive: true });
    writeFileSync(join(root, 'client', file), text);
  }
  client = await import(pathToFileURL(join(root, 'client', 'index.js')).href);
});
after(() => rmSync(root, { recursive: true, force: true }));

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  const sessions: Session[] = [];
  const session = (): Session => {
    const s = new Session(engine);
    sessions.push(s);
    return s;
  };
  before(async () => {
    engine = makeEngine();
    await createTables(engine, ir, dialect);
  });
  afterEach(async () => {
    for (const s of sessions.splice(0)) await s.close();
    await engine.execute(sql.raw('delete from events'));
  });
  after(() => engine.close());

  /** The column lists of the INSERTs into events from now on. */
  function insertColumns(): string[] {
    const out: string[] = [];
    engine.on('statement', (e: { sql: string }) => {
      const m = /^insert into [`"]?events[`"]? \(([^)]*)\)/i.exec(e.sql);
      if (m !== null) out.push((m[1] as string).replace(/[`"]/g, ''));
    });
    return out;
  }

  test('a failed flush unsets the defaults it read; the next INSERT takes them again', async () => {
    const s = session();
    s.add(new client.Event({ name: 'taken' }));
    await s.commit();

    const e = new client.Event({ name: 'e' });
    const kept = new client.Event({ name: 'kept' });
    s.addAll([e, kept]);
    await s.flush();
    assert.equal(e.rank, 7);
    const first = e.createdAt;
    assert.ok(first instanceof Date);
    kept.rank = 9; // changed after the flush: the user's value stays
    s.add(new client.Event({ name: 'taken' }));
    await assert.rejects(s.flush(), UniqueViolationError);
    assert.equal(inspect(e).status, 'transient');
    assert.equal(e.id, undefined);
    assert.equal(e.rank, undefined);
    assert.equal(e.createdAt, undefined);
    assert.equal(kept.rank, 9);
    assert.equal(kept.createdAt, undefined);

    // Before, the second INSERT sent the first attempt's values (created_at, rank).
    const columns = insertColumns();
    s.addAll([e, kept]);
    await s.commit();
    assert.ok(columns.length > 0);
    for (const c of columns) assert.doesNotMatch(c, /created_at/);
    assert.equal(e.rank, 7);
    assert.ok(e.createdAt instanceof Date);
    const rows = await engine.execute(sql.raw('select name, rank from events order by name'));
    assert.deepEqual(
      rows.rows.map((r) => `${(r as { name: string }).name}:${(r as { rank: number }).rank}`),
      ['e:7', 'kept:9', 'taken:7'],
    );
  });

  test('a rollback after a flush unsets the defaults it read', async () => {
    const s = session();
    const e = new client.Event({ name: 'e' });
    s.add(e);
    await s.flush();
    assert.equal(e.rank, 7);
    await s.rollback();
    assert.equal(inspect(e).status, 'transient');
    assert.equal(e.rank, undefined);
    assert.equal(e.createdAt, undefined);
  });

  test('a savepoint rollback unsets the defaults read inside it', async () => {
    const s = session();
    const before = new client.Event({ name: 'before' });
    s.add(before);
    const nested = await s.beginNested();
    const e = new client.Event({ name: 'e' });
    s.add(e);
    await s.flush();
    assert.equal(e.rank, 7);
    await nested.rollback();
    assert.equal(e.rank, undefined);
    assert.equal(e.createdAt, undefined);
    // Inserted before the savepoint: its defaults stay.
    assert.equal(before.rank, 7);
    await s.commit();
  });
});
