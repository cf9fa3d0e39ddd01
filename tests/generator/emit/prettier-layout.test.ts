/**
 * The emitter lays code out as prettier does, so that prettier can be skipped (1,000
 * tables: ~0.2 s instead of ~7 s); files with a line wider than 100 still go through
 * prettier. This checks the result on every corpus schema the IR accepts, the example
 * schema, and names long enough to force every line-breaking shape the emitter knows.
 */
import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { compileSchema, emitClient, emitSources } from '@dbgen/generator';
import type { SchemaIR } from '@dbgen/runtime';
import { blogSchema } from './fixture.js';
import { column, relation, table } from '../../support/ir.js';
import { CORPUS as CORPUS_ROOT, CORPUS_PRESENT, corpusFilesUnder } from '../../support/corpus.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const CORPUS = join(CORPUS_ROOT, 'valid');

/** The default output (own layout, prettier only where a line is too wide) is prettier's. */
async function assertPrettierStable(ir: SchemaIR, what: string): Promise<void> {
  const output = await emitClient(ir, { schemaPath: 'schema.dbml' });
  const formatted = await emitClient(ir, { schemaPath: 'schema.dbml', prettier: 'always' });
  for (const [name, text] of output) {
    assert.equal(text, formatted.get(name), `${what}: ${name} differs from prettier's layout`);
  }
}

describe("the emitter's layout is prettier's", () => {
  it('for every corpus schema the IR accepts, and the example', async () => {
    let checked = 0;
    for (const path of [join(repo, 'schema.example.dbml'), ...corpusFilesUnder(CORPUS)]) {
      const compiled = await compileSchema(path);
      if (compiled.ir === null) continue;
      await assertPrettierStable(compiled.ir, path);
      checked++;
    }
    assert.ok(checked >= (CORPUS_PRESENT ? 30 : 1), `only ${checked} schemas checked`);
  });

  it('for long names that break signatures, type arguments, chains, imports and registerModel', async () => {
    const long = 'long_table';
    const key = column('identifier_with_a_long_name', 'integer', {
      primaryKey: true,
    });
    const other = column('second_part_of_the_key_long', 'varchar', {
      primaryKey: true,
    });
    // NOT NULL without default: required in the init, a union too long for one line.
    const required = [1, 2, 3].map((n) =>
      column(`required_column_with_quite_a_long_name_${n}`, 'text'),
    );
    const ir: SchemaIR = {
      ...blogSchema(),
      tables: [
        ...blogSchema().tables,
        table(long, [key, other, ...required], {
          className: 'ARatherLongDescriptiveTableNameForTesting',
          uniques: [{ name: null, columns: ['second_part_of_the_key_long'] }],
          relations: [
            relation(
              'authorOfTheLongTable',
              'many-to-one',
              'users',
              ['identifier_with_a_long_name'],
              ['id'],
            ),
            relation(
              'postsOfTheLongTable',
              'many-to-one',
              'posts',
              ['identifier_with_a_long_name'],
              ['id'],
            ),
            relation(
              'anotherAuthorOfTheLongTable',
              'many-to-one',
              'users',
              ['identifier_with_a_long_name'],
              ['id'],
            ),
            relation(
              'tagsOfTheLongTable',
              'many-to-one',
              'tags',
              ['identifier_with_a_long_name'],
              ['id'],
            ),
          ],
        }),
      ],
    };
    await assertPrettierStable(ir, 'long names');
    // The emitter broke those lines itself: its own layout of the file is prettier's.
    const own = emitSources(ir, { schemaPath: 'schema.dbml' });
    const formatted = await emitClient(ir, { schemaPath: 'schema.dbml', prettier: 'always' });
    const dts = own.get('long_table.d.ts') ?? '';
    const js = own.get('long_table.js') ?? '';
    assert.equal(dts, formatted.get('long_table.d.ts'));
    assert.equal(js, formatted.get('long_table.js'));
    assert.match(
      dts,
      /^ {2}static get: GetMethod<\n {4}ARatherLongDescriptiveTableNameForTesting,\n {4}\[identifierWithALongName: number, secondPartOfTheKeyLong: string\]\n {2}>;\n/m,
    );
    assert.match(
      dts,
      /^export type ARatherLongDescriptiveTableNameForTestingInit = InitOf<\n {2}ARatherLongDescriptiveTableNameForTestingRow,\n {2}\| 'secondPartOfTheKeyLong'\n {2}\| 'requiredColumnWithQuiteALongName_1'\n/m,
    );
    assert.match(
      dts,
      /^ {2}\| 'requiredColumnWithQuiteALongName_3',\n {2}\{\n {4}authorOfTheLongTable\?: User;\n/m,
    );
    assert.match(
      js,
      /^ {4}return session\n {6}\.query\(ARatherLongDescriptiveTableNameForTesting\)\n/m,
    );
    assert.match(
      js,
      /^registerModel\(ARatherLongDescriptiveTableNameForTesting, longTable, \{\n {2}authorOfTheLongTable: \(\) => User,\n/m,
    );
  });
});
