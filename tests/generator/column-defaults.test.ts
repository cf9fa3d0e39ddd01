/**
 * Defaults checked against their column by `dbgen check`: a default of the right kind that
 * still does not fit (too long, out of range, too many digits, not a date, not a UUID, not
 * JSON) is an error naming table, column, default and why; a decimal default keeps every
 * digit written, into the DDL; a boolean on a text column is a warning (two spellings).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSchemaSql } from '@dbgen/runtime';
import { compileSchemaSource, type Diagnostic } from '@dbgen/generator';

const FILE = '/virtual/defaults.dbml';

function diagnostics(columns: string): Diagnostic[] {
  const source = `Table t {\n  id int [pk]\n${columns}\n}`;
  return compileSchemaSource(source, FILE, { readFile: () => undefined }).diagnostics;
}

const UNFIT: [string, RegExp][] = [
  [
    "v varchar(3) [default: 'toolong']",
    /default of 't\.v' \(varchar\(3\)\) does not fit its column: "toolong" is not a string of at most 3 characters/,
  ],
  [
    'v varchar(3) [default: 12345]',
    /default of 't\.v' \(varchar\(3\)\) does not fit its column: 12345 is not a string of at most 3/,
  ],
  [
    's smallint [default: 99999]',
    /default of 't\.s' \(smallint\) does not fit its column: 99999 is not an integer from -32768 to 32767/,
  ],
  [
    "s smallint [default: '99999']",
    /default of 't\.s' \(smallint\) does not fit its column: "99999" is not an integer/,
  ],
  [
    'd decimal(3,1) [default: 12345.678]',
    /default of 't\.d' \(decimal\(3,1\)\) does not fit its column: 12345\.678 is not a decimal string with at most 2 digits before the point and 1 after/,
  ],
  ['d decimal(10,2) [default: 1e-7]', /\(7 digits after the point\)/],
  ['n numeric(40,0) [default: 12345678901234567890123456789.5]', /1 digits after the point/],
  [
    "ts timestamp [default: 'not a date']",
    /default of 't\.ts' \(timestamp\) does not fit its column: "not a date" is not a date or time \(timestamp\) \(for the current time write an expression in backticks: `now\(\)`\)/,
  ],
  ["dt date [default: '2024-13-45']", /"2024-13-45" is not a date or time/],
  ["tm time [default: 'noon']", /'noon' is not a time/],
  [
    "u uuid [default: 'zzz']",
    /default of 't\.u' \(uuid\) does not fit its column: "zzz" is not a UUID/,
  ],
  ["j json [default: '{oops']", /"\{oops" is not JSON text/],
  ["ts timestamp [default: '']", /'' is not a value of this type/],
  [
    'u "int unsigned" [default: -1]',
    /default of 't\.u' \(int unsigned\) does not fit its column: -1 is not an integer from 0 to 4294967295/,
  ],
  ['u "tinyint unsigned" [default: 256]', /256 is not an integer from 0 to 255/],
];

for (const [column, message] of UNFIT) {
  test(`an error: ${column}`, () => {
    const errors = diagnostics(`  ${column}`).filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1, errors.map((d) => d.message).join('\n'));
    assert.equal(errors[0]?.code, 'DBML224');
    assert.equal(errors[0]?.span?.line, 3);
    assert.match(errors[0]?.message ?? '', message);
  });
}

test('defaults that fit pass', () => {
  const found = diagnostics(
    [
      "  a varchar(3) [default: 'abc']",
      '  b smallint [default: -32768]',
      "  c integer [default: '5']",
      '  d decimal(3,1) [default: 12.5]',
      '  e decimal(30,20) [default: 0.12345678901234567891]',
      "  f timestamp [default: '2024-01-15 10:30:00']",
      "  g timestamptz [default: '2024-01-15T10:30:00.000+07:00']",
      "  h date [default: '2024-01-15']",
      "  i time [default: '10:30:00']",
      "  j uuid [default: '6f1c2e5e-8b1a-4c1e-9a55-0f6b2a9c3d4e']",
      `  k json [default: '{"a":1}']`,
      "  l boolean [default: 'N']",
      '  m bigint [default: 9223372036854775807]',
      '  n timestamp [default: `now()`]',
      "  o varchar [default: '']",
      '  p "int unsigned" [default: 4000000000]',
      '  q "bigint unsigned" [default: 18446744073709551615]',
    ].join('\n'),
  );
  assert.deepEqual(
    found.map((d) => `${d.severity} ${d.code} ${d.message}`),
    [],
  );
});

test('a decimal default keeps every digit, in the IR and the DDL', () => {
  const result = compileSchemaSource(
    'Table t {\n  id int [pk]\n  a decimal(30,20) [default: 0.12345678901234567891]\n  b double [default: 0.1]\n}',
    FILE,
    { readFile: () => undefined },
  );
  assert.ok(result.ir);
  const [, a, b] = result.ir.tables[0]!.columns;
  assert.deepEqual(a?.default, { kind: 'number', value: '0.12345678901234567891' });
  assert.deepEqual(b?.default, { kind: 'number', value: 0.1 }); // a double's digits: a number
  for (const dialect of ['postgres', 'sqlite', 'mysql'] as const)
    assert.match(
      createSchemaSql(result.ir, dialect).join('\n'),
      /DEFAULT '?0\.12345678901234567891\b/,
      dialect,
    );
});

test('a boolean default on a text column is a warning naming both spellings', () => {
  const found = diagnostics('  a varchar [default: true]');
  assert.deepEqual(
    found.map((d) => `${d.severity} ${d.code}`),
    ['warning DBML224'],
  );
  assert.match(
    found[0]?.message ?? '',
    /'t\.a' \(varchar\) is the boolean true, which PostgreSQL stores as 'true' and SQLite and MySQL as '1'; write default: 'true'/,
  );
});

test('a fractional default on an integer column says what each database does with it', () => {
  const found = diagnostics('  j integer [default: 1.5]');
  assert.deepEqual(
    found.map((d) => `${d.severity} ${d.code}`),
    ['warning DBML224'],
  );
  assert.match(found[0]?.message ?? '', /SQLite refuses every insert that takes it/);
});
