/**
 * Records values of a bytes column: `'\\xdeadbeef'` (DBML's escape for `\xdeadbeef`,
 * PostgreSQL's bytea text as dumps and `dbgen pull` show it) is the bytes de ad be ef, not
 * the UTF-8 of its ten characters (what the seed stored); other text is its UTF-8 bytes;
 * `\x` followed by anything but pairs of hex digits is refused by `dbgen check` (DBML242)
 * and by the seed, naming the record. On every dialect.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { compileSchemaSource } from '@dbgen/generator';
import { SeedError, seedRecords, sql, type Engine } from '@dbgen/runtime';
import { forEachDialect } from '../support/databases.js';
import { createTables } from '../support/create-tables.js';

const TABLE = 'Table blobs {\n  id integer [pk]\n  b bytea [null]\n}\n';
const compile = (records: string) => compileSchemaSource(`${TABLE}${records}`, '/p/schema.dbml');

const good = compile(`records blobs(id, b) {\n  1, '\\\\xdeadbeef'\n  2, 'hi'\n  3, '\\\\x'\n}\n`);
const odd = `records blobs(id, b) {\n  1, '\\\\xabc'\n}\n`;

describe('bytes Records in dbgen check', () => {
  it('accepts \\x hex and text, refuses \\x without pairs of hex digits (DBML242)', () => {
    assert.deepEqual(good.diagnostics, []);
    const errors = compile(odd).diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(
      errors.map((d) => d.code),
      ['DBML242'],
    );
    assert.match(errors[0]!.message, /hex/);
  });
});

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    await createTables(engine, good.ir!, dialect);
  });

  it('stores \\x hex as its bytes and text as its UTF-8', async () => {
    await seedRecords(engine, good.ir!);
    const { rows } = await engine.execute(sql`select id, b from blobs order by id`);
    assert.deepEqual(
      rows.map((r) => Buffer.from(r['b'] as Uint8Array).toString('hex')),
      ['deadbeef', Buffer.from('hi').toString('hex'), ''],
    );
  });

  it('refuses \\x with an odd digit, naming the record', async () => {
    // check refuses the source: the record is put in the IR as the compiler would read it.
    const withOdd = {
      ...good.ir!,
      records: [{ ...good.ir!.records[0]!, rows: [[9, '\\xabc']] }],
    };
    await assert.rejects(seedRecords(engine, withOdd), (error: unknown) => {
      assert.ok(error instanceof SeedError, String(error));
      assert.match(error.message, /"public\.blobs" record 1, column "b": .*hex/);
      return true;
    });
  });
});
