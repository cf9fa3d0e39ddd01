/**
 * A large file is lexed and parsed part by part (`parse-parts.ts`), so that its tokens die
 * young. These tests hold the result to the whole-file parse's: the same AST, comments and
 * diagnostics, on files whose cut points fall inside multi-line strings, comments,
 * expressions, settings lists and unindented table bodies (where no cut may be made), with
 * CRLF lines, and on files with errors (read whole, so every message and position stays).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDbml } from '@dbgen/generator';
import { parseWhole } from '../../../packages/generator/src/dbml/parse.js';
import { PART_SIZE, readInParts } from '../../../packages/generator/src/dbml/parse-parts.js';
import { CORPUS, dbmlFilesUnder } from './helpers.js';
import { SKIP_WITHOUT_CORPUS } from '../../support/corpus.js';

/** Block `i` of a file in which lines starting with a letter are often no place to cut. */
function block(i: number): string {
  return [
    `Table t${i} as T${i} [headercolor: #3498DB, note: 'table ${i}'] {`,
    '  id integer [pk, increment] // the key',
    // Unindented members: lines starting with a letter inside a body.
    `name${i} varchar(100) [not null, default: 'x']`,
    `Note: '''`,
    `multi-line note of t${i}`,
    '}',
    `Table inside a string ${i}`,
    `'''`,
    '  created_at timestamp [default: `now()`]',
    '  indexes {',
    '    (id, created_at) [unique, name: "ix_' + i + '"]',
    '    `lower(name)`',
    '  }',
    '}',
    '/* a block comment',
    `Table commented_out_${i} {`,
    '}',
    '*/',
    `Ref r${i}: t${i}.id > t${i + 1}.id [`,
    'delete: cascade,',
    'update: no action',
    ']',
    `Enum e${i} {`,
    'active',
    `  "quoted ${i}" [note: 'x']`,
    '}',
    `TableGroup g${i} [color: #111] {`,
    `  t${i}`,
    '}',
    `Ref: t${i}.(id, id) - t${i + 2}.(id, id)`,
    `Ref {\n  t${i}.id < t${i + 3}.id\n}`,
    'Records t' + i + '(id, name) {',
    `  1, 'one'`,
    '  2, `now()`',
    '}',
    `Note sticky${i} {\n  'sticky'\n}`,
    `Project p${i} {\n  database_type: 'PostgreSQL'\n  sql: \`expr\n${'x'.repeat(i % 7)}\`\n}`,
    `Other${i} some.thing [a: 1] {\n  key: value\n  nested { deep: (1, 2) }\n}`,
    '',
  ].join('\n');
}

function bigFile(blocks: number, lineBreak = '\n'): string {
  const source = Array.from({ length: blocks }, (_, i) => block(i)).join('\n');
  return lineBreak === '\n' ? source : source.replaceAll('\n', lineBreak);
}

function assertSameParse(source: string, path: string): void {
  assert.ok(source.length > 2 * PART_SIZE, 'large enough to be read in parts');
  assert.equal(readInParts(source, path).start, source.length, `${path}: read in parts`);
  assert.deepEqual(parseDbml(source, path), parseWhole(source, path), path);
}

test('a large file read in parts parses as it does whole', () => {
  const source = bigFile(120);
  assertSameParse(source, '/parts.dbml');
  assert.ok(parseWhole(source, '/parts.dbml').file.elements.length > 1000);
  assert.equal(parseWhole(source, '/parts.dbml').diagnostics.length, 0);
});

test('a large file with CRLF lines read in parts parses as it does whole', () => {
  assertSameParse(bigFile(120, '\r\n'), '/crlf.dbml');
});

test('a file that has no place to cut is read as one part', () => {
  // Every line inside one table body: the only top-level line break is the last one.
  const columns = Array.from({ length: 4000 }, (_, i) => `col${i} int [note: 'c${i}']`);
  const source = `Table wide {\n${columns.join('\n')}\n}\n`;
  assertSameParse(source, '/wide.dbml');
});

test('a large file with an error: parts up to the error, then the rest whole, as the whole file reads', () => {
  const clean = bigFile(120);
  const inputs = [
    // Errors late in the file: an extra word, an unclosed settings list, an unterminated
    // string, a brace left open (the rest of the file inside it), an unclosed last table.
    clean.replace('Table t100 as T100', 'Table t100 as T100 as'),
    clean.replace("name50 varchar(100) [not null, default: 'x']", 'name50 varchar(100) [not null'),
    clean.replace("note: 'table 80'", "note: 'table 80"),
    clean.replace('Table t60 as T60', 'Table t60 as T60 {'),
    clean.replace(
      '/* a block comment\nTable commented_out_90',
      '/* a block comment\nTable commented_out_90 */ }',
    ),
    `${clean}Table last {\n  id int\n`,
    // More syntax errors than the parser reports (it stops, DBML124), after the parts.
    `${clean}${'Ref: x\n'.repeat(600)}`,
    // And one in the first part: all of the file is read whole.
    clean.replace('Table t1 as T1', 'Table t1 as T1 ['),
  ];
  for (const [i, source] of inputs.entries()) {
    assert.notEqual(source, clean);
    const path = `/broken-${i}.dbml`;
    const read = readInParts(source, path);
    assert.ok(read.start < source.length, `${path}: stops at the error`);
    if (i < inputs.length - 1) assert.ok(read.start > 0 && read.elements.length > 0, path);
    const result = parseDbml(source, path);
    assert.ok(
      result.diagnostics.some((d) => d.severity === 'error'),
      path,
    );
    assert.deepEqual(result, parseWhole(source, path), path);
  }
});

test(
  'the valid corpus files, one after another in one file, parse in parts as they do whole',
  { skip: SKIP_WITHOUT_CORPUS },
  () => {
    const files = dbmlFilesUnder(join(CORPUS, 'valid'))
      .map((file) => readFileSync(file, 'utf8'))
      .filter((text) => parseWhole(text, '/one.dbml').diagnostics.length === 0);
    assert.ok(files.length > 20, `expected the corpus at ${CORPUS}`);
    let source = files.join('\n');
    while (source.length <= 2 * PART_SIZE) source += `\n${source}`;
    assert.equal(parseWhole(source, '/corpus.dbml').diagnostics.length, 0);
    assertSameParse(source, '/corpus.dbml');
  },
);
