/**
 * A migrations folder with two unmerged heads, written by hand so revisions are known:
 * `init` (table users), then `alice` (users.a) and `bob` (users.b), both children of init.
 * Bob's revision sorts last in graph order, which is what made it stand for "every head".
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const INIT = 'aaaa00000001';
export const ALICE = 'bbbb00000002';
export const BOB = 'cccc00000002';

/** The source of a migration file; `up`/`down` are operation source lists. */
export function migrationFile(
  revision: string,
  parent: string | null,
  name: string,
  up: string,
  down: string,
): string {
  return [
    `export const revision = '${revision}';`,
    `export const parent = ${parent === null ? 'null' : `'${parent}'`};`,
    `export const name = '${name}';`,
    `export const up = (op) => [${up}];`,
    `export const down = (op) => [${down}];`,
    '',
  ].join('\n');
}

/** Writes init, alice and bob (or only init and alice: `withBob` false) into `dir`/migrations. */
export function writeTwoHeads(dir: string, withBob = true): void {
  const folder = join(dir, 'migrations');
  mkdirSync(folder, { recursive: true });
  const users = `op.createTable('users', { columns: [{ name: 'id', type: 'integer', nullable: false, primaryKey: true }] })`;
  writeFileSync(
    join(folder, '0001_init.js'),
    migrationFile(INIT, null, 'init', users, `op.dropTable('users')`),
  );
  writeFileSync(
    join(folder, '0002_alice.js'),
    migrationFile(
      ALICE,
      INIT,
      'alice',
      `op.addColumn('users', { name: 'a', type: 'text' })`,
      `op.dropColumn('users', 'a')`,
    ),
  );
  if (withBob) {
    writeFileSync(
      join(folder, '0002_bob.js'),
      migrationFile(
        BOB,
        INIT,
        'bob',
        `op.addColumn('users', { name: 'b', type: 'text' })`,
        `op.dropColumn('users', 'b')`,
      ),
    );
  }
}
