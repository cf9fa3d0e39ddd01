/**
 * The schema compiler under hostile input (issue 15, items 14, 15, 16, 28): deep nesting,
 * brace placement as published schemas write it, binary input, and output that is safe
 * for a terminal. Scaling is checked in counts (diagnostics, output size); the CPU-time
 * ratio checks are in `compile-fuzz.test.ts`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compileSchemaSource,
  DEFAULT_DIAGNOSTIC_LIMIT,
  parseDbml,
  renderDiagnostic,
  renderDiagnosticList,
  type Diagnostic,
} from '@dbgen/generator';

function withoutSpans(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) =>
      key === 'span' || key === 'nameSpan' || key === 'columnSpans' ? undefined : v,
    ),
  );
}

function describe(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.column} ${d.message}`);
}

// ---- 28: `{` on the line after the header ------------------------------------------------

const SAME_LINE = `Project p {
  database_type: 'PostgreSQL'
}
Table users [note: 'u'] {
  id int [pk]
  indexes {
    id
  }
}
TablePartial stamps {
  at timestamp
}
Enum status {
  active
}
Ref r {
  users.id < users.id
}
TableGroup g {
  users
}
`;

test('28: `{` on the line after a header (Table, Project, Enum, Ref, TableGroup, indexes, ...) reads as on the same line', () => {
  const nextLine = SAME_LINE.replace(/ \{\n/g, '\n{\n');
  assert.notEqual(nextLine, SAME_LINE);
  const a = parseDbml(SAME_LINE, 'a.dbml');
  const b = parseDbml(nextLine, 'b.dbml');
  assert.deepEqual(describe(b.diagnostics), []);
  assert.deepEqual(withoutSpans(b.file.elements), withoutSpans(a.file.elements));
  // Blank lines and comments between the header and its brace, and CRLF line ends.
  const spaced = 'Table users\r\n\r\n// the users\r\n{\r\n  id int [pk]\r\n}\r\n';
  const c = parseDbml(spaced, 'c.dbml');
  assert.deepEqual(describe(c.diagnostics), []);
  assert.equal(c.file.elements[0]?.kind, 'table');
  // The compiled schema is the same too.
  const ir = compileSchemaSource('Table users\n{\n  id int [pk]\n}\n', '/tmp/next-line.dbml');
  assert.equal(ir.ir?.tables[0]?.name, 'users');
});

test('28: a `{` after a closed block is still a mistake, reported once where it is', () => {
  const { diagnostics } = parseDbml('Table a {\n  id int\n}\n{\n', 'x.dbml');
  assert.ok(diagnostics.length >= 1);
  assert.equal(diagnostics[0]?.span?.line, 4);
  assert.ok(diagnostics.length <= 2, describe(diagnostics).join('\n'));
});

// ---- 14: deep nesting --------------------------------------------------------------------

const NESTINGS: Record<string, (n: number) => string> = {
  tuples: (n) => `DiagramView v {\n  x ${'('.repeat(n)}1${')'.repeat(n)}\n}\n`,
  'blocks in blocks': (n) => `DiagramView v {\n${'x {\n'.repeat(n)}${'}\n'.repeat(n)}}\n`,
  'blocks and tuples on one line': (n) =>
    `DiagramView v {\n  ${'x { '.repeat(n)}${'f('.repeat(n)}[a]${')'.repeat(n)}${' }'.repeat(n)}\n}\n`,
  'settings brackets': (n) =>
    `Table t {\n  id int [pk, note: ${'('.repeat(n)}'x'${')'.repeat(n)}]\n}\n`,
};

for (const [name, source] of Object.entries(NESTINGS)) {
  test(`14: ${name} nested 1,000 and 20,000 deep parse without an internal error`, () => {
    for (const depth of [1_000, 20_000]) {
      const { diagnostics } = parseDbml(source(depth), 'deep.dbml');
      const internal = diagnostics.filter((d) => d.code === 'DBML129');
      assert.deepEqual(describe(internal), [], `depth ${depth}`);
      if (name !== 'settings brackets')
        assert.deepEqual(describe(diagnostics), [], `depth ${depth}`);
    }
  });
}

test('14: deep nesting left open or closed by the wrong bracket is reported where it goes wrong', () => {
  const open = parseDbml(`DiagramView v {\n${'x {\n'.repeat(5_000)}`, 'open.dbml');
  assert.deepEqual(
    describe(open.diagnostics).map((d) => d.split(' ')[0]),
    ['DBML120'],
    describe(open.diagnostics).join('\n'),
  );
  assert.match(open.diagnostics[0]!.message, /'\}' to close the block, found the end of the file/);

  const depth = 3_000;
  const wrong = `DiagramView v {\n  x ${'('.repeat(depth)}1]${')'.repeat(depth)}\n}\n`;
  const { diagnostics } = parseDbml(wrong, 'wrong.dbml');
  assert.ok(diagnostics.length > 0);
  assert.ok(!diagnostics.some((d) => d.code === 'DBML129'));
  // The first error is at the stray `]`: line 2, after `  x ` and the openers and `1`.
  assert.equal(diagnostics[0]?.span?.line, 2);
  assert.equal(diagnostics[0]?.span?.column, 5 + depth + 1);
});

// ---- 15: capped errors, capped and linear output -----------------------------------------

test('15: the parser stops after 500 syntax errors, and says so where it stopped', () => {
  const counts = [2_000, 8_000].map((n) => {
    const source = `Table t {\n  id int [pk]\n  indexes {\n    ${'a('.repeat(n)}\n  }\n}\n`;
    const { diagnostics } = parseDbml(source, 'errors.dbml');
    const last = diagnostics[diagnostics.length - 1]!;
    assert.equal(last.code, 'DBML124');
    assert.match(last.message, /more than 500 syntax errors: the parser stopped here/);
    assert.equal(last.span?.line, 4);
    return diagnostics.length;
  });
  assert.equal(counts[0], counts[1]); // the same number of errors for 4 times the input
  assert.equal(counts[0], 501);
});

test('15: a list of many diagnostics shows the first 50, then "… and M more", in output of bounded size', () => {
  const sizes = [2_000, 8_000].map((n) => {
    const source = `Table t {\n  id int [pk]\n${'  a int\n'.repeat(n)}}\n`;
    const result = compileSchemaSource(source, '/tmp/dup.dbml');
    const blocks = renderDiagnosticList(result.diagnostics, result.sources);
    assert.equal(blocks.length, DEFAULT_DIAGNOSTIC_LIMIT + 1);
    assert.match(
      blocks[blocks.length - 1]!,
      new RegExp(`^… and ${result.diagnostics.length - 50} more \\(\\d+ errors?\\) not shown$`),
    );
    return blocks.slice(0, -1).join('\n').length;
  });
  assert.equal(sizes[0], sizes[1]);
});

test('15: a diagnostic on a 200,000-character line shows a window of it', () => {
  const line = `  x ${'y '.repeat(100_000)}`;
  const source = `Table t {\n  id int [pk]\n${line}\n}\n`;
  const d: Diagnostic = {
    code: 'DBML999',
    severity: 'error',
    message: 'here',
    span: {
      file: 't.dbml',
      line: 3,
      column: 150_001,
      endLine: 3,
      endColumn: 150_002,
      offset: 0,
      endOffset: 0,
    },
  };
  const text = renderDiagnostic(d, source);
  const [, shown, carets] = text.split('\n');
  assert.ok(shown!.length < 200, `${shown!.length} characters shown`);
  assert.ok(shown!.includes('…'));
  // The caret is under the character the span starts at.
  const caretAt = carets!.indexOf('^');
  assert.equal(shown![caretAt], source.split('\n')[2]![150_000]);
});

// ---- 16: binary input, control and invisible characters ----------------------------------

function randomBytesText(length: number, seed: number): string {
  let x = seed;
  let s = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s += String.fromCharCode(x % 256);
  }
  return s;
}

test('16: a binary file (2 MB of random bytes) is one "not a text file" error, not thousands', () => {
  const source = randomBytesText(2_000_000, 16);
  const result = compileSchemaSource(source, '/tmp/random.bin');
  assert.deepEqual(
    result.diagnostics.map((d) => d.code),
    ['DBML152'],
  );
  assert.match(result.diagnostics[0]!.message, /^not a text file/);
  const rendered = renderDiagnosticList(result.diagnostics, result.sources).join('\n');
  assert.ok(rendered.length < 1_000);
  assert.doesNotMatch(rendered, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  // A UTF-16 file has NULs too.
  const utf16 = Buffer.from('Table t {\n  id int [pk]\n}\n', 'utf16le').toString('latin1');
  assert.equal(compileSchemaSource(utf16, '/tmp/utf16.dbml').diagnostics[0]?.code, 'DBML152');
});

test('16: escape sequences, bidi overrides and zero-width characters never reach the output raw', () => {
  const source =
    'Table t {\n  id int [pk]\n  \u001b[31mred \u001b]0;title\u0007\n  a\u202eb int\n  \u200b\u200b int\n}\n';
  const result = compileSchemaSource(source, '/tmp/escapes.dbml');
  assert.ok(result.diagnostics.length >= 3, describe(result.diagnostics).join('\n'));
  const rendered = renderDiagnosticList(result.diagnostics, result.sources).join('\n');
  assert.doesNotMatch(
    rendered,
    /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/,
  );
  assert.match(rendered, /<U\+001B>/);
  assert.match(rendered, /<U\+202E>/);
  assert.match(rendered, /the invisible character U\+200B|<U\+200B>/);
  // The caret still lines up: the escaped text takes the place of the characters.
  const bad = result.diagnostics.find((d) => d.span?.line === 3)!;
  const [, shown, carets] = renderDiagnostic(bad, source).split('\n');
  assert.ok(shown!.slice(carets!.indexOf('^')).startsWith('<U+001B>'), `${shown}\n${carets}`);
});

test('16: 100,000 zero-width characters are one diagnostic with a short message', () => {
  const source = `Table t {\n  id int [pk]\n  ${'\u200b\u202e'.repeat(50_000)}\n}\n`;
  const result = compileSchemaSource(source, '/tmp/zw.dbml');
  const lexical = result.diagnostics.filter((d) => d.code === 'DBML101');
  assert.equal(lexical.length, 1);
  assert.ok(lexical[0]!.message.length < 100, lexical[0]!.message);
  assert.match(lexical[0]!.message, /100000 characters/);
});

test('a settings list left open to the end of the file is one error where the file ends, not also an unknown setting at 1:1', () => {
  const source = `Table t {\n  id int [pk,${'\n'.repeat(1_000)}`;
  const result = compileSchemaSource(source, '/tmp/open-list.dbml');
  assert.deepEqual(describe(result.diagnostics), [
    'DBML122 1002:1 expected a name in the setting, found the end of the file',
  ]);
});
