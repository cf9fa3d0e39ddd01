/**
 * Parser error messages in words: what was expected, where, and what was found,
 * e.g. "expected ']' to close the settings list, found '{'". Chevrotain calls these
 * builders with the failing rule's name; the tables below turn grammar names into
 * user words.
 */
import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { EOF } from './chevrotain.js';
import * as T from './tokens.js';

/** What a grammar rule is, for "in the ..." / "to close the ..." phrases. */
const RULE_WORDS: Readonly<Record<string, string>> = {
  file: 'the file',
  element: 'the file',
  project: 'the Project block',
  property: 'the project property',
  noteElement: 'the note',
  noteText: 'the note',
  noteBlock: 'the note',
  table: 'the table',
  tablePartial: 'the TablePartial',
  tableBody: 'the table body',
  column: 'the column definition',
  columnType: 'the column type',
  typeArg: 'the type arguments',
  signedNumber: 'the number',
  partialInjection: 'the partial injection',
  indexesBlock: 'the indexes block',
  indexDef: 'the index definition',
  indexPart: 'the index definition',
  checksBlock: 'the checks block',
  checkDef: 'the check definition',
  nestedRecords: 'the records block',
  topRecords: 'the records block',
  columnList: 'the column list',
  recordsBody: 'the records block',
  recordRow: 'the record row',
  settingsList: 'the settings list',
  setting: 'the setting',
  settingValue: 'the setting value',
  inlineRef: 'the inline ref',
  literalValue: 'the value',
  valuePath: 'the value',
  ref: 'the Ref',
  refRelation: 'the relationship',
  refOperator: 'the relationship',
  refEndpoint: 'the ref endpoint',
  enumDecl: 'the enum',
  enumValue: 'the enum value',
  tableGroup: 'the TableGroup',
  groupEntry: 'the TableGroup entry',
  stickyNote: 'the sticky note',
  useDecl: 'the use declaration',
  useSelection: 'the imported element',
  otherBlock: 'the block',
  genericBlock: 'the block',
  genericLine: 'the block',
  genericExpression: 'the expression',
  binaryOperator: 'the expression',
  genericOperand: 'the expression',
  genericTuple: 'the tuple',
  lineEnd: 'the line',
  name: 'the name',
  qualifiedName: 'the name',
};

/** What a rule expects when none of its alternatives fits, in words. */
const RULE_EXPECTS: Readonly<Record<string, string>> = {
  element:
    'a top-level element (Table, TablePartial, Ref, Enum, TableGroup, Project, Note, Records, use)',
  tableBody: "a column, an 'indexes' or 'checks' block, a 'Note', a '~partial' or '}'",
  lineEnd: 'the end of the line',
  name: 'a name',
  qualifiedName: 'a name',
  columnType: 'a column type',
  typeArg: 'a type argument (a number or a name)',
  settingValue: 'a setting value',
  literalValue: "a value (a 'string', a number, a `expression`, a #color or a name)",
  refOperator: "a relationship operator ('<', '>', '-' or '<>')",
  indexPart: 'a column name or a `expression`',
  indexDef: 'a column name, a `expression` or a parenthesised list of them',
  noteText: "a string ('text' or '''text''')",
  recordRow: 'a row of comma-separated values',
  genericOperand: 'an operand (a name, a number, a string or a tuple)',
  genericLine: 'an expression',
  useDecl: "'*' or '{' with the elements to import",
  ref: "':' and a relationship, or '{'",
  noteElement: "':' or '{'",
};

const TOKEN_WORDS: ReadonlyMap<TokenType, string> = new Map<TokenType, string>([
  [T.Name, 'a name'],
  [T.AnyName, 'a name'],
  [T.Identifier, 'a name'],
  [T.QuotedName, 'a quoted name'],
  [T.NumberLiteral, 'a number'],
  [T.StringLiteral, "a string ('...')"],
  [T.TripleString, "a multi-line string ('''...''')"],
  [T.Backtick, 'a `expression`'],
  [T.ColorLiteral, 'a color (#rrggbb)'],
  [T.Newline, 'the end of the line'],
  [T.LCurly, "'{'"],
  [T.RCurly, "'}'"],
  [T.LBracket, "'['"],
  [T.RBracket, "']'"],
  [T.LParen, "'('"],
  [T.RParen, "')'"],
  [T.Comma, "','"],
  [T.Colon, "':'"],
  [T.Dot, "'.'"],
  [T.Tilde, "'~'"],
  [T.Star, "'*'"],
  [T.From, "'from'"],
  [T.As, "'as'"],
  [EOF, 'the end of the file'],
]);

const CLOSERS: ReadonlyMap<TokenType, true> = new Map([
  [T.RCurly, true],
  [T.RBracket, true],
  [T.RParen, true],
]);

export function describeExpected(type: TokenType): string {
  return TOKEN_WORDS.get(type) ?? `'${type.name.toLowerCase()}'`;
}

/** How a found token reads in a message: `'users'`, `the end of the line`, ... */
export function describeFound(token: IToken | undefined): string {
  if (!token || token.tokenType === EOF) return 'the end of the file';
  const type = token.tokenType;
  if (type === T.Newline) return 'the end of the line';
  const image = token.image.length > 40 ? `${token.image.slice(0, 37)}...` : token.image;
  if (type === T.StringLiteral || type === T.TripleString)
    return `the string ${image.split('\n')[0]}`;
  if (type === T.NumberLiteral) return `the number ${image}`;
  if (type === T.QuotedName) return `the quoted name ${image}`;
  if (type === T.Backtick) return `the expression ${image.split('\n')[0]}`;
  return `'${image}'`;
}

/** What a rule's alternatives (its one `OR`) offer, when that differs from `RULE_EXPECTS`. */
const ALT_EXPECTS: Readonly<Record<string, string>> = {
  setting:
    "a setting value (a 'string', a number, a `expression`, a #color, a name or a ref like '> users.id')",
  inlineRef: "a relationship operator ('<', '>', '-' or '<>')",
  refRelation: "a relationship operator ('<', '>', '-' or '<>')",
  typeArg: 'a type argument (a number or a name)',
};

/** What may appear inside a block, for "expected ..., or '}' to close the table". */
const BODY_EXPECTS: Readonly<Record<string, string>> = {
  table: "a column, an 'indexes' or 'checks' block, a 'Note', a '~partial'",
  tablePartial: "a column, an 'indexes' or 'checks' block, a 'Note'",
  enumDecl: 'an enum value',
  tableGroup: "a table name or a 'Note'",
  project: "a 'key: value' property or a 'Note'",
  indexesBlock: 'an index (a column, a `expression` or a list of them)',
  checksBlock: 'a check (a `expression`)',
  recordsBody: 'a row of values',
  useDecl: 'an element to import (e.g. table users)',
  genericBlock: 'an expression',
};

/**
 * A placeholder for "where" the error is, filled in by `parse.ts` from the rule stack
 * (the innermost rule is often a tiny helper like `name`; the stack knows the context).
 */
export const WHERE_MARK = '\u0000';
function where(ruleName: string): string {
  return `${WHERE_MARK}${ruleName}${WHERE_MARK}`;
}

/** Rules too small to name the context of an error; the enclosing rule is used instead. */
const HELPER_RULES = new Set([
  'name',
  'qualifiedName',
  'lineEnd',
  'signedNumber',
  'valuePath',
  'literalValue',
  'settingValue',
  'genericLine',
  'genericOperand',
  'binaryOperator',
  'indexPart',
  'noteText',
  'refOperator',
]);

/** Replaces the placeholder left by `where()` using the rule stack of the failure. */
export function placeError(message: string, ruleStack: readonly string[]): string {
  return message.replace(/\u0000(\w+)\u0000/, (_all, rule: string) => {
    const context = [...ruleStack].reverse().find((r) => !HELPER_RULES.has(r)) ?? rule;
    const preposition = rule === 'lineEnd' ? 'after' : 'in';
    return `${preposition} ${words(context)}`;
  });
}

function words(ruleName: string): string {
  return RULE_WORDS[ruleName] ?? `the ${ruleName}`;
}

function expectsOf(ruleName: string, paths: TokenType[][]): string {
  const known = RULE_EXPECTS[ruleName];
  if (known) return known;
  const firsts = [...new Set(paths.map((p) => p[0]).filter((t): t is TokenType => !!t))];
  if (firsts.length === 0) return `more of ${words(ruleName)}`;
  const described = [...new Set(firsts.map(describeExpected))];
  return described.length === 1
    ? described[0]!
    : `${described.slice(0, -1).join(', ')} or ${described[described.length - 1]!}`;
}

export const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    const found = describeFound(actual);
    if (expected === EOF) return `expected ${RULE_EXPECTS['element']!}, found ${found}`;
    if (expected === T.RCurly) {
      const body = BODY_EXPECTS[ruleName];
      const what = body
        ? `${body}, or '}' to close ${words(ruleName)}`
        : `'}' to close ${words(ruleName)}`;
      return `expected ${what}, found ${found}`;
    }
    if (CLOSERS.has(expected)) {
      return `expected ${describeExpected(expected)} to close ${words(ruleName)}, found ${found}`;
    }
    return `expected ${describeExpected(expected)} ${where(ruleName)}, found ${found}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `expected ${RULE_EXPECTS['element']!}, found ${describeFound(firstRedundant)}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName: rule }) {
    // A column ends its line with `lineEnd`'s alternatives inlined.
    const ruleName = rule === 'column' ? 'lineEnd' : rule;
    const expects = ALT_EXPECTS[ruleName] ?? expectsOf(ruleName, expectedPathsPerAlt.flat());
    return `expected ${expects} ${where(ruleName)}, found ${describeFound(actual[0])}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    return `expected ${expectsOf(ruleName, expectedIterationPaths)} ${where(ruleName)}, found ${describeFound(actual[0])}`;
  },
};
