/**
 * A generated column made plain keeps the values it computed (tests/migrate/
 * generated-plain.test.ts), so a type that narrows in the same change can lose them as a
 * plain column's: `migrate up` and `dbgen push` ask about it (refuse it without --force)
 * on every dialect, as they ask about any narrowing, instead of skipping the column for
 * having been generated and cutting or refusing values mid-migration.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ColumnIR } from '@dbgen/runtime';
import { id, schema, table } from '../support/ir.js';
import { DIALECTS } from './support/databases.js';
import { col } from './support/ir.js';
import { tableSuiteDatabase } from './support/table-suite.js';
import { migrate, query, runCli, writeSchema } from './support/run.js';

/** `g` as generated from `s` and `n` (stored), or plain of `type`. */
const CASES = [
  {
    from: 'text',
    to: 'varchar(5)',
    expression: 'upper(s)',
    shown: /(text|longtext) to varchar\(5\)/i,
  },
  { from: 'bigint', to: 'integer', expression: 'n * 1000000000', shown: /bigint to integer/ },
] as const;

for (const dialect of DIALECTS) {
  describe(`a generated column made plain and narrowed on ${dialect}`, () => {
    const db = tableSuiteDatabase(dialect);
    const write = (g: ColumnIR): void => {
      writeSchema(db.dir, schema([table('t', [id(), col('s', 'text'), col('n', 'bigint'), g])]));
    };
    const fill = (): Promise<unknown> =>
      query(db.url, `INSERT INTO t (id, s, n) VALUES (1, 'abcdefgh', 5), (2, 'ab', 1)`);
    const g = async (): Promise<unknown[]> =>
      (await query(db.url, 'SELECT g FROM t ORDER BY id')).map((r) =>
        typeof r['g'] === 'string' ? r['g'] : Number(r['g']),
      );

    for (const c of CASES) {
      const generated = col('g', c.from, { generated: { expression: c.expression, stored: true } });
      const before = c.from === 'text' ? ['ABCDEFGH', 'AB'] : [5000000000, 1000000000];

      test(`migrate up asks before ${c.from} → ${c.to}; --force is needed, nothing changes without`, async () => {
        write(generated);
        await migrate(db.dir, db.url, ['new', 'init', '--schema', 'schema.json']);
        await migrate(db.dir, db.url, ['up']);
        await fill();
        write(col('g', c.to));
        await migrate(db.dir, db.url, ['new', 'plain', '--schema', 'schema.json']);
        const refused = await migrate(db.dir, db.url, ['up'], 1);
        assert.match(refused.stderr, /narrows column public\.t\.g \(/);
        assert.match(refused.stderr, c.shown);
        assert.match(refused.stderr, /Re-run with --force/);
        assert.deepEqual(await g(), before);
      });

      test(`push asks before ${c.from} → ${c.to}, counting the one value that does not fit`, async () => {
        write(generated);
        const push = () => runCli(['push', '--schema', 'schema.json', '--url', db.url], db.dir);
        assert.equal((await push()).code, 0);
        await fill();
        write(col('g', c.to));
        const refused = await push();
        assert.equal(refused.code, 1, `${refused.stdout}\n${refused.stderr}`);
        assert.match(refused.stderr, /column public\.t\.g narrows \(.*\): 1 value\(s\) do not fit/);
        assert.match(refused.stderr, c.shown);
        assert.deepEqual(await g(), before);
      });
    }
  });
}
