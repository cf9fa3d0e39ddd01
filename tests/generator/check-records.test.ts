/**
 * `dbgen check` holds Records values to their columns as `dbgen seed` reads them: what
 * DBML's spec allows passes (booleans as 'Y'/'N'/'T'/'F', '' for null, enum constants or
 * strings, backtick expressions), and what the seed or the database would refuse is an
 * error at the value, naming the table and column: an enum value the enum lacks, a value
 * of the wrong type, a string too long, a decimal with too many digits.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileSchemaSource, type Diagnostic } from '@dbgen/generator';

const FILE = '/virtual/records.dbml';

function diagnostics(row: string): Diagnostic[] {
  const source = [
    'enum Status {',
    '  active',
    '  inactive',
    '}',
    'enum Other {',
    '  x',
    '}',
    'Table t {',
    '  id int [pk]',
    '  st Status',
    '  ok boolean',
    '  n smallint',
    '  code varchar(3)',
    '  amount decimal(5,2)',
    '  at timestamp',
    '  records (id, st, ok, n, code, amount, at) {',
    `    ${row}`,
    '  }',
    '}',
  ].join('\n');
  return compileSchemaSource(source, FILE, { readFile: () => undefined }).diagnostics;
}

test('values the spec allows pass', () => {
  for (const row of [
    "1, Status.active, 'Y', 1, 'abc', 1.5, '2024-01-15 10:30:00'",
    "2, 'inactive', 'n', '', '', 999.99, '2024-01-15'",
    "3, null, 'T', null, 'x', '', `now()`",
    "4, Status.inactive, 'f', '7', 42, 1e2, '2024-01-15T10:30:00.000+07:00'",
    '5, , true, , , , ',
  ]) {
    assert.deepEqual(
      diagnostics(row).map((d) => d.message),
      [],
      row,
    );
  }
});

const BAD: [string, string, RegExp][] = [
  [
    "1, Status.bogus, true, 1, 'a', 1, null",
    'DBML205',
    /in the Records of 't', column 'st' \(Status\): enum 'Status' has no value 'bogus'; its values are: active, inactive/,
  ],
  [
    "1, 'bogus', true, 1, 'a', 1, null",
    'DBML205',
    /column 'st' \(Status\): 'bogus' is not a value of enum 'Status'; its values are: active, inactive/,
  ],
  ["1, Nope.active, true, 1, 'a', 1, null", 'DBML203', /enum 'Nope' does not exist/],
  [
    "1, Other.x, true, 1, 'a', 1, null",
    'DBML242',
    /'Other\.x' is a value of enum 'Other', but the column's type is enum 'Status'/,
  ],
  [
    "1, null, 'maybe', 1, 'a', 1, null",
    'DBML242',
    /column 'ok' \(boolean\): "maybe" is not a boolean/,
  ],
  [
    "1, null, true, 99999, 'a', 1, null",
    'DBML242',
    /column 'n' \(smallint\): 99999 is not an integer from -32768 to 32767/,
  ],
  ["1, null, true, 'x', 'a', 1, null", 'DBML242', /column 'n' \(smallint\): "x" is not a number/],
  [
    "1, null, true, 1, 'toolong', 1, null",
    'DBML242',
    /column 'code' \(varchar\(3\)\): "toolong" is not a string of at most 3 characters/,
  ],
  [
    "1, null, true, 1, 'a', 1234.5, null",
    'DBML242',
    /column 'amount' \(decimal\(5,2\)\): 1234\.5 is not a decimal string with at most 3 digits before the point/,
  ],
  [
    "1, null, true, 1, 'a', 1, 'not a date'",
    'DBML242',
    /column 'at' \(timestamp\): "not a date" is not a date or time/,
  ],
  // A short record is not filled with NULLs (the seed would skip the columns' defaults).
  [
    '1, null, true',
    'DBML242',
    /this record has 3 value\(s\) but the Records block names 7 column\(s\) \(write an empty field for a NULL/,
  ],
  [
    "1, null, true, 1, 'a', 1, null, 8",
    'DBML242',
    /this record has 8 value\(s\) but the Records block names 7 column\(s\)$/,
  ],
];

for (const [row, code, message] of BAD) {
  test(`an error at the value: ${row}`, () => {
    const found = diagnostics(row);
    assert.deepEqual(
      found.map((d) => `${d.severity} ${d.code} ${d.span?.line}`),
      [`error ${code} 17`],
      found.map((d) => d.message).join('\n'),
    );
    assert.match(found[0]?.message ?? '', message);
  });
}
