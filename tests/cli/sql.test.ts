import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { runCli } from '../support/cli.js';

const SCHEMA = `
Enum status { active
  gone }

Table users {
  id integer [pk, increment]
  email varchar(255) [not null, unique, note: 'login']
  status status [not null, default: 'active']
}

Table posts {
  id integer [pk, increment]
  author_id integer [not null, ref: > users.id]
  title text [check: \`length(title) > 0\`]
  indexes { title }
}
`;

describe('dbgen sql', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dbgen-sql-'));
    writeFileSync(join(dir, 'schema.dbml'), SCHEMA);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('prints SQLite DDL in dependency order', async () => {
    const run = await runCli(['sql', '--dialect', 'sqlite'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout,
      `CREATE TABLE "users" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "email" varchar(255) NOT NULL CONSTRAINT "type:email" CHECK (typeof("email") = 'text' AND length("email") <= 255),
  "status" text NOT NULL DEFAULT 'active',
  CONSTRAINT "users_email_key" UNIQUE ("email"),
  CONSTRAINT "enum:public.status" CHECK ("status" IN ('active', 'gone'))
);

CREATE TABLE "posts" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "author_id" integer NOT NULL CONSTRAINT "type:author_id" CHECK (typeof("author_id") = 'integer' AND "author_id" BETWEEN -2147483648 AND 2147483647),
  "title" text CONSTRAINT "type:title" CHECK ("title" IS NULL OR (typeof("title") = 'text')),
  CONSTRAINT "posts_title_check" CHECK (length(title) > 0),
  CONSTRAINT "posts_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users" ("id")
);

CREATE INDEX "posts_title_idx" ON "posts" (\`title\`);
`,
    );
  });

  test('prints PostgreSQL DDL with enum types and comments', async () => {
    const run = await runCli(['sql', '--dialect', 'postgres', '--schema', 'schema.dbml'], dir);
    assert.equal(run.code, 0, run.stderr);
    const statements = run.stdout.split(';\n\n').map((s) => s.replace(/;\n$/, ''));
    assert.deepEqual(statements.slice(0, 1), [
      `CREATE TYPE "public"."status" AS ENUM ('active', 'gone')`,
    ]);
    assert.ok(statements.includes(`COMMENT ON COLUMN "public"."users"."email" IS 'login'`));
    assert.ok(statements.includes(`CREATE INDEX "posts_title_idx" ON "public"."posts" ("title")`));
    assert.match(run.stdout, /"status" "public"\."status" NOT NULL DEFAULT 'active'/);
  });

  test('rejects an unknown dialect as a usage error', async () => {
    const run = await runCli(['sql', '--dialect', 'oracle'], dir);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'error: unknown dialect "oracle": use postgres, sqlite or mysql');
  });

  test('reports a missing schema file and a schema with errors', async () => {
    const missing = await runCli(['sql', '--dialect', 'sqlite', '--schema', 'nope.dbml'], dir);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, `error: schema file not found: ${join(dir, 'nope.dbml')}`);
    writeFileSync(join(dir, 'bad.dbml'), 'Table users {\n  id integer [pk\n}\n');
    const bad = await runCli(['sql', '--dialect', 'sqlite', '--schema', 'bad.dbml'], dir);
    assert.equal(bad.code, 1);
    const path = join(dir, 'bad.dbml');
    const [head, where, line, caret] = bad.stderr.split('\n');
    assert.equal(head, `error: ${path} has errors (run \`dbgen check\` for details):`);
    assert.match(
      where ?? '',
      new RegExp(
        `^${path}:\\d+:\\d+: error: expected '\\]' to close the settings list, found .* \\[DBML\\d+\\]$`,
      ),
    );
    assert.match(line ?? '', /^\d \| /);
    assert.match(caret ?? '', /\^$/);
  });
});
