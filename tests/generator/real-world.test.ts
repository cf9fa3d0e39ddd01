/**
 * DBML as people publish it (tests/fixtures/real-world: the shapes of dbdiagram.io
 * exports, prisma-dbml-generator and drizzle-dbml-generator output, hand-written files):
 * each one checks without error (with the warnings listed here, no others), generates a
 * client that type-checks under strict settings, and its DDL loads into a real SQLite
 * file and a real PostgreSQL database.
 */
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compileSchema, emitClient } from '@dbgen/generator';
import { createSchemaSql, sql, type SchemaIR } from '@dbgen/runtime';
import { forEachDialect } from '../support/databases.js';
import {
  buildRuntime,
  makeTempRoot,
  removeTempRoot,
  repoRoot,
  typecheck,
  writeFiles,
  type TscError,
} from '../typecheck/support.js';

const FOLDER = join(repoRoot, 'tests', 'fixtures', 'real-world');

/** The warnings each file gets, as `CODE@line`: anything else is a regression. */
const EXPECTED_WARNINGS: Readonly<Record<string, readonly string[]>> = {
  'dbdiagram-mysql.dbml': ['DBML224@17'],
  'dbdiagram-postgres.dbml': [],
  'drizzle-shop.dbml': ['DBML234@13'],
  'handwritten-saas.dbml': [],
  'prisma-blog.dbml': ['DBML225@44'],
};

/** What the generated types must say for the shapes these exporters write. */
const USAGE = `
import type { User } from './prisma-blog/index.js';
import type { User as DrizzleUser } from './drizzle-shop/index.js';
import type { Product } from './dbdiagram-mysql/index.js';

export const avatar = (u: User): Buffer | null => u.avatar; // Prisma's Bytes
export const rating = (u: User): number | null => u.rating;
export const tags = (u: DrizzleUser): string[] => u.tags; // "text[]" quoted
export const scores = (u: DrizzleUser): number[] | null => u.scores; // "integer[]"
export const labels = (u: DrizzleUser): string[] | null => u.labels; // "character varying[]"
export const weights = (u: DrizzleUser): number[] | null => u.weights; // "double precision[]"
export const both = (u: DrizzleUser): [Date, Date | null] => [u.createdAt, u.created_at];
export const active = (p: Product): boolean | null => p.isActive; // bit
`;

const files = readdirSync(FOLDER)
  .filter((f) => f.endsWith('.dbml'))
  .sort();
const schemas = new Map<string, SchemaIR>();
let root = '';
let errors: TscError[] = [];

before(async () => {
  buildRuntime();
  root = makeTempRoot('real-world');
  for (const file of files) {
    const compiled = compileSchema(join(FOLDER, file));
    const found = compiled.diagnostics.map(
      (d) => `${d.severity} ${d.code}@${d.span?.line ?? '?'} ${d.message}`,
    );
    assert.deepEqual(
      found.filter((d) => d.startsWith('error')),
      [],
      `${file} must check without error`,
    );
    assert.deepEqual(
      compiled.diagnostics.map((d) => `${d.code}@${d.span?.line ?? '?'}`),
      EXPECTED_WARNINGS[file],
      `${file}: ${found.join('\n')}`,
    );
    assert.ok(compiled.ir);
    schemas.set(file, compiled.ir);
    const dir = join(root, file.replace(/\.dbml$/, ''));
    writeFiles(
      dir,
      await emitClient(compiled.ir, { schemaPath: relative(repoRoot, join(FOLDER, file)) }),
    );
  }
  writeFileSync(join(root, 'usage.ts'), USAGE);
  errors = typecheck(root);
});
after(() => removeTempRoot(root));

describe('real-world DBML', () => {
  it('has a list of expected warnings for every file', () => {
    assert.deepEqual(files, Object.keys(EXPECTED_WARNINGS).sort());
  });
  for (const file of files) {
    it(`${file}: the generated client type-checks under strict settings`, () => {
      const folder = file.replace(/\.dbml$/, '');
      assert.deepEqual(
        errors.filter((e) => e.file.startsWith(`${folder}/`) || e.file === ''),
        [],
      );
    });
  }
  it('the generated types are what the exporters meant', () => {
    assert.deepEqual(
      errors.filter((e) => e.file === 'usage.ts'),
      [],
    );
  });
});

forEachDialect((dialect, makeEngine) => {
  for (const file of files) {
    it(`${file}: the DDL loads`, async () => {
      const ir = schemas.get(file);
      assert.ok(ir, `${file} did not compile`);
      const engine = makeEngine();
      const statements = createSchemaSql(ir, dialect);
      try {
        await engine.transaction(async (tx) => {
          for (const statement of statements) await tx.execute(sql.raw(statement));
          // Rolled back: the files share table names (users, ...), and each must load alone.
          throw new LoadedSignal();
        });
      } catch (error) {
        if (!(error instanceof LoadedSignal)) throw error;
      }
    });
  }
});

class LoadedSignal extends Error {}
