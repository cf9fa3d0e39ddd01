/** Syntax errors: every one of a file at once, stable codes, messages in words, rendering. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDbml, renderDiagnostic } from '@dbgen/generator';

function errors(source: string): string[] {
  return parseDbml(source, 's.dbml').diagnostics.map(
    (d) => `${d.span?.line}:${d.span?.column} ${d.code} ${d.message}`,
  );
}

test('every error of a file is reported at once, each where it is', () => {
  assert.deepEqual(
    errors(
      [
        'Table users {',
        '  id int [pk {',
        '  email',
        '}',
        'Enum e {',
        '  a b',
        '}',
        'Ref: a.id >> b.id',
      ].join('\n'),
    ),
    [
      "2:14 DBML120 expected ']' to close the settings list, found '{'",
      '3:8 DBML120 expected a name in the column type, found the end of the line',
      "6:5 DBML121 expected the end of the line after the enum value, found 'b'",
      "8:12 DBML120 expected a name in the ref endpoint, found '>'",
    ],
  );
});

test('lexical errors: unterminated strings, invalid numbers and escapes, stray characters', () => {
  assert.deepEqual(
    errors(
      "Table t {\n  a int [note: 'open\n  b int [default: 1.2.3]\n  c int [note: '\\u12']\n  d int $\n}",
    ),
    [
      "2:16 DBML102 unterminated string: expected a closing ' before the end of the line",
      "2:21 DBML120 expected ']' to close the settings list, found the end of the line",
      "3:19 DBML107 invalid number '1.2.3': a number is digits with at most one decimal point",
      "4:17 DBML108 invalid escape sequence '\\u12': expected '\\u' followed by four hexadecimal digits",
      "5:9 DBML121 expected the end of the line after the column definition, found '$'",
    ],
  );
  assert.deepEqual(errors("Note n {\n  '''never closed\n}\n"), [
    "2:3 DBML103 unterminated multi-line string: expected ''' before the end of the file",
    "4:1 DBML120 expected '}' to close the note, found the end of the file",
  ]);
  assert.deepEqual(errors('/* open'), [
    "1:1 DBML106 unterminated comment: expected '*/' to close the comment opened here",
  ]);
});

test('block-level mistakes: missing names, settings on a Ref name, misplaced elements', () => {
  assert.deepEqual(errors('Enum {\n  a\n}'), ["1:1 DBML130 expected a name after 'Enum'"]);
  assert.deepEqual(errors('Ref r [delete: cascade]: a.id > b.id'), [
    "1:7 DBML131 a Ref's settings go after its relationship ('Ref: a.id > b.id [delete: cascade]'), not after its name",
  ]);
  assert.deepEqual(errors('checks {\n}'), [
    "1:1 DBML132 a 'checks' block belongs inside a Table or TablePartial, not at the top level",
  ]);
  assert.deepEqual(errors('Table t {\n  Ref: id > a.id\n}'), [
    "2:6 DBML120 expected a name in the column type, found ':'",
    "2:11 DBML121 expected the end of the line after the column definition, found '>'",
  ]);
});

test('renderDiagnostic: location, message, code, source line and caret', () => {
  const source = 'Table users {\n  id int [pk {\n}\n';
  const [first] = parseDbml(source, 'schema.dbml').diagnostics;
  assert.ok(first);
  assert.equal(
    renderDiagnostic(first, source),
    [
      "schema.dbml:2:14: error: expected ']' to close the settings list, found '{' [DBML120]",
      '2 |   id int [pk {',
      '  |              ^',
    ].join('\n'),
  );
  const coloured = renderDiagnostic(first, source, { color: true });
  assert.ok(coloured.includes('\u001b[31m'), 'errors are red when colour is on');
  assert.equal(coloured.replace(/\u001b\[\d+m/g, ''), renderDiagnostic(first, source));
});

test('renderDiagnostic: a caret under the whole span, tabs kept, spanless diagnostics', () => {
  const source = '\tTable x {\n';
  assert.equal(
    renderDiagnostic(
      {
        code: 'DBML999',
        severity: 'warning',
        message: 'look here',
        span: {
          file: 'a.dbml',
          line: 1,
          column: 2,
          endLine: 1,
          endColumn: 7,
          offset: 1,
          endOffset: 6,
        },
      },
      source,
    ),
    'a.dbml:1:2: warning: look here [DBML999]\n1 | \tTable x {\n  | \t^^^^^',
  );
  assert.equal(
    renderDiagnostic({ code: 'DBML150', severity: 'error', message: 'file not found: x.dbml' }, ''),
    'error: file not found: x.dbml [DBML150]',
  );
});
