/**
 * The DBML token vocabulary. Keywords are case-insensitive and also count as names
 * (category `Name`), so `note`, `table` or `indexes` can still name a column or a table;
 * the parser tells them apart by what follows.
 *
 * Broken literals (an unterminated string, `1.2.3`) are tokens of their own rather than
 * lexer failures: the lexer keeps going, and `lexer.ts` turns them into diagnostics that
 * say what is wrong, while the parser sees a plausible token in their place.
 */
import type { TokenType } from 'chevrotain';
import { createToken, Lexer } from './chevrotain.js';

/** Any name, plain or quoted (a category: no text matches it directly). */
export const AnyName = createToken({ name: 'AnyName', pattern: Lexer.NA });
/** A plain (unquoted) name: an identifier or a keyword. */
export const Name = createToken({ name: 'Name', pattern: Lexer.NA, categories: [AnyName] });

export const Identifier = createToken({
  name: 'Identifier',
  // Identifiers may start with digits (`12_abc`, `3a`); pure numbers are caught by Number first.
  pattern: /[A-Za-z0-9_\u00C0-\u1FFF\u2C00-\uD7FF]+/,
  categories: [Name, AnyName],
});

function keyword(name: string, word: string, longerAlt: TokenType[] = []): TokenType {
  return createToken({
    name,
    pattern: new RegExp(word, 'i'),
    longer_alt: [...longerAlt, Identifier],
    categories: [Name, AnyName],
  });
}

export const TablePartial = keyword('TablePartial', 'tablepartial');
export const TableGroup = keyword('TableGroup', 'tablegroup');
export const Table = keyword('Table', 'table', [TablePartial, TableGroup]);
export const Project = keyword('Project', 'project');
export const Ref = keyword('Ref', 'ref');
export const Enum = keyword('Enum', 'enum');
export const Note = keyword('Note', 'note');
export const Indexes = keyword('Indexes', 'indexes');
export const Checks = keyword('Checks', 'checks');
export const Records = keyword('Records', 'records');
export const Reuse = keyword('Reuse', 'reuse');
export const Use = keyword('Use', 'use');
export const From = keyword('From', 'from');
export const As = keyword('As', 'as');

export const Newline = createToken({ name: 'Newline', pattern: /\r\n|\r|\n/, line_breaks: true });
export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\f\v\u00A0\uFEFF]+/,
  group: Lexer.SKIPPED,
});
export const LineComment = createToken({
  name: 'LineComment',
  pattern: /\/\/[^\r\n]*/,
  group: 'comments',
});
/** Also matches an unterminated `/*` up to the end of the file (reported by the lexer). */
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*(?:[^*]|\*(?!\/))*(?:\*\/)?/,
  line_breaks: true,
  group: 'comments',
});

/** `'''...'''`; an unterminated one runs to the end of the file (reported by the lexer). */
export const TripleString = createToken({
  name: 'TripleString',
  pattern: /'''(?:[^'\\]|\\[\s\S]|'(?!''))*(?:''')?/,
  line_breaks: true,
});
/** `'...'` on one line; an unterminated one stops at the end of the line. */
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /'(?:[^'\\\r\n]|\\.)*'?/,
});
/** `"..."`: a quoted name (or, in value position, a string). */
export const QuotedName = createToken({
  name: 'QuotedName',
  pattern: /"(?:[^"\\\r\n]|\\.)*"?/,
  categories: [AnyName],
});
/** `` `sql expression` ``; may span lines. */
export const Backtick = createToken({
  name: 'Backtick',
  pattern: /`(?:[^`\\]|\\[\s\S])*`?/,
  line_breaks: true,
});
export const ColorLiteral = createToken({ name: 'ColorLiteral', pattern: /#[A-Za-z0-9_]*/ });

export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.\u00C0-\u1FFF\u2C00-\uD7FF])/,
});
/** `1.a`, `8.6a`, `1.2.3`: looks like a number but is not one. */
// A NumberLiteral for the parser, so the lexer's error is the only one reported.
export const InvalidNumber = createToken({
  name: 'InvalidNumber',
  pattern: /\d+(?:\.\w+)+/,
  categories: [NumberLiteral],
});

export const LCurly = createToken({ name: 'LCurly', pattern: '{' });
export const RCurly = createToken({ name: 'RCurly', pattern: '}' });
export const LBracket = createToken({ name: 'LBracket', pattern: '[' });
export const RBracket = createToken({ name: 'RBracket', pattern: ']' });
export const LParen = createToken({ name: 'LParen', pattern: '(' });
export const RParen = createToken({ name: 'RParen', pattern: ')' });
export const Comma = createToken({ name: 'Comma', pattern: ',' });
export const Colon = createToken({ name: 'Colon', pattern: ':' });
export const Dot = createToken({ name: 'Dot', pattern: '.' });
export const Tilde = createToken({ name: 'Tilde', pattern: '~' });
export const Star = createToken({ name: 'Star', pattern: '*' });
export const ManyToMany = createToken({ name: 'ManyToMany', pattern: '<>' });
/** Comparison and other operators only the generic block grammar uses. */
export const Operator = createToken({
  name: 'Operator',
  pattern: /<=|>=|==|!=|&&|\|\||[=!%/&|^?;@$]/,
});
export const Lt = createToken({ name: 'Lt', pattern: '<' });
export const Gt = createToken({ name: 'Gt', pattern: '>' });
export const Minus = createToken({ name: 'Minus', pattern: '-' });
export const Plus = createToken({ name: 'Plus', pattern: '+' });

/** In lexing order: longer and more specific patterns first. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Newline,
  LineComment,
  BlockComment,
  TripleString,
  StringLiteral,
  QuotedName,
  Backtick,
  ColorLiteral,
  NumberLiteral,
  InvalidNumber,
  TablePartial,
  TableGroup,
  Table,
  Project,
  Ref,
  Enum,
  Note,
  Indexes,
  Checks,
  Records,
  Reuse,
  Use,
  From,
  As,
  Identifier,
  Name,
  AnyName,
  LCurly,
  RCurly,
  LBracket,
  RBracket,
  LParen,
  RParen,
  Comma,
  Colon,
  Dot,
  Tilde,
  Star,
  ManyToMany,
  Operator,
  Lt,
  Gt,
  Minus,
  Plus,
];
