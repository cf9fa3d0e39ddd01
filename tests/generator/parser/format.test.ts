/**
 * `formatDbml` over the whole corpus: the formatted text parses with no error to the same
 * AST (spans aside) with the same comments, and formatting it again changes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDbml, parseDbml } from '@dbgen/generator';
import { CORPUS, dbmlFilesUnder, withoutSpans } from './helpers.js';

function format(source: string): string {
  const { file, diagnostics } = parseDbml(source, 'x.dbml');
  assert.deepEqual(diagnostics, []);
  return formatDbml(file, source);
}

if (existsSync(CORPUS)) {
  const files = [
    ...dbmlFilesUnder(join(CORPUS, 'valid')),
    ...dbmlFilesUnder(join(CORPUS, 'disputed')),
  ];
  for (const path of files) {
    test(`format round trip: ${path.slice(CORPUS.length + 1)}`, () => {
      const source = readFileSync(path, 'utf8');
      const before = parseDbml(source, path);
      const once = formatDbml(before.file, source);
      const after = parseDbml(once, path);
      assert.deepEqual(after.diagnostics, [], 'the formatted text parses');
      assert.deepEqual(withoutSpans(after.file.elements), withoutSpans(before.file.elements));
      assert.deepEqual(
        after.file.comments.map((c) => c.text),
        before.file.comments.map((c) => c.text),
        'comments kept, in order',
      );
      assert.equal(formatDbml(after.file, once), once, 'idempotent');
    });
  }
}

test('format: canonical spacing, keyword casing, quoting only where needed', () => {
  const source = [
    'table   "users"  AS U [HeaderColor: #fff]{',
    '"id"   int   [PK,increment]   // the key',
    '"full name" "varchar"(255) [not   null, note: "a \'quoted\' note"]',
    '  tags text[]',
    'INDEXES{',
    '(id,"full name")[unique]',
    '`lower(x)`',
    '}',
    '}',
    'ref:U.id<posts.user_id[delete:set null]',
    'enum status{ a',
    '"b c"[note:\'x\']}',
  ].join('\n');
  assert.equal(
    format(source),
    [
      'Table users as U [headercolor: #fff] {',
      '  id int [pk, increment] // the key',
      "  \"full name\" varchar(255) [not null, note: 'a \\'quoted\\' note']",
      '  tags text[]',
      '  indexes {',
      '    (id, "full name") [unique]',
      '    `lower(x)`',
      '  }',
      '}',
      '',
      'Ref: U.id < posts.user_id [delete: set null]',
      '',
      'Enum status {',
      '  a',
      '  "b c" [note: \'x\']',
      '}',
      '',
    ].join('\n'),
  );
});

test('format: multi-line strings are re-indented and read back to the same value', () => {
  const source =
    "Table t {\n  id int\n      Note: '''\n        # Title\n          indented\n\n        end\n      '''\n}\n";
  const out = format(source);
  assert.equal(
    out,
    "Table t {\n  id int\n  Note: '''\n    # Title\n      indented\n\n    end\n  '''\n}\n",
  );
  assert.deepEqual(
    withoutSpans(parseDbml(out, 'x').file.elements),
    withoutSpans(parseDbml(source, 'x').file.elements),
  );
});

test('format: comments before, after and inside blocks stay where they were', () => {
  const source = [
    '// header',
    '',
    '/* about users */',
    'Table users { // opening',
    '  id int // key',
    '  // last',
    '} // closing',
    '// trailer',
  ].join('\n');
  assert.equal(
    format(source),
    [
      '// header',
      '',
      '/* about users */',
      'Table users { // opening',
      '  id int // key',
      '  // last',
      '} // closing',
      '',
      '// trailer',
      '',
    ].join('\n'),
  );
});

test('format: blocks dbgen does not model are copied verbatim', () => {
  const source = 'DiagramView "v" {\n    Tables {  users }\n}\n';
  assert.equal(format(source), source);
});

test('format: a run of short-form refs stays a run; a blank line inside it is kept', () => {
  const source = [
    'Table a {\n  id int\n}',
    'Ref: a.id > b.id',
    'ref:  a.id > c.id',
    '',
    'Ref: a.id > d.id',
    'Ref { a.id > e.id }',
    'Ref: a.id > f.id',
  ].join('\n');
  assert.equal(
    format(source),
    [
      'Table a {\n  id int\n}',
      '',
      'Ref: a.id > b.id',
      'Ref: a.id > c.id',
      '',
      'Ref: a.id > d.id',
      '',
      'Ref {\n  a.id > e.id\n}',
      '',
      'Ref: a.id > f.id',
      '',
    ].join('\n'),
  );
});

test("format: apostrophes in ''' blocks stay as written; quote runs that would close it are escaped", () => {
  const values = [
    "it's line one\nand dbgen's line two",
    "ends with a quote'\nor two''",
    "a run of three ''' inside\nand four '''' too",
    "a backslash \\' before a quote\nand \\\\ two",
    "quotes at the end\nof the block'''",
  ];
  for (const value of values) {
    const escaped = value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
    const source = `Table t {\n  id int\n  Note: '${escaped.replace(/\n/g, '\\n')}'\n}\n`;
    const original = parseDbml(source, 'x.dbml');
    assert.deepEqual(original.diagnostics, []);
    const out = format(source);
    assert.ok(out.includes("'''\n"), out);
    const after = parseDbml(out, 'x.dbml');
    assert.deepEqual(after.diagnostics, [], out);
    assert.deepEqual(withoutSpans(after.file.elements), withoutSpans(original.file.elements), out);
    assert.equal(format(out), out, 'idempotent');
  }
  const out = format("Table t {\n  id int\n  Note: 'it\\'s one\\nand two'\n}\n");
  assert.ok(out.includes("    it's one\n"), out);
});

test('format: schema.example.dbml is in canonical form (`dbgen format --check` passes on it)', () => {
  const path = new URL('../../../schema.example.dbml', import.meta.url);
  const source = readFileSync(path, 'utf8');
  assert.equal(format(source), source);
});
