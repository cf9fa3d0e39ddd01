/**
 * Migrations (Alembic's job): `newMigration` diffs the schema against the last migration
 * and writes the next one, with `up` AND `down`; `upgrade` / `downgrade` run them and
 * record each in the history table. The CLI does the same: `dbgen migrate new <name>`,
 * `dbgen migrate up`, `dbgen migrate down -1`, `dbgen migrate status`.
 *
 *   npx tsx examples/migrations.ts
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { compileSchema, writeDbml } from '@dbgen/generator';
import {
  connectForMigrations,
  downgrade,
  introspect,
  loadMigrations,
  migrationStatus,
  newMigration,
  upgrade,
  type SchemaIR,
} from '@dbgen/runtime';
import { runIfMain, schemaFile, withoutExpressionIndexes, type ExampleContext } from './setup.js';

/** Set when running on MySQL/MariaDB (see `withoutExpressionIndexes`). */
let onMysql = false;

async function compile(path: string): Promise<SchemaIR> {
  const { ir, diagnostics } = await compileSchema(path);
  if (!ir) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  return onMysql ? withoutExpressionIndexes(ir) : ir;
}

export async function migrations({ url, step, say, show }: ExampleContext): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'dbgen-migrations-'));
  const connection = await connectForMigrations(url);
  onMysql = connection.dialect === 'mysql';
  try {
    step('Migrations: autogenerate the first migration from the schema');
    // #region migrate-new
    const dir = join(work, 'migrations');
    const first = await newMigration(dir, 'create blog', await compile(schemaFile));
    // #endregion
    if (!first.written) throw new Error('expected a migration');
    say(
      `wrote ${basename(first.path)}: ${first.up.length} operations up, ${first.down.length} down`,
    );

    step('Migrations: upgrade to head');
    // #region migrate-up
    const log = (line: string): void => say(line);
    await upgrade({ connection, migrations: await loadMigrations(dir), log });
    // #endregion

    step('Migrations: change the schema, autogenerate the next migration');
    // #region migrate-change
    const edited = join(work, 'schema.dbml');
    writeFileSync(
      edited,
      readFileSync(schemaFile, 'utf8').replace(
        'Table users {',
        'Table users {\n  last_login_at timestamp [null]',
      ),
    );
    const second = await newMigration(dir, 'add last login', await compile(edited));
    // #endregion
    if (!second.written) throw new Error('expected a second migration');
    say(
      readFileSync(second.path, 'utf8')
        .split('\n')
        .filter((l) => /op\.|export const (up|down)/.test(l))
        .join('\n'),
    );

    step('Migrations: upgrade, then downgrade one step, and check the status');
    // #region migrate-down
    const all = await loadMigrations(dir);
    await upgrade({ connection, migrations: all, log });
    await downgrade({ connection, migrations: all, log }, { steps: 1 });
    const status = await migrationStatus(connection, all);
    // #endregion
    show('migration status', [
      ...status.applied.map((m) => ({ migration: m.name, state: 'applied' })),
      ...status.pending.map((m) => ({ migration: m.name, state: 'pending' })),
    ]);

    step('Migrations: pull the live database back into DBML (dbgen pull)');
    // #region migrate-pull
    const pulled = writeDbml(await introspect(connection));
    // #endregion
    const users = pulled.slice(pulled.indexOf('Table users {'));
    say(users.slice(0, users.indexOf('\n}\n') + 2));
  } finally {
    await connection.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await runIfMain(import.meta.url, migrations, { createTables: false });
