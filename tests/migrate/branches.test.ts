/**
 * Branch and merge, on every dialect: two developers each add a migration on their own
 * branch from one base (one adds `users.bio`, the other a `posts` table), which gives two
 * heads; `migrate merge` joins them. The merged history is applied from base, from either
 * branch's head, and reverted through the merge.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { id, schema, table } from '../support/ir.js';
import { col } from './support/ir.js';
import { liveSchema, migrate, query, writeSchema } from './support/run.js';

const users = (extra = false) =>
  table('users', [
    id(),
    col('name', 'text', { nullable: false }),
    ...(extra ? [col('bio', 'text')] : []),
  ]);
const posts = table('posts', [id(), col('title', 'text', { nullable: false })]);

function revisionIn(dir: string, fileStart: string): string {
  const file = readdirSync(join(dir, 'migrations')).find(
    (f) => f.startsWith(fileStart) && f.endsWith('.js'),
  );
  assert.ok(file, `no migration file starting ${fileStart}`);
  const text = readFileSync(join(dir, 'migrations', file), 'utf8');
  return /export const revision = ['"](\w+)['"]/.exec(text)?.[1] ?? '';
}

/** Tables (and `users` columns) the database has, to say which branches are applied. */
async function shape(url: string): Promise<{ tables: string[]; userColumns: string[] }> {
  const live = await liveSchema(url);
  return {
    tables: live.tables.map((t) => t.name).sort(),
    userColumns: live.tables.find((t) => t.name === 'users')?.columns.map((c) => c.name) ?? [],
  };
}

for (const dialect of DIALECTS) {
  describe(`branch and merge on ${dialect}`, () => {
    let db: TestDatabase;
    let base = '';
    let bio = '';
    let postsRev = '';
    let merge = '';
    before(async () => {
      db = await createTestDatabase(dialect);
      // The base, shared by both developers.
      writeSchema(db.dir, schema([users()]));
      await migrate(db.dir, db.url, ['new', 'base', '--schema', 'schema.json']);
      base = revisionIn(db.dir, '0001_');
      // Developer A, in their own checkout: users.bio.
      const checkoutA = mkdtempSync(join(tmpdir(), 'dbgen-branch-a-'));
      cpSync(join(db.dir, 'migrations'), join(checkoutA, 'migrations'), { recursive: true });
      writeSchema(checkoutA, schema([users(true)]));
      await migrate(checkoutA, db.url, ['new', 'add_bio', '--schema', 'schema.json']);
      // Developer B, here: a posts table. Then B pulls A's branch (git merge of the files).
      writeSchema(db.dir, schema([users(), posts]));
      await migrate(db.dir, db.url, ['new', 'add_posts', '--schema', 'schema.json']);
      cpSync(join(checkoutA, 'migrations'), join(db.dir, 'migrations'), { recursive: true });
      rmSync(checkoutA, { recursive: true, force: true });
      bio = revisionIn(db.dir, '0002_add_bio');
      postsRev = revisionIn(db.dir, '0002_add_posts');
      writeSchema(db.dir, schema([users(true), posts]));
    });
    after(async () => db.drop());

    test('two branches give two heads; `migrate new` refuses, naming them and the fix', async () => {
      const heads = await migrate(db.dir, db.url, ['heads']);
      assert.match(heads.stdout, new RegExp(`^0002_add_bio\\.js \\(${bio}\\) {2}add_bio$`, 'm'));
      assert.match(
        heads.stdout,
        new RegExp(`^0002_add_posts\\.js \\(${postsRev}\\) {2}add_posts$`, 'm'),
      );
      assert.match(heads.stdout, /2 heads: join them with `dbgen migrate merge`/);
      const refused = await migrate(db.dir, db.url, ['new', 'more', '--schema', 'schema.json'], 1);
      assert.match(
        refused.stderr,
        new RegExp(
          `the migrations have 2 heads \\(0002_add_bio\\.js \\(${bio}\\), 0002_add_posts\\.js \\(${postsRev}\\)\\).*\`dbgen migrate merge\``,
        ),
      );
      await migrate(db.dir, db.url, ['new', 'more', '--empty'], 1);
      assert.equal(
        readdirSync(join(db.dir, 'migrations')).filter((f) => f.endsWith('.js')).length,
        3,
      );
    });

    test('`migrate merge` writes a merge migration of both heads; one head again', async () => {
      const run = await migrate(db.dir, db.url, ['merge', '-m', 'join bio and posts']);
      assert.match(run.stdout, /^wrote \S+0003_join_bio_and_posts\.js \(revision \w+, merges /);
      merge = revisionIn(db.dir, '0003_');
      const text = readFileSync(
        join(
          db.dir,
          'migrations',
          readdirSync(join(db.dir, 'migrations')).find((f) => f.startsWith('0003_')) ?? '',
        ),
        'utf8',
      );
      assert.match(
        text,
        new RegExp(`export const parent = \\[\\s*['"]${bio}['"],\\s*['"]${postsRev}['"],?\\s*\\]`),
      );
      assert.match(text, /export const up = \(op\) => \[\];/);
      const heads = await migrate(db.dir, db.url, ['heads']);
      assert.equal(heads.stdout, `0003_join_bio_and_posts.js (${merge})  join bio and posts`);
      assert.match(
        (await migrate(db.dir, db.url, ['merge'])).stdout,
        /^nothing to merge: one head/,
      );
      // The schema holds nothing the merged migrations do not: `new` writes nothing.
      const none = await migrate(db.dir, db.url, ['new', 'nothing', '--schema', 'schema.json']);
      assert.match(none.stdout, /^no changes/);
    });

    test('applied from base: every migration, each after its parents', async () => {
      const up = await migrate(db.dir, db.url, ['up']);
      assert.deepEqual(
        up.stdout.split('\n').map((l) => l.replace(/ \(\w+\)$/, '')),
        [
          'applied 0001_base.js',
          'applied 0002_add_bio.js',
          'applied 0002_add_posts.js',
          'applied 0003_join_bio_and_posts.js',
        ],
      );
      assert.deepEqual(await shape(db.url), {
        tables: ['posts', 'users'],
        userColumns: ['bio', 'id', 'name'],
      });
      assert.equal(
        (await migrate(db.dir, db.url, ['current'])).stdout,
        `${merge} join bio and posts`,
      );
      const history = await migrate(db.dir, db.url, ['history']);
      assert.match(
        history.stdout,
        new RegExp(`0001_base\\.js \\(${base}\\) {2}base {2}applied .+ {2}\\(branch point\\)`),
      );
      assert.match(history.stdout, new RegExp(`\\(merge of ${bio}, ${postsRev}\\)$`));
      const status = await migrate(db.dir, db.url, ['status']);
      assert.match(status.stdout, /applied: 4, pending: 0\ndrift: none$/);
    });

    test('reverted through the merge: the merge, then each branch', async () => {
      await query(db.url, `INSERT INTO users (name, bio) VALUES ('ann', NULL)`);
      const first = await migrate(db.dir, db.url, ['down']);
      assert.match(first.stdout, /^reverted 0003_join_bio_and_posts\.js/);
      // The database now holds two unmerged branches: `current` names both.
      assert.equal(
        (await migrate(db.dir, db.url, ['current'])).stdout,
        `${bio} add_bio\n${postsRev} add_posts`,
      );
      assert.match(
        (await migrate(db.dir, db.url, ['status'])).stdout,
        /^current: 2 branches, at 0002_add_bio\.js \(\w+\) and 0002_add_posts\.js \(\w+\)\napplied: 3, pending: 1\n {2}pending 0003_join_bio_and_posts\.js \(\w+\)\ndrift: none$/,
      );
      const toBase = await migrate(db.dir, db.url, ['down', base]);
      assert.deepEqual(
        toBase.stdout.split('\n').map((l) => l.replace(/ \(\w+\)$/, '')),
        ['reverted 0002_add_posts.js', 'reverted 0002_add_bio.js'],
      );
      assert.deepEqual(await shape(db.url), { tables: ['users'], userColumns: ['id', 'name'] });
      assert.deepEqual(await query(db.url, 'SELECT name FROM users'), [{ name: 'ann' }]);
      assert.equal((await migrate(db.dir, db.url, ['current'])).stdout, `${base} base`);
    });

    test("applied from branch A's head: the other branch and the merge follow", async () => {
      await migrate(db.dir, db.url, ['up', bio]);
      assert.deepEqual(await shape(db.url), {
        tables: ['users'],
        userColumns: ['bio', 'id', 'name'],
      });
      assert.equal((await migrate(db.dir, db.url, ['current'])).stdout, `${bio} add_bio`);
      const up = await migrate(db.dir, db.url, ['up']);
      assert.deepEqual(
        up.stdout.split('\n').map((l) => l.replace(/ \(\w+\)$/, '')),
        ['applied 0002_add_posts.js', 'applied 0003_join_bio_and_posts.js'],
      );
      assert.deepEqual(await shape(db.url), {
        tables: ['posts', 'users'],
        userColumns: ['bio', 'id', 'name'],
      });
      await migrate(db.dir, db.url, ['down', base]);
    });

    test("applied from branch B's head, then reverted to base through the merge", async () => {
      await migrate(db.dir, db.url, ['up', postsRev]);
      assert.deepEqual(await shape(db.url), {
        tables: ['posts', 'users'],
        userColumns: ['id', 'name'],
      });
      const up = await migrate(db.dir, db.url, ['up']);
      assert.deepEqual(
        up.stdout.split('\n').map((l) => l.replace(/ \(\w+\)$/, '')),
        ['applied 0002_add_bio.js', 'applied 0003_join_bio_and_posts.js'],
      );
      const all = await migrate(db.dir, db.url, ['down', 'base', '--force']);
      assert.equal(all.stdout.split('\n').length, 4);
      assert.deepEqual(await shape(db.url), { tables: [], userColumns: [] });
      assert.equal((await migrate(db.dir, db.url, ['current'])).stdout, 'base');
    });

    test('`up --sql` prints the branches and the merge in graph order', async () => {
      const sql = (await migrate(db.dir, db.url, ['up', '--sql'])).stdout;
      const order = [...sql.matchAll(/^-- (\S+) \(\w+\): upgrade$/gm)].map((m) => m[1]);
      assert.deepEqual(order, [
        '0001_base.js',
        '0002_add_bio.js',
        '0002_add_posts.js',
        '0003_join_bio_and_posts.js',
      ]);
      const fromA = (await migrate(db.dir, db.url, ['up', '--sql', '--from', bio])).stdout;
      assert.deepEqual(
        [...fromA.matchAll(/^-- (\S+) \(\w+\): upgrade$/gm)].map((m) => m[1]),
        ['0002_add_posts.js', '0003_join_bio_and_posts.js'],
      );
      const downs = async (args: string[]): Promise<(string | undefined)[]> =>
        [
          ...(await migrate(db.dir, db.url, ['down', '--sql', ...args])).stdout.matchAll(
            /^-- (\S+) \(\w+\): downgrade$/gm,
          ),
        ].map((m) => m[1]);
      assert.deepEqual(await downs([]), ['0003_join_bio_and_posts.js']);
      assert.deepEqual(await downs(['-3']), [
        '0003_join_bio_and_posts.js',
        '0002_add_posts.js',
        '0002_add_bio.js',
      ]);
      assert.deepEqual(await downs([base]), [
        '0003_join_bio_and_posts.js',
        '0002_add_posts.js',
        '0002_add_bio.js',
      ]);
    });
  });
}
