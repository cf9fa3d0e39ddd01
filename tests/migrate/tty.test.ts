/**
 * What `migrate new` and `migrate up` ask on a terminal (run under a pseudo-terminal made
 * by util-linux `script`): whether a removed column was renamed, and whether to drop data.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from './support/databases.js';
import { id, schema, table } from '../support/ir.js';
import { col } from './support/ir.js';
import { handWritten, initialUsers } from './support/hand-written.js';
import { migrate, query, writeSchema } from './support/run.js';

const BIN = fileURLToPath(new URL('../../packages/cli/src/bin.ts', import.meta.url));
const SCRIPT = '/usr/bin/script';

/** Runs `dbgen <args>` on a pseudo-terminal; answers each prompt matching a key with its value. */
function onTerminal(
  cwd: string,
  args: string[],
  answers: [RegExp, string][],
): Promise<{ code: number | null; out: string }> {
  const command = [
    process.execPath,
    '--conditions=dbgen-source',
    '--import',
    import.meta.resolve('tsx'),
    BIN,
    ...args,
  ]
    .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
    .join(' ');
  return new Promise((ok) => {
    const child = spawn(SCRIPT, ['-qec', command, '/dev/null'], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', DATABASE_URL: '' },
    });
    let out = '';
    const pending = [...answers];
    const onData = (data: Buffer): void => {
      out += data.toString();
      const next = pending[0];
      if (next && next[0].test(out)) {
        pending.shift();
        child.stdin.write(`${next[1]}\r`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => ok({ code, out: out.replace(/\r/g, '') }));
  });
}

describe(
  'prompts on a terminal',
  { skip: !existsSync(SCRIPT) && 'needs util-linux script' },
  () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase('sqlite');
    });
    after(async () => db.drop());

    test('migrate new asks whether a removed column was renamed; Enter keeps the data', async () => {
      writeSchema(
        db.dir,
        schema([table('users', [id(), col('name', 'text', { nullable: false })])]),
      );
      await migrate(db.dir, db.url, ['new', 'initial', '--schema', 'schema.json']);
      await migrate(db.dir, db.url, ['up']);
      await query(db.url, `INSERT INTO users (name) VALUES ('ann')`);
      writeSchema(
        db.dir,
        schema([table('users', [id(), col('full_name', 'text', { nullable: false })])]),
      );
      const run = await onTerminal(
        db.dir,
        ['migrate', 'new', 'rename', '--schema', 'schema.json', '--url', db.url],
        [
          // An unclear answer asks again; Enter then takes the safe default: renamed.
          [/Was column public\.users\.name renamed to full_name\? \[Y\/n\]/, 'maybe'],
          [
            /"maybe" is not one of full_name; type one of them, or "drop"[^]*Was column public\.users\.name renamed/,
            '',
          ],
        ],
      );
      assert.equal(run.code, 0, run.out);
      const file = readdirSync(join(db.dir, 'migrations')).find((f) => f.startsWith('0002_'));
      assert.match(
        readFileSync(join(db.dir, 'migrations', file ?? ''), 'utf8'),
        /op\.renameColumn\(["']users["'], ["']name["'], ["']full_name["']\)/,
      );
      await migrate(db.dir, db.url, ['up']);
    });

    test('migrate up asks before dropping data, and stops on no', async () => {
      writeSchema(db.dir, schema([table('users', [id()])]));
      await migrate(db.dir, db.url, ['new', 'drop name', '--schema', 'schema.json']);
      const question =
        /0003_drop_name\.js \(\w+\) upgrade drops column public\.users\.full_name, which holds data\. Drop it\? \[y\/N\]/;
      const refused = await onTerminal(
        db.dir,
        ['migrate', 'up', '--url', db.url],
        [[question, 'n']],
      );
      assert.equal(refused.code, 1, refused.out);
      assert.match(
        refused.out,
        /drops column public\.users\.full_name, which holds data; nothing was changed\. Re-run with --force to drop it\./,
      );
      assert.equal((await query(db.url, 'SELECT full_name FROM users'))[0]?.['full_name'], 'ann');
      const agreed = await onTerminal(
        db.dir,
        ['migrate', 'up', '--url', db.url],
        [[question, 'y']],
      );
      assert.equal(agreed.code, 0, agreed.out);
      assert.match(agreed.out, /applied 0003_drop_name\.js/);
    });

    test('migrate reset asks first: no keeps everything, yes drops and re-applies', async () => {
      await query(db.url, `INSERT INTO users DEFAULT VALUES`);
      const question =
        /migrate reset drops table public\.users and dbgen's history in .+, then applies 3 migration\(s\)\. Every row is lost\. Reset\? \[y\/N\]/;
      const kept = await onTerminal(
        db.dir,
        ['migrate', 'reset', '--url', db.url],
        [[question, '']],
      );
      assert.equal(kept.code, 0, kept.out);
      assert.match(kept.out, /not reset: nothing was changed/);
      assert.equal((await query(db.url, 'SELECT * FROM users')).length, 2);
      const reset = await onTerminal(
        db.dir,
        ['migrate', 'reset', '--url', db.url],
        [[question, 'y']],
      );
      assert.equal(reset.code, 0, reset.out);
      assert.match(reset.out, /reset: dropped 1 object\(s\), applied 3 migration\(s\)/);
      assert.equal((await query(db.url, 'SELECT * FROM users')).length, 0);
    });

    test('push lists what it would lose and asks; no changes nothing', async () => {
      await query(db.url, `INSERT INTO users DEFAULT VALUES`);
      writeSchema(db.dir, schema([table('accounts', [id()])]));
      const question =
        /push would lose data:\r?\n {2}table public\.users is dropped: 1 row\(s\)\r?\nPush anyway\? \[y\/N\]/;
      const refused = await onTerminal(
        db.dir,
        ['push', '--schema', 'schema.json', '--drop-and-add', '--url', db.url],
        [[question, 'n']],
      );
      assert.equal(refused.code, 1, refused.out);
      assert.equal((await query(db.url, 'SELECT * FROM users')).length, 1);
      const pushed = await onTerminal(
        db.dir,
        ['push', '--schema', 'schema.json', '--drop-and-add', '--url', db.url],
        [[question, 'y']],
      );
      assert.equal(pushed.code, 0, pushed.out);
      assert.deepEqual(await query(db.url, 'SELECT * FROM accounts'), []);
    });
  },
);

describe(
  'migrate abandon on a terminal',
  { skip: !existsSync(SCRIPT) && 'needs util-linux script' },
  () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase('sqlite');
      await initialUsers(db);
      await query(db.url, `INSERT INTO users (name) VALUES ('bob')`);
    });
    after(async () => db.drop());

    test('asks again on an unclear answer; Enter keeps the run, y forgets it', async () => {
      // A data step that fails at bob, after ann's row committed.
      await handWritten(
        db,
        'upper',
        `op.batch({ name: 'upper', table: 'users', batchSize: 1, update: (rows) => {
          if (rows[0].name === 'bob') throw new Error('bob is not ready');
          return rows.map((r) => ({ id: r.id, name: r.name.toUpperCase() }));
        } })`,
        '',
      );
      await migrate(db.dir, db.url, ['up'], 1);
      const progress = async () =>
        (await query(db.url, 'SELECT * FROM dbgen_data_progress')).length;
      const question =
        /migrate abandon forgets the stopped upgrade of \S+upper\.js \(\w+\) \(1 row changed by data steps\); its next run starts from its first statement, so what it applied must be undone first \(else the rerun applies it twice\)\. Is it undone\? Forget the run\? \[y\/N\]/;
      const kept = await onTerminal(
        db.dir,
        ['migrate', 'abandon', '--url', db.url],
        [
          [question, 'maybe'],
          [/answer y to forget it, or n \(or Enter\) to keep it[^]*\[y\/N\]/, ''],
        ],
      );
      assert.equal(kept.code, 0, kept.out);
      assert.match(kept.out, /not abandoned: nothing was changed/);
      assert.equal(await progress(), 1);
      const forgot = await onTerminal(
        db.dir,
        ['migrate', 'abandon', '--url', db.url],
        [[question, 'y']],
      );
      assert.equal(forgot.code, 0, forgot.out);
      assert.match(forgot.out, /forgot the stopped upgrade of \S+upper\.js/);
      assert.equal(await progress(), 0);
    });
  },
);
