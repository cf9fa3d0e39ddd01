/**
 * mysql2's per-query objects (the `Query` command, its row parser, its column definitions,
 * rows as objects) die with each statement, and a full collection then discarded the code
 * mysql2 compiled against their hidden classes. dialects/mysql/mysql2-anchors.ts keeps one
 * of each alive: here mysql2's row path is optimized (natives syntax, in a child process:
 * it is off in the test runner), runs a load of each kind the driver sends (the engine's
 * one-statement path with rows as objects, a session's select-in load with rows as arrays
 * in a transaction, a row stream), and must still be optimized after `gc()`.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { createTestDatabase, forEachDialect, type TestDatabase } from '../../support/databases.js';

/** The child: an ES module run from the repository root (imports relative to it). */
const child = `
import mysql from 'mysql2';
import { createEngine, selectinload, Session, sql } from '@dbgen/runtime';
import { createSchema } from './tests/runtime/orm/fixtures/db.ts';
import { Post, User } from './tests/runtime/orm/fixtures/models.ts';

const status = new Function('f', 'return %GetOptimizationStatus(f)');
const prepare = new Function('f', '%PrepareFunctionForOptimization(f)');
const optimize = new Function('f', '%OptimizeFunctionOnNextCall(f)');
/** V8's "optimized, and not marked for deoptimization" bit of GetOptimizationStatus. */
const OPTIMIZED = 1 << 4;

// The row parser classes mysql2 generates, seen through the commands of the loads.
const commands = [];
const query = mysql.Connection.prototype.query;
mysql.Connection.prototype.query = function (...args) {
  const command = query.apply(this, args);
  commands.push(command);
  return command;
};

const engine = createEngine(process.argv[1]);
await createSchema(engine, 'mysql');
const seed = new Session(engine);
for (let u = 0; u < 20; u++) {
  const user = new User({ email: 'u' + u + '@x.org', name: 'U' + u });
  for (let p = 0; p < 3; p++) user.posts.push(new Post({ title: 'p' + u + '.' + p, body: 'b' }));
  seed.add(user);
}
await seed.commit();
await seed.close();

/** Each kind of statement the driver sends; returns the rows read. */
async function load() {
  let n = 0;
  for await (const _ of engine.stream(sql\`select "id", "title" from "posts"\`, { batchSize: 7 })) n++;
  const s = new Session(engine);
  const users = await s.query(User).options(selectinload('posts')).all();
  for (const u of users) n += u.posts.length;
  await s.close();
  const { rows } = await engine.execute(sql\`select "id", "email", "name" from "users"\`);
  n += rows.length;
  return n;
}

/** mysql2's row path, by name; in a function of its own, so that no command outlives it. */
function rowPath() {
  const Query = mysql.createQuery('', () => undefined, undefined, {}).constructor;
  const watched = {
    handlePacket: mysql.Connection.prototype.handlePacket,
    execute: Object.getPrototypeOf(Query.prototype).execute,
    row: Query.prototype.row,
    _failed: Query.prototype._failed,
  };
  for (const command of commands.splice(0)) {
    const parser = command._rowParser;
    if (!parser) continue;
    const kind = command._queryOptions.rowsAsArray ? 'arrays' : 'objects';
    const columns = command._fields[0].length;
    watched['next (' + kind + ', ' + columns + ' columns)'] = parser.constructor.prototype.next;
  }
  return watched;
}

await load();
const watched = rowPath();
for (const f of Object.values(watched)) prepare(f);
await load();
await load();
for (const f of Object.values(watched)) optimize(f);
const loaded = await load();
commands.length = 0;
const optimized = () =>
  Object.entries(watched)
    .filter(([, f]) => (status(f) & OPTIMIZED) !== 0)
    .map(([name]) => name);
const before = optimized();
globalThis.gc();
const after = optimized();
console.log(JSON.stringify({ loaded, before, after }));
await engine.close();
`;

forEachDialect(() => {
  // A database of its own, for the child's engine.
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase('mysql');
  });
  after(() => database.drop());

  test('a full collection between statements keeps mysql2 row path code optimized', () => {
    const out = execFileSync(
      process.execPath,
      [
        '--allow-natives-syntax',
        '--expose-gc',
        '--conditions=dbgen-source',
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        child,
        database.url,
      ],
      { encoding: 'utf8', cwd: fileURLToPath(new URL('../../..', import.meta.url)) },
    );
    const { loaded, before, after } = JSON.parse(out) as {
      loaded: number;
      before: string[];
      after: string[];
    };
    // A load: 60 posts of 20 users, 20 users as objects, 60 posts streamed.
    assert.equal(loaded, 140);
    for (const name of ['handlePacket', 'row', 'next (objects, 3 columns)'])
      assert.ok(before.includes(name), `${name} was optimized for the test (${before.join()})`);
    assert.ok(
      before.some((name) => name.startsWith('next (arrays')),
      `a parser of rows as arrays was optimized for the test (${before.join()})`,
    );
    // Compiled against the maps of the statements' commands, parsers, column definitions
    // and rows: without their anchors the collection discards this code.
    assert.deepEqual(after, before);
  });
}, ['mysql']);
