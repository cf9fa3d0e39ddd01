/**
 * The DBML grammar, part 1: the parser's machinery (step budget, lookahead helpers) and
 * the pieces every block uses: line ends, names, settings lists, values and ref endpoints.
 * The grammar is one chevrotain parser built up in layers, one file per kind of block:
 * this base, `parser-tables.ts`, `parser-blocks.ts`, and `parser.ts` (the file and the
 * generic block grammar), which creates the one instance.
 *
 * Performance: the hot rules (table bodies, columns, settings, refs) pass chevrotain
 * closures and alternative arrays built once, as fields, instead of literals that would
 * be allocated on every call; names are one token category (`AnyName`) instead of a rule.
 * The most frequent small cases (a flag setting, all-number type arguments, a line break
 * ending an entry) are read without invoking their rule, but only when the rule would read
 * exactly those tokens without an error: the CST differs (labelled tokens), errors and
 * recovery do not. See `consumedFlag`, `areNumberArgs` and `endLine`.
 */
import type { CstNode, IOrAlt, IRecognitionException, IToken, TokenType } from 'chevrotain';
import { CstParser, EMPTY_ALT, EOF, tokenMatcher } from './chevrotain.js';
import { errorMessageProvider } from './parse-errors.js';
import * as T from './tokens.js';

/** Thrown when a parse takes more steps than any sane input needs (see `begin`). */
export class ParserStepLimitError extends Error {
  constructor(
    readonly token: IToken,
    message = 'too many syntax errors to continue: the parser stopped here',
  ) {
    super(message);
  }
}

/**
 * Syntax errors reported before the parser gives up. Each error costs chevrotain's
 * recovery far more than a token costs to parse, so a file of nothing but errors (binary
 * junk, a fuzzer's output) is cut short here, in bounded time; nobody reads the rest.
 */
export const MAX_SYNTAX_ERRORS = 500;

export type Alts = IOrAlt<unknown>[];

/** CST labels of flag settings read without the `setting` rule (see `flagWords`). */
const FLAG = { LABEL: 'flag' };
const FLAG_FIRST = { LABEL: 'flagFirst' };
const FLAG_SECOND = { LABEL: 'flagSecond' };
/** The CST label of a line break read without the `lineEnd` rule (see `endLine`). */
const LINE_BREAK = { LABEL: 'lineBreak' };

/**
 * The `children` of CST nodes. Chevrotain makes them with `Object.create(null)`, which V8
 * keeps as hash tables ("dictionary mode"): a large allocation per node and a hash lookup
 * per access, a visible share of parsing and of garbage collection. Instances of this
 * class are ordinary fast objects, and still inherit nothing (their prototype's prototype
 * is null), so a child key can never meet an `Object.prototype` member.
 */
function CstChildren(): void {}
CstChildren.prototype = Object.create(null) as object;
const NewCstChildren = CstChildren as unknown as new () => CstNode['children'];

/** Rules are `protected` so the layers above can use them; only `file` is public. */
export class DbmlParserBase extends CstParser {
  protected steps = 0;
  protected stepLimit = Infinity;

  /**
   * `validateGrammar`: run chevrotain's grammar validations (ambiguities, left recursion,
   * ...) in the self-analysis. The grammar is fixed, so the tests run them once
   * (tests/generator/parser/grammar.test.ts) and the instance every compile uses skips
   * them: they were about half of the parser's start-up, paid at every `dbgen` start.
   */
  constructor(validateGrammar = false) {
    super(T.allTokens, {
      recoveryEnabled: true,
      nodeLocationTracking: 'onlyOffset',
      maxLookahead: 3,
      errorMessageProvider,
      skipValidations: !validateGrammar,
    });
    // Chevrotain records each syntax error through `SAVE_ERROR` (not in its typings):
    // past the budget, the parse stops.
    const self = this as unknown as {
      SAVE_ERROR(error: IRecognitionException): IRecognitionException;
    };
    const save = self.SAVE_ERROR.bind(this);
    self.SAVE_ERROR = (error) => {
      if (this.errors.length >= MAX_SYNTAX_ERRORS) {
        throw new ParserStepLimitError(
          error.token,
          `more than ${MAX_SYNTAX_ERRORS} syntax errors: the parser stopped here`,
        );
      }
      return save(error);
    };
  }

  /**
   * Starts a parse of `tokens` with a step budget proportional to their number. A file read
   * in parts that goes on whole after its first `before.tokens` tokens (`parse-parts.ts`)
   * keeps the whole file's budget, less the `before.steps` the parts took.
   */
  begin(tokens: IToken[], before = { tokens: 0, steps: 0 }): void {
    this.input = tokens;
    this.steps = before.steps;
    this.stepLimit = 1_000 + (before.tokens + tokens.length) * 400;
  }

  /** Steps the current parse has taken (see `begin`). */
  get stepsTaken(): number {
    return this.steps;
  }

  /**
   * Forgets the last parse's tokens; its errors stay readable. The parser is one shared
   * instance: it kept the last file's token vector alive until the next parse, about 11 MB
   * for a 1,000-table file, between every two saves of a watch session.
   */
  end(): void {
    const errors = this.errors;
    this.input = []; // (chevrotain's setter also clears the errors)
    this.errors = errors;
  }

  /**
   * Chevrotain's `cstInvocationStateUpdate` (a rule starts: push its node), with fast
   * `children` (see `CstChildren`) and the location slot in the literal, so setting it
   * does not change the node's shape.
   */
  protected cstInvocationStateUpdate(fullRuleName: string): void {
    const self = this as unknown as {
      CST_STACK: CstNode[];
      setInitialNodeLocation(node: CstNode): void;
    };
    const node: CstNode = {
      name: fullRuleName,
      children: new NewCstChildren(),
      location: undefined as unknown as CstNode['location'] & object, // set just below
    };
    self.setInitialNodeLocation(node);
    self.CST_STACK.push(node);
  }

  // Every lookahead goes through LA: counting here bounds the work of any parse, error
  // recovery included, without a timer.
  protected override LA(howMuch: number): IToken {
    if (++this.steps > this.stepLimit) throw new ParserStepLimitError(super.LA(1));
    return super.LA(howMuch);
  }

  protected isAtBodyEnd(): boolean {
    const type = this.LA(1).tokenType;
    return type === T.RCurly || type === EOF;
  }

  /** The next token is `first` and the one after is `second` (or `alternative`). */
  protected startsWith(first: TokenType, second: TokenType, alternative?: TokenType): boolean {
    if (this.LA(1).tokenType !== first) return false;
    const next = this.LA(2).tokenType;
    return next === second || next === alternative;
  }

  protected isArrayDimension(): boolean {
    const second = this.LA(2).tokenType;
    return (
      second === T.RBracket || (second === T.NumberLiteral && this.LA(3).tokenType === T.RBracket)
    );
  }

  // ---- shared pieces (closures and alternatives built once) ----------------------------

  protected readonly newline = (): void => {
    this.CONSUME(T.Newline);
  };
  protected readonly lineEndAlts: Alts = [
    { ALT: this.newline },
    { GATE: () => this.isAtBodyEnd(), ALT: EMPTY_ALT() },
  ];
  protected readonly qualifiedNamePart = (): void => {
    this.CONSUME(T.Dot);
    this.CONSUME2(T.AnyName);
  };
  protected readonly signAlts: Alts = [
    { ALT: () => this.CONSUME(T.Minus) },
    { ALT: () => this.CONSUME(T.Plus) },
  ];
  protected readonly sign = (): void => {
    this.OR(this.signAlts);
  };
  protected readonly optionalSettings = (): void => {
    this.SUBRULE(this.settingsList);
  };

  /** A line break, or nothing when the body's closing brace (or the file's end) follows. */
  protected lineEnd = this.RULE('lineEnd', () => {
    this.OR(this.lineEndAlts);
  });

  /**
   * `SUBRULE(lineEnd)`, with the common case read directly: a line break is consumed
   * here (as a `lineBreak` token nobody reads) without a rule invocation, which is what
   * the rule would do; anything else goes through the rule, its errors and recovery.
   */
  protected endLine(): void {
    if (this.LA(1).tokenType === T.Newline) this.CONSUME9(T.Newline, LINE_BREAK);
    else this.SUBRULE(this.lineEnd);
  }

  /**
   * `lineEnd` inlined (`OR(lineEndAlts)`), for the most frequent lines (columns), with
   * the line break read directly as in `endLine`: an `OR` with a gated alternative
   * allocates on every call, and this one ran once per column.
   */
  protected endInlinedLine(): void {
    if (this.LA(1).tokenType === T.Newline) this.CONSUME9(T.Newline, LINE_BREAK);
    else this.OR(this.lineEndAlts);
  }

  protected qualifiedName = this.RULE('qualifiedName', () => {
    this.CONSUME(T.AnyName);
    this.MANY(this.qualifiedNamePart);
  });

  protected readonly noteTextAlts: Alts = [
    { ALT: () => this.CONSUME(T.StringLiteral) },
    { ALT: () => this.CONSUME(T.TripleString) },
    { ALT: () => this.CONSUME(T.QuotedName) },
  ];

  /** `Note: 'text'` or `Note { 'text' }` inside a table, group or project. */
  protected noteElement = this.RULE('noteElement', () => {
    this.CONSUME(T.Note);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Colon);
          this.OR2(this.noteTextAlts);
        },
      },
      { ALT: () => this.SUBRULE(this.noteBlock) },
    ]);
    this.endLine();
  });

  /** `{ 'text' }`: the body of a note, alone on its lines or not. */
  protected noteBlock = this.RULE('noteBlock', () => {
    this.CONSUME(T.LCurly);
    this.MANY(this.newline);
    this.OR(this.noteTextAlts);
    this.MANY2(() => this.CONSUME2(T.Newline));
    this.CONSUME(T.RCurly);
  });

  // ---- Settings and values -------------------------------------------------------------

  protected readonly moreSettings = (): void => {
    this.CONSUME(T.Comma);
    if (!this.consumedFlag()) this.SUBRULE2(this.setting);
  };

  protected settingsList = this.RULE('settingsList', () => {
    this.CONSUME(T.LBracket);
    if (!this.consumedFlag()) this.SUBRULE(this.setting);
    this.MANY(this.moreSettings);
    this.CONSUME(T.RBracket);
  });

  /**
   * Consumes the next setting when it is a flag of one or two words (`pk`, `not null`)
   * followed by `,` or `]`. Flags are read in the list itself, as `flag` (or `flagFirst` +
   * `flagSecond`) tokens, not through one `setting` rule each: rule
   * invocations were a visible part of parsing, and most settings are flags. Taken only
   * when the rule would read exactly these tokens without an error, so errors and recovery
   * stay the rule's. (A plain `if`: the grammar recorder sees only the rule, which is the
   * grammar as far as lookahead and recovery are concerned.)
   */
  protected consumedFlag(): boolean {
    const words = this.flagWords();
    if (words === 1) this.CONSUME6(T.Name, FLAG);
    else if (words === 2) {
      this.CONSUME7(T.Name, FLAG_FIRST);
      this.CONSUME8(T.Name, FLAG_SECOND);
    }
    return words > 0;
  }

  private flagWords(): number {
    if (!tokenMatcher(this.LA(1), T.Name)) return 0;
    let next = this.LA(2);
    if (next.tokenType === T.Comma || next.tokenType === T.RBracket) return 1;
    if (!tokenMatcher(next, T.Name)) return 0;
    next = this.LA(3);
    return next.tokenType === T.Comma || next.tokenType === T.RBracket ? 2 : 0;
  }

  protected readonly settingWord = (): void => {
    this.CONSUME(T.Name);
  };
  /** A literal: string, number, expression, colour, or a name path (`true`, `status.active`). */
  protected readonly literalAlts: Alts = [
    { ALT: () => this.CONSUME(T.StringLiteral) },
    { ALT: () => this.CONSUME(T.TripleString) },
    { ALT: () => this.SUBRULE(this.signedNumber) },
    { ALT: () => this.CONSUME(T.Backtick) },
    { ALT: () => this.CONSUME(T.ColorLiteral) },
    { ALT: () => this.SUBRULE(this.valuePath) },
  ];
  /** A setting's value: an inline ref or a literal; the literal's tokens sit in the setting. */
  protected readonly settingValueAlts: Alts = [
    { ALT: () => this.SUBRULE(this.inlineRef) },
    ...this.literalAlts,
  ];
  protected readonly settingValue = (): void => {
    this.CONSUME(T.Colon);
    this.OR(this.settingValueAlts);
  };

  protected setting = this.RULE('setting', () => {
    this.AT_LEAST_ONE(this.settingWord);
    this.OPTION(this.settingValue);
  });

  protected inlineRef = this.RULE('inlineRef', () => {
    this.OR(this.refOperatorAlts);
    this.SUBRULE(this.refEndpoint);
  });

  protected signedNumber = this.RULE('signedNumber', () => {
    this.MANY(this.sign);
    this.CONSUME(T.NumberLiteral);
  });

  protected literalValue = this.RULE('literalValue', () => {
    this.OR(this.literalAlts);
  });

  /**
   * `true`, `status.active`, `demographic."age segment".young_adult`, `set null`, `"x"`:
   * `AnyName` tokens joined by dots, `Name` tokens are further words (`set null`).
   */
  protected valuePath = this.RULE('valuePath', () => {
    this.CONSUME(T.AnyName);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Dot);
            this.CONSUME2(T.AnyName);
          },
        },
        // Further words only after one plain word (`set null`), never after `"x"` or `a.b`.
        { GATE: () => this.followsPlainWord(), ALT: () => this.CONSUME(T.Name) },
      ]);
    });
  });

  protected followsPlainWord(): boolean {
    return tokenMatcher(this.LA(0), T.Name) && this.LA(-1).tokenType !== T.Dot;
  }

  protected readonly refOperatorAlts: Alts = [
    { ALT: () => this.CONSUME(T.Lt) },
    { ALT: () => this.CONSUME(T.Gt) },
    { ALT: () => this.CONSUME(T.Minus) },
    { ALT: () => this.CONSUME(T.ManyToMany) },
  ];

  protected readonly endpointPart = (): void => {
    this.CONSUME(T.Dot);
    this.CONSUME2(T.AnyName);
  };
  protected readonly compositeColumns = (): void => {
    this.CONSUME2(T.Dot);
    this.CONSUME(T.LParen);
    this.CONSUME3(T.AnyName);
    this.MANY2(this.moreCompositeColumns);
    this.CONSUME(T.RParen);
  };
  protected readonly moreCompositeColumns = (): void => {
    this.CONSUME(T.Comma);
    this.CONSUME4(T.AnyName);
  };

  /** `table.col`, `schema.table.col`, `table.(a, b)`, or (inline) just `col`. */
  protected refEndpoint = this.RULE('refEndpoint', () => {
    this.CONSUME(T.AnyName);
    this.MANY(this.endpointPart);
    this.OPTION(this.compositeColumns);
  });
}
