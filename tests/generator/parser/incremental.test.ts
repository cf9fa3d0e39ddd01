/**
 * `parseDbml` builds each top-level element's AST as soon as the parser has read it, so the
 * whole file's CST never exists at once (parser.ts `parseFile`). These tests hold that to
 * the AST the builder makes from the whole CST, on every corpus file (valid and invalid,
 * so error recovery included) and on hand-made broken inputs; and they check the CST's
 * own `children` objects (parser-base.ts) and the in-order merge of the builder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CstElement, CstNode, IToken } from 'chevrotain';
import { parseDbml } from '@dbgen/generator';
import { lex } from '../../../packages/generator/src/dbml/lexer.js';
import { dbmlParser } from '../../../packages/generator/src/dbml/parser.js';
import { AstBuilder } from '../../../packages/generator/src/dbml/visitor.js';
import { mergeInOrder, sortInOrder } from '../../../packages/generator/src/dbml/visitor-util.js';
import { CORPUS, dbmlFilesUnder } from './helpers.js';
import { SKIP_WITHOUT_CORPUS } from '../../support/corpus.js';

/** The builder's own diagnostics (DBML13x): the lexer's are DBML10x, the parser's DBML12x. */
function builderOnly(diagnostics: readonly { code: string }[]): string[] {
  return diagnostics
    .filter((d) => /^DBML13\d$/.test(d.code))
    .map((d) => JSON.stringify(d))
    .sort((a, b) => a.localeCompare(b));
}

/** The AST and builder diagnostics as built from the whole file's CST, afterwards. */
function fromWholeCst(source: string, path: string): unknown {
  const lexed = lex(source, path);
  const builder = new AstBuilder(path, source, lexed.comments, lexed.lines);
  dbmlParser.begin(lexed.tokens);
  const cst = dbmlParser.file();
  const elements = ((cst.children['element'] ?? []) as CstNode[])
    .map((node) => builder.buildElement(node))
    .filter((element) => element !== null);
  return {
    elements,
    diagnostics: builderOnly(builder.diagnostics),
    errors: dbmlParser.errors.length,
  };
}

function assertSameAst(source: string, path: string): void {
  const whole = fromWholeCst(source, path);
  const result = parseDbml(source, path);
  const built = {
    elements: result.file.elements,
    diagnostics: builderOnly(result.diagnostics),
    errors: dbmlParser.errors.length,
  };
  assert.deepEqual(built, whole, path);
}

test(
  'every corpus file: the AST built element by element is the one the whole CST gives',
  { skip: SKIP_WITHOUT_CORPUS },
  () => {
    const files = [
      ...dbmlFilesUnder(join(CORPUS, 'valid')),
      ...dbmlFilesUnder(join(CORPUS, 'invalid')),
    ];
    assert.ok(files.length > 50, `expected the corpus at ${CORPUS}`);
    for (const file of files) assertSameAst(readFileSync(file, 'utf8'), file);
  },
);

test('broken inputs: recovered elements are built as the whole CST builds them', () => {
  const inputs = [
    'Table a {\n  id int [pk\n  name text\n}\nTable b {\n  id int\n}\n',
    'Table a {\n  id int [pk, not null\n}\nRef: a.id > b.id\nEnum e {\n  x\n}\n',
    'Table {\n  id int\n}\nindexes {\n  id\n}\nTable c { id int }\n',
    'Ref x: a.id > \nTable a {\n  id int [default: ]\n}\n',
    'Table a {\n  id int\n',
    "Project p {\n  note: 'x'\n}\nTable a { id int [ref: > b.id] }\n}}\nTable b { id int }\n",
    "Table a {\n  id int [note: 'unterminated]\n}\nTableGroup g {\n  a\n}\n",
  ];
  for (const [i, source] of inputs.entries()) assertSameAst(source, `broken-${i}.dbml`);
});

test('every prefix and every one-character deletion of a schema: same AST both ways', () => {
  const schema = [
    "Project p {\n  database_type: 'PostgreSQL'\n}",
    "Enum s {\n  a\n  b [note: 'x']\n}",
    'Table t [headercolor: #fff] {\n  id int [pk, increment]\n  s s [not null, default: s.a]',
    "  n varchar(10) [ref: > u.id, note: '''x''']\n  indexes {\n    (id, n) [unique]\n  }\n}",
    'Ref r: t.id - u.id [delete: cascade]\nTableGroup g {\n  t\n}\nTable u { id int }\n',
  ].join('\n');
  for (let end = 0; end <= schema.length; end++) {
    assertSameAst(schema.slice(0, end), `prefix-${end}.dbml`);
    assertSameAst(schema.slice(0, end) + schema.slice(end + 1), `deleted-${end}.dbml`);
  }
});

test('CST children inherit nothing, so no key can meet an Object.prototype member', () => {
  const lexed = lex('Table constructor {\n  toString int [pk]\n  __proto__ text\n}\n', 'x.dbml');
  dbmlParser.begin(lexed.tokens);
  const cst = dbmlParser.file();
  const table = ((cst.children['element'] ?? []) as CstNode[])[0]?.children['table']?.[0] as
    CstNode | undefined;
  assert.ok(table);
  for (const key of ['toString', 'constructor', 'hasOwnProperty', 'valueOf', '__proto__']) {
    assert.equal((table.children as Record<string, unknown>)[key], undefined, key);
  }
  const parsed = parseDbml('Table constructor {\n  toString int [pk]\n}\n', 'x.dbml');
  assert.deepEqual(parsed.diagnostics, []);
});

test('merging two groups of children gives what the stable sort gives', () => {
  const element = (offset: number | null, tag: number): CstElement =>
    offset === null
      ? ({ name: `n${tag}`, children: {}, location: { startOffset: NaN } } as CstNode)
      : ({ image: `t${tag}`, startOffset: offset } as IToken);
  const group = fc.array(fc.option(fc.nat(50), { freq: 8 }), { maxLength: 12 });
  fc.assert(
    fc.property(group, group, fc.boolean(), (a, b, sortFirst) => {
      let tag = 0;
      const toElements = (offsets: (number | null)[]): CstElement[] => {
        const list = offsets.map((o) => element(o, tag++));
        // Usually in source order (as the parser appends them); sometimes not.
        return sortFirst ? sortInOrder(list) : list;
      };
      const first = toElements(a);
      const second = toElements(b);
      const expected = sortInOrder(first.concat(second));
      assert.deepEqual(mergeInOrder(first, second, first.concat(second)), expected);
    }),
  );
});
