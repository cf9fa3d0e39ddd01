/** `@dbgen generated:` in a column note: read into the IR, and conflicting settings reported where written. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileOk, diagnose, table } from './helpers.js';

test('generated (stored by default, virtual on request) comes out of the note; the rest stays', () => {
  const { ir } = compileOk(
    [
      'Table lines {',
      '  id int [pk]',
      '  price int',
      '  qty int',
      "  total int [note: 'The sum. @dbgen generated: `price * qty`']",
      "  spare int [note: '@dbgen generated: `coalesce(qty, 0) + 1`, virtual']",
      '}',
    ].join('\n'),
  );
  const columns = table(ir, 'public.lines').columns;
  const total = columns.find((c) => c.name === 'total');
  assert.deepEqual(total?.generated, { expression: 'price * qty', stored: true });
  assert.equal(total?.note, 'The sum.');
  assert.deepEqual(columns.find((c) => c.name === 'spare')?.generated, {
    expression: 'coalesce(qty, 0) + 1',
    stored: false,
  });
  // An ordinary column has no `generated` key at all (snapshots stay as they were).
  assert.equal('generated' in (columns.find((c) => c.name === 'price') ?? {}), false);
});

test('a generated column with a default, increment or pk, or virtual alone, is an error at its line', () => {
  const source = [
    'Table t {', // 1
    '  id int [pk]',
    "  a int [default: 1, note: '@dbgen generated: `id + 1`']", // 3
    "  b int [increment, note: '@dbgen generated: `id + 1`']", // 4
    "  c int [note: '@dbgen virtual']", // 5
    "  d int [note: '@dbgen generated']", // 6
    '}',
  ].join('\n');
  const found = diagnose(source)
    .filter((d) => d.code.startsWith('DBML2') && d.severity === 'error')
    .map((d) => `${d.code}@${d.span?.line}: ${d.message}`);
  assert.deepEqual(found, [
    "DBML223@3: column 'a' is generated (@dbgen generated) and cannot also have a 'default'",
    "DBML223@4: column 'b' is generated (@dbgen generated) and cannot also have 'increment'",
    'DBML240@5: @dbgen virtual needs a generated: `expression` beside it',
    'DBML240@6: @dbgen generated: expected a SQL expression in backticks, found no value',
  ]);
});
