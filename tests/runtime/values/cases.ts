// The cases of the bad-value matrix: for each column of `vals`, values that must be refused
// with an InvalidValueError naming the column (wrong JS types, NaN and ±Infinity,
// out-of-range numbers and bigints, invalid dates, oversize strings, NUL, lone surrogates,
// what JSON cannot hold), and rows of edge values that must come back exactly.
import type { ValRow } from './schema.js';

export interface BadCase {
  readonly property: keyof ValRow;
  /** The SQL column name the error must name. */
  readonly column: string;
  readonly label: string;
  readonly value: unknown;
}

const cyclic: Record<string, unknown> = { a: 1 };
cyclic['self'] = cyclic;

const bad = (
  property: keyof ValRow,
  column: string,
  values: readonly (readonly [string, unknown])[],
): BadCase[] => values.map(([label, value]) => ({ property, column, label, value }));

const WRONG_FOR_NUMBERS: readonly (readonly [string, unknown])[] = [
  ["'abc'", 'abc'],
  ["'5'", '5'],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
  ['true', true],
  ['{}', {}],
  ['a Date', new Date('2024-01-01T00:00:00Z')],
];

export const BAD_CASES: readonly BadCase[] = [
  ...bad('iSmall', 'i_small', [
    ...WRONG_FOR_NUMBERS,
    ['32768', 32768],
    ['-32769', -32769],
    ['1.5', 1.5],
  ]),
  ...bad('iInt', 'i_int', [
    ...WRONG_FOR_NUMBERS,
    ['2**31', 2 ** 31],
    ['-(2**31)-1', -(2 ** 31) - 1],
    ['1.5', 1.5],
    ['5n', 5n],
  ]),
  ...bad('iBig', 'i_big', [
    ...WRONG_FOR_NUMBERS,
    ['2n**63n', 2n ** 63n],
    ['-(2n**63n)-1n', -(2n ** 63n) - 1n],
    ['2**53 (unsafe)', 2 ** 53],
    ['1.5', 1.5],
  ]),
  ...bad('fReal', 'f_real', [...WRONG_FOR_NUMBERS, ['1e39 (past float4)', 1e39], ['5n', 5n]]),
  ...bad('fDouble', 'f_double', [...WRONG_FOR_NUMBERS, ['5n', 5n]]),
  ...bad('dec', 'dec', [
    ["'abc'", 'abc'],
    ["'1e5'", '1e5'],
    ["'NaN'", 'NaN'],
    ["' 1.00'", ' 1.00'],
    ['12.5 (a number)', 12.5],
    ['21 digits before the point', '123456789012345678901.00'],
    ["'0.305' (past the scale)", '0.305'],
    ['{}', {}],
  ]),
  ...bad('flag', 'flag', [
    ["'maybe'", 'maybe'],
    ["'true'", 'true'],
    ['1', 1],
    ['0', 0],
    ['{}', {}],
  ]),
  ...bad('code', 'code', [
    ["'abcd' into char(3)", 'abcd'],
    ['3', 3],
  ]),
  ...bad('name', 'name', [
    ['21 characters into varchar(20)', 'x'.repeat(21)],
    ['21 astral characters', '😀'.repeat(21)],
    ['5', 5],
    ['{ a: 1 }', { a: 1 }],
    ['NUL', 'a\u0000b'],
    ['lone high surrogate', 'a\ud800b'],
    ['lone low surrogate', 'x\udc00'],
    ['a Date', new Date('2024-01-01T00:00:00Z')],
  ]),
  ...bad('body', 'body', [
    ['{ a: 1 }', { a: 1 }],
    ["['a']", ['a']],
    ['42', 42],
    ['NUL', 'a\u0000'],
    ['lone surrogate at the end', 'end\ud83d'],
    ['a Buffer', Buffer.from('x')],
  ]),
  ...bad('uid', 'uid', [
    ["'not-a-uuid'", 'not-a-uuid'],
    ['123', 123],
  ]),
  ...bad('day', 'day', [
    ['new Date(NaN)', new Date(NaN)],
    ["new Date('x')", new Date('x')],
    ["'2024-01-01'", '2024-01-01'],
    ['a number', 1_700_000_000_000],
    ['year 10000', new Date('+010000-01-01T00:00:00Z')],
  ]),
  ...bad('atTs', 'at_ts', [
    ['new Date(NaN)', new Date(NaN)],
    ['an ISO string', '2024-01-01T00:00:00Z'],
  ]),
  ...bad('atTz', 'at_tz', [
    ["new Date('x')", new Date('x')],
    ['year -1', new Date('-000001-01-01T00:00:00Z')],
  ]),
  ...bad('doc', 'doc', [
    ['NaN', NaN],
    ['{ a: NaN }', { a: NaN }],
    ['{ a: Infinity }', { a: Infinity }],
    ['[undefined]', [undefined]],
    ['a function inside', { f: () => 1 }],
    ['5n', 5n],
    ['a Map', new Map([['a', 1]])],
    ['a cycle', cyclic],
    ['lone surrogate', { a: '\ud800' }],
  ]),
  ...bad('docb', 'docb', [
    ['NUL in a string', { a: 'x\u0000' }],
    ['a Set', new Set([1])],
  ]),
  ...bad('blob', 'blob', [
    ["'abc'", 'abc'],
    ['[1, 2]', [1, 2]],
    ['{}', {}],
  ]),
  ...bad('mood', 'mood', [
    ['5', 5],
    ['lone surrogate', '\ud800'],
  ]),
  ...bad('tags', 'tags', [
    ["'a' (not an array)", 'a'],
    ['[1]', [1]],
    ['[lone surrogate]', ['\ud800']],
    ['[undefined]', [undefined]],
  ]),
  ...bad('nums', 'nums', [
    ['[1.5]', [1.5]],
    ['[NaN]', [NaN]],
    ["['1']", ['1']],
    ['[2**31]', [2 ** 31]],
  ]),
];

/** Rows of edge values that every path must store and read back exactly. */
export const GOOD_ROWS: readonly ValRow[] = [
  {
    id: 1,
    iSmall: 32767,
    iInt: -2147483648,
    iBig: 9223372036854775807n,
    fReal: 0.5,
    fDouble: -1.5e300,
    dec: '12.34', // as many fraction digits as the scale: PostgreSQL pads to it
    flag: true,
    code: 'abc',
    name: '😀'.repeat(20), // 20 characters, 40 UTF-16 units
    body: 'héllo 🎉 \u202e "q" \'s\' \ud83d\ude00',
    uid: '6f1c2e5e-8b1a-4c1e-9a55-0f6b2a9c3d4e',
    day: new Date('1000-01-01T00:00:00Z'),
    atTs: new Date('9999-12-31T23:59:59.999Z'),
    atTz: new Date('2024-03-10T07:00:00.123Z'),
    doc: { a: [1, 'x', null], b: { c: true }, d: -0.25 },
    docb: ['x', 2, { deep: [] }],
    blob: Buffer.from([0, 1, 2, 0, 255]),
    mood: 'sad',
    tags: ['a', 'b,c', '"q"', ''],
    nums: [2147483647, -2147483648, 0],
  },
  {
    id: 2,
    iSmall: -32768,
    iInt: 2147483647,
    iBig: -9223372036854775808n,
    fReal: -3.25,
    fDouble: 0.1 + 0.2,
    dec: '-0.25',
    flag: false,
    code: 'xyz',
    name: '',
    body: '',
    uid: null,
    day: new Date('2024-02-29T00:00:00Z'),
    atTs: new Date('2024-11-03T05:30:00.000Z'),
    atTz: null,
    doc: 'just a string',
    docb: null,
    blob: Buffer.alloc(0),
    mood: null,
    tags: [],
    nums: null,
  },
];
