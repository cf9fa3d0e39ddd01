/**
 * The lexer and the parser every compile uses skip chevrotain's validations of the token
 * definitions and of the grammar (they cost start-up time on every `dbgen` run and the
 * grammar is fixed). Here they run: a grammar or token change that breaks them fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDbml } from '@dbgen/generator';
import { Lexer } from '../../../packages/generator/src/dbml/chevrotain.js';
import { lex, LEXER_OPTIONS } from '../../../packages/generator/src/dbml/lexer.js';
import { DbmlParser } from '../../../packages/generator/src/dbml/parser.js';
import { allTokens } from '../../../packages/generator/src/dbml/tokens.js';

const SAMPLE =
  "Table users {\n  id int [pk]\n  name varchar [not null, note: 'n']\n}\nRef: a.b > users.id\n";

test('the token definitions pass chevrotain lexer validations', () => {
  const lexer = new Lexer(allTokens, { ...LEXER_OPTIONS, skipValidations: false });
  assert.deepEqual(lexer.lexerDefinitionErrors, []);
  const tokens = lexer.tokenize(SAMPLE);
  assert.deepEqual(tokens.errors, []);
  assert.equal(tokens.tokens[0]?.image, 'Table');
});

test('the grammar passes chevrotain grammar validations, and parses as the shared parser does', () => {
  // performSelfAnalysis throws on an ambiguous, left-recursive or otherwise invalid grammar.
  const parser = new DbmlParser(true);
  parser.begin(lex(SAMPLE, '/g.dbml').tokens);
  const elements: string[] = [];
  parser.parseFile((node) => elements.push(node.name));
  assert.deepEqual(parser.errors, []);
  assert.equal(elements.length, 2);
  assert.deepEqual(parseDbml(SAMPLE, '/g.dbml').diagnostics, []);
});
