/**
 * The reference parser's corpus: every valid file compiles without error and its IR agrees
 * with the reference output beside it; every invalid file is rejected on the line its
 * `.errors.txt` names first; the disputed files get dbgen's deliberate answer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileSchema } from '@dbgen/generator';
import type { SchemaIR } from '@dbgen/runtime';
import { compareWithJson, type ReferenceJson } from './json-reference.js';
import { compareWithSql } from './sql-compare.js';

import { CORPUS } from '../../support/corpus.js';
const present = existsSync(CORPUS);

function dbmlFiles(folder: string): string[] {
  return readdirSync(folder)
    .filter((f) => f.endsWith('.dbml') && !f.endsWith('.out.dbml'))
    .map((f) => join(folder, f));
}

function folders(kind: 'valid' | 'invalid'): string[] {
  const root = join(CORPUS, kind);
  return readdirSync(root)
    .sort()
    .map((f) => join(root, f));
}

const errorsOf = (result: ReturnType<typeof compileSchema>): string[] =>
  result.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.code} ${d.span?.file ?? ''}:${d.span?.line ?? '?'}: ${d.message}`);

const MULTI_FILE = 'dbml-cli_multifile_complex';
const USE_DECLARATIONS = 'use_declarations.in.dbml';

if (present) {
  for (const folder of folders('valid')) {
    const group = folder.split('/').pop() ?? folder;
    // The multi-file schema is compiled from its entry; the dbml exporter outputs are inputs too.
    const files =
      group === MULTI_FILE
        ? [join(folder, 'main.dbml')]
        : readdirSync(folder)
            .filter((f) => f.endsWith('.dbml'))
            .map((f) => join(folder, f));
    for (const file of files.sort()) {
      const name = `${group}/${file.split('/').pop()}`;
      if (file.endsWith(USE_DECLARATIONS)) {
        test(`valid: ${name} fails with "file not found" at its first use line`, () => {
          const result = compileSchema(file);
          const first = result.diagnostics.find((d) => d.severity === 'error');
          assert.ok(first, 'expected an error');
          assert.match(first.message, /file not found/);
          assert.equal(first.span?.line, 1);
          assert.equal(result.ir, null);
        });
        continue;
      }
      test(`valid: ${name} compiles and agrees with the reference`, () => {
        const result = compileSchema(file);
        assert.deepEqual(errorsOf(result), []);
        const ir = result.ir as SchemaIR;
        assert.ok(ir);
        const base = file.replace(/\.in\.dbml$/, '');
        if (existsSync(`${base}.out.json`)) {
          const reference = JSON.parse(readFileSync(`${base}.out.json`, 'utf8')) as ReferenceJson;
          assert.deepEqual(compareWithJson(ir, reference), []);
        } else if (existsSync(`${base}.out.sql`)) {
          assert.deepEqual(compareWithSql(ir, readFileSync(`${base}.out.sql`, 'utf8')), []);
        }
      });
    }
  }

  for (const folder of folders('invalid')) {
    const group = folder.split('/').pop() ?? folder;
    if (group === 'dbml-cli_multifile_error_transitive-use-not-visible') {
      test(`invalid: ${group}: a table imported by an imported file is not visible`, () => {
        const result = compileSchema(join(folder, 'main.dbml'));
        const errors = result.diagnostics.filter((d) => d.severity === 'error');
        assert.equal(result.ir, null);
        const first = errors[0];
        assert.ok(first);
        assert.equal(first.span?.file, join(folder, 'main.dbml'));
        assert.equal(first.span?.line, 3);
        assert.equal(first.span?.column, 17);
        assert.match(first.message, /table 'products' does not exist/);
      });
      continue;
    }
    for (const file of dbmlFiles(folder)) {
      const name = `${group}/${file.split('/').pop()}`;
      const expectations = file.replace(/\.in\.dbml$/, '.errors.txt');
      test(`invalid: ${name} is rejected on the reference's first error line`, () => {
        const result = compileSchema(file);
        assert.equal(result.ir, null, 'an invalid file must not produce an IR');
        const lines = result.diagnostics
          .filter((d) => d.severity === 'error')
          .map((d) => (d.span?.line ?? 0) - 1); // the corpus counts lines from 0
        if (file.endsWith('.in.dbml') && existsSync(expectations)) {
          const first = readFileSync(expectations, 'utf8').split('\n')[0] ?? '';
          const match = /\[L(\d+):C\d+/.exec(first);
          assert.ok(match, `no position in ${expectations}`);
          const expectedLine = Number(match[1]);
          assert.ok(
            lines.includes(expectedLine),
            `expected an error on line ${expectedLine} (0-based), got lines ${lines.join(', ')}: ${errorsOf(result).join(' | ')}`,
          );
        } else {
          assert.ok(lines.length > 0);
        }
      });
    }
  }

  test('disputed: a table with no columns is rejected (it cannot be mapped)', () => {
    const result = compileSchema(join(CORPUS, 'disputed/table_with_no_columns.in.dbml'));
    assert.equal(result.ir, null);
    assert.ok(result.diagnostics.some((d) => d.code === 'DBML227' && d.severity === 'error'));
  });

  test('disputed: a partial whose ref makes a column reference itself is rejected', () => {
    const result = compileSchema(
      join(CORPUS, 'disputed/tablepartial_causing_circular_ref.in.dbml'),
    );
    assert.equal(result.ir, null);
    const self = result.diagnostics.find((d) => d.code === 'DBML222');
    assert.ok(self);
    assert.equal(self.span?.line, 2);
  });

  test('disputed: Metadata blocks and DiagramView bodies are read without error', () => {
    for (const name of ['metadata.in.dbml', 'diagram_view_new_syntax.in.dbml']) {
      const result = compileSchema(join(CORPUS, 'disputed', name));
      assert.deepEqual(errorsOf(result), [], name);
    }
  });
} else {
  test('corpus', { skip: `no corpus at ${CORPUS}` }, () => {});
}
