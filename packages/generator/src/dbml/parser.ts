/**
 * The DBML grammar (chevrotain CstParser). One instance is created at module load and
 * reused for every file: chevrotain's self-analysis is the expensive part.
 *
 * Bodies in `{ }` are line-oriented: each entry ends with a line break or the closing
 * brace (`lineEnd`), so `a3 e f` in an enum is an error, not three values. Blocks dbgen
 * does not model (DiagramView, Metadata, ...) are parsed with a generic expression
 * grammar so their syntax errors are still found.
 *
 * Performance: the hot rules (table bodies, columns, settings, refs) pass chevrotain
 * closures and alternative arrays built once, as fields, instead of literals that would
 * be allocated on every call; names are one token category (`AnyName`) instead of a rule.
 */
import {
  CstParser,
  EMPTY_ALT,
  EOF,
  tokenMatcher,
  type IOrAlt,
  type IToken,
  type TokenType,
} from 'chevrotain';
import { errorMessageProvider } from './parse-errors.js';
import * as T from './tokens.js';

/** Thrown when a parse takes more steps than any sane input needs (see `begin`). */
export class ParserStepLimitError extends Error {
  constructor(readonly token: IToken) {
    super('parser step limit exceeded');
  }
}

type Alts = IOrAlt<unknown>[];

class DbmlParser extends CstParser {
  private steps = 0;
  private stepLimit = Infinity;

  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      nodeLocationTracking: 'onlyOffset',
      maxLookahead: 3,
      errorMessageProvider,
    });
    this.performSelfAnalysis();
    // After an error, re-synchronise only at a line break or a closing brace (or the end),
    // never at the next name: otherwise the rest of a broken line would be read as new
    // top-level blocks and every error would cascade into several.
    const self = this as unknown as {
      flattenFollowSet(): TokenType[];
      findReSyncTokenType(): TokenType;
    };
    self.findReSyncTokenType = () => {
      const follows = self.flattenFollowSet();
      let depth = 0; // braces opened while skipping: their closing brace is no resync point
      for (let k = 1; ; k++) {
        const type = this.LA(k).tokenType;
        if (type === EOF) return EOF;
        if (type === T.LCurly) depth++;
        else if (type === T.RCurly && depth > 0) depth--;
        else if (
          depth === 0 &&
          (type === T.Newline || type === T.RCurly) &&
          follows.includes(type)
        ) {
          return type;
        }
      }
    };
  }

  /** Starts a parse of `tokens` with a step budget proportional to their number. */
  begin(tokens: IToken[]): void {
    this.input = tokens;
    this.steps = 0;
    this.stepLimit = 1_000 + tokens.length * 400;
  }

  // Every lookahead goes through LA: counting here bounds the work of any parse, error
  // recovery included, without a timer.
  protected override LA(howMuch: number): IToken {
    if (++this.steps > this.stepLimit) throw new ParserStepLimitError(super.LA(1));
    return super.LA(howMuch);
  }

  private isAtBodyEnd(): boolean {
    const type = this.LA(1).tokenType;
    return type === T.RCurly || type === EOF;
  }

  /** The next token is `first` and the one after is `second` (or `alternative`). */
  private startsWith(first: TokenType, second: TokenType, alternative?: TokenType): boolean {
    if (this.LA(1).tokenType !== first) return false;
    const next = this.LA(2).tokenType;
    return next === second || next === alternative;
  }

  private isArrayDimension(): boolean {
    const second = this.LA(2).tokenType;
    return (
      second === T.RBracket || (second === T.NumberLiteral && this.LA(3).tokenType === T.RBracket)
    );
  }

  // ---- shared pieces (closures and alternatives built once) ----------------------------

  private readonly newline = (): void => {
    this.CONSUME(T.Newline);
  };
  private readonly lineEndAlts: Alts = [
    { ALT: this.newline },
    { GATE: () => this.isAtBodyEnd(), ALT: EMPTY_ALT() },
  ];
  private readonly qualifiedNamePart = (): void => {
    this.CONSUME(T.Dot);
    this.CONSUME2(T.AnyName);
  };
  private readonly signAlts: Alts = [
    { ALT: () => this.CONSUME(T.Minus) },
    { ALT: () => this.CONSUME(T.Plus) },
  ];
  private readonly sign = (): void => {
    this.OR(this.signAlts);
  };
  private readonly optionalSettings = (): void => {
    this.SUBRULE(this.settingsList);
  };

  // ---- file ----------------------------------------------------------------------------

  public file = this.RULE('file', () => {
    this.MANY(() => {
      this.OR([{ ALT: this.newline }, { ALT: () => this.SUBRULE(this.element) }]);
    });
  });

  private element = this.RULE('element', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.project) },
      { ALT: () => this.SUBRULE(this.table) },
      { ALT: () => this.SUBRULE(this.tablePartial) },
      { ALT: () => this.SUBRULE(this.ref) },
      { ALT: () => this.SUBRULE(this.enumDecl) },
      { ALT: () => this.SUBRULE(this.tableGroup) },
      { ALT: () => this.SUBRULE(this.stickyNote) },
      { ALT: () => this.SUBRULE(this.topRecords) },
      { ALT: () => this.SUBRULE(this.useDecl) },
      { ALT: () => this.SUBRULE(this.otherBlock) },
      // Misplaced table members: read, then reported by the visitor.
      { ALT: () => this.SUBRULE(this.indexesBlock) },
      { ALT: () => this.SUBRULE(this.checksBlock) },
    ]);
  });

  /** A line break, or nothing when the body's closing brace (or the file's end) follows. */
  private lineEnd = this.RULE('lineEnd', () => {
    this.OR(this.lineEndAlts);
  });

  private qualifiedName = this.RULE('qualifiedName', () => {
    this.CONSUME(T.AnyName);
    this.MANY(this.qualifiedNamePart);
  });

  // ---- Project -------------------------------------------------------------------------

  private project = this.RULE('project', () => {
    this.CONSUME(T.Project);
    this.OPTION(() => this.CONSUME(T.AnyName));
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR({
        MAX_LOOKAHEAD: 1,
        DEF: [
          { ALT: this.newline },
          {
            GATE: () => this.startsWith(T.Note, T.Colon, T.LCurly),
            ALT: () => this.SUBRULE(this.noteElement),
            IGNORE_AMBIGUITIES: true,
          },
          { ALT: () => this.SUBRULE(this.property), IGNORE_AMBIGUITIES: true },
        ],
      });
    });
    this.CONSUME(T.RCurly);
  });

  private property = this.RULE('property', () => {
    this.CONSUME(T.AnyName);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.literalValue);
    this.SUBRULE(this.lineEnd);
  });

  private readonly noteTextAlts: Alts = [
    { ALT: () => this.CONSUME(T.StringLiteral) },
    { ALT: () => this.CONSUME(T.TripleString) },
    { ALT: () => this.CONSUME(T.QuotedName) },
  ];

  /** `Note: 'text'` or `Note { 'text' }` inside a table, group or project. */
  private noteElement = this.RULE('noteElement', () => {
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
    this.SUBRULE(this.lineEnd);
  });

  /** `{ 'text' }`: the body of a note, alone on its lines or not. */
  private noteBlock = this.RULE('noteBlock', () => {
    this.CONSUME(T.LCurly);
    this.MANY(this.newline);
    this.OR(this.noteTextAlts);
    this.MANY2(() => this.CONSUME2(T.Newline));
    this.CONSUME(T.RCurly);
  });

  // ---- Tables --------------------------------------------------------------------------

  private table = this.RULE('table', () => {
    this.CONSUME(T.Table);
    this.OPTION(() => this.SUBRULE(this.qualifiedName)); // a missing name is reported by the visitor
    this.OPTION2(() => {
      this.CONSUME(T.As);
      this.CONSUME(T.AnyName);
    });
    this.OPTION3(this.optionalSettings);
    this.CONSUME(T.LCurly);
    this.SUBRULE(this.tableBody);
    this.CONSUME(T.RCurly);
  });

  private tablePartial = this.RULE('tablePartial', () => {
    this.CONSUME(T.TablePartial);
    this.OPTION(() => this.CONSUME(T.AnyName));
    this.OPTION2(this.optionalSettings);
    this.CONSUME(T.LCurly);
    this.SUBRULE(this.tableBody);
    this.CONSUME(T.RCurly);
  });

  // Decided on one token plus gates, so that anything else starting with a name is read
  // as a (possibly broken) column and its error is reported inside the column.
  private readonly tableMemberAlts: Alts = [
    { ALT: this.newline },
    {
      GATE: () => this.startsWith(T.Indexes, T.LCurly),
      ALT: () => this.SUBRULE(this.indexesBlock),
      IGNORE_AMBIGUITIES: true,
    },
    {
      GATE: () => this.startsWith(T.Checks, T.LCurly),
      ALT: () => this.SUBRULE(this.checksBlock),
      IGNORE_AMBIGUITIES: true,
    },
    {
      GATE: () => this.startsWith(T.Note, T.Colon, T.LCurly),
      ALT: () => this.SUBRULE(this.noteElement),
      IGNORE_AMBIGUITIES: true,
    },
    { ALT: () => this.SUBRULE(this.partialInjection) },
    {
      GATE: () => this.startsWith(T.Records, T.LParen, T.LCurly),
      ALT: () => this.SUBRULE(this.nestedRecords),
      IGNORE_AMBIGUITIES: true,
    },
    { ALT: () => this.SUBRULE(this.column), IGNORE_AMBIGUITIES: true },
  ];
  private readonly tableMember = (): void => {
    this.OR({ MAX_LOOKAHEAD: 1, DEF: this.tableMemberAlts });
  };

  private tableBody = this.RULE('tableBody', () => {
    this.MANY(this.tableMember);
  });

  private readonly bareSetting = (): void => {
    this.CONSUME(T.Name);
  };

  private column = this.RULE('column', () => {
    this.CONSUME(T.AnyName);
    this.SUBRULE(this.columnType);
    // Old syntax: settings written as bare words after the type (`id int PK unique`).
    this.MANY(this.bareSetting);
    this.OPTION(this.optionalSettings);
    this.OR(this.lineEndAlts); // `lineEnd` inlined: columns are the most frequent lines
  });

  private readonly typeArgAlts: Alts = [
    { ALT: () => this.SUBRULE(this.signedNumber) },
    { ALT: () => this.CONSUME(T.Name) },
    { ALT: () => this.CONSUME(T.QuotedName) },
    { ALT: () => this.CONSUME(T.StringLiteral) },
  ];
  private readonly typeArg = (): void => {
    this.OR(this.typeArgAlts);
  };
  private readonly moreTypeArgs = (): void => {
    this.CONSUME(T.Comma);
    this.SUBRULE2(this.typeArgRule);
  };
  private readonly typeArgs = (): void => {
    this.CONSUME(T.LParen);
    this.OPTION2(() => {
      this.SUBRULE(this.typeArgRule);
      this.MANY(this.moreTypeArgs);
    });
    this.CONSUME(T.RParen);
  };
  // `[]` / `[3]` are array dimensions; any other `[` starts the settings list.
  private readonly arrayDimension = {
    GATE: () => this.isArrayDimension(),
    DEF: () => {
      this.CONSUME(T.LBracket);
      this.OPTION3(() => this.CONSUME(T.NumberLiteral));
      this.CONSUME(T.RBracket);
    },
  };

  private columnType = this.RULE('columnType', () => {
    this.CONSUME(T.AnyName); // a qualified name, inlined
    this.MANY3(this.qualifiedNamePart);
    this.OPTION(this.typeArgs);
    this.MANY2(this.arrayDimension);
  });

  private typeArgRule = this.RULE('typeArg', this.typeArg);

  private partialInjection = this.RULE('partialInjection', () => {
    this.CONSUME(T.Tilde);
    this.CONSUME(T.AnyName);
    this.SUBRULE(this.lineEnd);
  });

  private indexesBlock = this.RULE('indexesBlock', () => {
    this.CONSUME(T.Indexes);
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([{ ALT: this.newline }, { ALT: () => this.SUBRULE(this.indexDef) }]);
    });
    this.CONSUME(T.RCurly);
    this.SUBRULE(this.lineEnd);
  });

  /** `col`, `` `expr` ``, `(a, `expr`)`, or (old syntax) `a b`; parts are tokens in order. */
  private indexDef = this.RULE('indexDef', () => {
    this.AT_LEAST_ONE(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.AnyName) },
        { ALT: () => this.CONSUME(T.Backtick) },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.OR2([
              { ALT: () => this.CONSUME2(T.AnyName) },
              { ALT: () => this.CONSUME2(T.Backtick) },
            ]);
            this.MANY(() => {
              this.CONSUME(T.Comma);
              this.OR3([
                { ALT: () => this.CONSUME3(T.AnyName) },
                { ALT: () => this.CONSUME3(T.Backtick) },
              ]);
            });
            this.CONSUME(T.RParen);
          },
        },
      ]);
    });
    this.OPTION(this.optionalSettings);
    this.SUBRULE(this.lineEnd);
  });

  private checksBlock = this.RULE('checksBlock', () => {
    this.CONSUME(T.Checks);
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([{ ALT: this.newline }, { ALT: () => this.SUBRULE(this.checkDef) }]);
    });
    this.CONSUME(T.RCurly);
    this.SUBRULE(this.lineEnd);
  });

  private checkDef = this.RULE('checkDef', () => {
    this.CONSUME(T.Backtick);
    this.OPTION(this.optionalSettings);
    this.SUBRULE(this.lineEnd);
  });

  private nestedRecords = this.RULE('nestedRecords', () => {
    this.CONSUME(T.Records);
    this.OPTION(() => this.SUBRULE(this.columnList));
    this.SUBRULE(this.recordsBody);
    this.SUBRULE(this.lineEnd);
  });

  private topRecords = this.RULE('topRecords', () => {
    this.CONSUME(T.Records);
    this.SUBRULE(this.qualifiedName);
    this.SUBRULE(this.columnList);
    this.SUBRULE(this.recordsBody);
  });

  private columnList = this.RULE('columnList', () => {
    this.CONSUME(T.LParen);
    this.CONSUME(T.AnyName);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.CONSUME2(T.AnyName);
    });
    this.CONSUME(T.RParen);
  });

  private recordsBody = this.RULE('recordsBody', () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([{ ALT: this.newline }, { ALT: () => this.SUBRULE(this.recordRow) }]);
    });
    this.CONSUME(T.RCurly);
  });

  /** `1, 'a', , null`: an empty field (two commas in a row) is a null. */
  private recordRow = this.RULE('recordRow', () => {
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.literalValue);
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.OPTION(() => this.SUBRULE2(this.literalValue));
          });
        },
      },
      {
        ALT: () => {
          this.AT_LEAST_ONE(() => {
            this.CONSUME2(T.Comma);
            this.OPTION2(() => this.SUBRULE3(this.literalValue));
          });
        },
      },
    ]);
    this.SUBRULE(this.lineEnd);
  });

  // ---- Settings and values -------------------------------------------------------------

  private readonly moreSettings = (): void => {
    this.CONSUME(T.Comma);
    this.SUBRULE2(this.setting);
  };

  private settingsList = this.RULE('settingsList', () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.setting);
    this.MANY(this.moreSettings);
    this.CONSUME(T.RBracket);
  });

  private readonly settingWord = (): void => {
    this.CONSUME(T.Name);
  };
  /** A setting's value: an inline ref or a literal; the literal's tokens sit in the setting. */
  private readonly settingValueAlts: Alts = [
    { ALT: () => this.SUBRULE(this.inlineRef) },
    { ALT: () => this.CONSUME(T.StringLiteral) },
    { ALT: () => this.CONSUME(T.TripleString) },
    { ALT: () => this.SUBRULE(this.signedNumber) },
    { ALT: () => this.CONSUME(T.Backtick) },
    { ALT: () => this.CONSUME(T.ColorLiteral) },
    { ALT: () => this.SUBRULE(this.valuePath) },
  ];
  private readonly settingValue = (): void => {
    this.CONSUME(T.Colon);
    this.OR(this.settingValueAlts);
  };

  private setting = this.RULE('setting', () => {
    this.AT_LEAST_ONE(this.settingWord);
    this.OPTION(this.settingValue);
  });

  private inlineRef = this.RULE('inlineRef', () => {
    this.OR(this.refOperatorAlts);
    this.SUBRULE(this.refEndpoint);
  });

  private signedNumber = this.RULE('signedNumber', () => {
    this.MANY(this.sign);
    this.CONSUME(T.NumberLiteral);
  });

  private literalValue = this.RULE('literalValue', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.TripleString) },
      { ALT: () => this.SUBRULE(this.signedNumber) },
      { ALT: () => this.CONSUME(T.Backtick) },
      { ALT: () => this.CONSUME(T.ColorLiteral) },
      { ALT: () => this.SUBRULE(this.valuePath) },
    ]);
  });

  /**
   * `true`, `status.active`, `demographic."age segment".young_adult`, `set null`, `"x"`:
   * `AnyName` tokens joined by dots, `Name` tokens are further words (`set null`).
   */
  private valuePath = this.RULE('valuePath', () => {
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

  private followsPlainWord(): boolean {
    return tokenMatcher(this.LA(0), T.Name) && this.LA(-1).tokenType !== T.Dot;
  }

  // ---- Refs ----------------------------------------------------------------------------

  private ref = this.RULE('ref', () => {
    this.CONSUME(T.Ref);
    this.OPTION(() => this.SUBRULE(this.qualifiedName));
    // Settings belong after the relationship; here they are read, then reported by the visitor.
    this.OPTION2(this.optionalSettings);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Colon);
          this.SUBRULE(this.refRelation);
          this.SUBRULE(this.lineEnd);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LCurly);
          this.MANY(this.newline);
          this.SUBRULE2(this.refRelation);
          this.SUBRULE2(this.lineEnd);
          this.CONSUME(T.RCurly);
        },
      },
    ]);
  });

  private readonly refOperatorAlts: Alts = [
    { ALT: () => this.CONSUME(T.Lt) },
    { ALT: () => this.CONSUME(T.Gt) },
    { ALT: () => this.CONSUME(T.Minus) },
    { ALT: () => this.CONSUME(T.ManyToMany) },
  ];

  private refRelation = this.RULE('refRelation', () => {
    this.SUBRULE(this.refEndpoint);
    this.OR(this.refOperatorAlts);
    this.SUBRULE2(this.refEndpoint);
    this.OPTION(this.optionalSettings);
  });

  private readonly endpointPart = (): void => {
    this.CONSUME(T.Dot);
    this.CONSUME2(T.AnyName);
  };
  private readonly compositeColumns = (): void => {
    this.CONSUME2(T.Dot);
    this.CONSUME(T.LParen);
    this.CONSUME3(T.AnyName);
    this.MANY2(this.moreCompositeColumns);
    this.CONSUME(T.RParen);
  };
  private readonly moreCompositeColumns = (): void => {
    this.CONSUME(T.Comma);
    this.CONSUME4(T.AnyName);
  };

  /** `table.col`, `schema.table.col`, `table.(a, b)`, or (inline) just `col`. */
  private refEndpoint = this.RULE('refEndpoint', () => {
    this.CONSUME(T.AnyName);
    this.MANY(this.endpointPart);
    this.OPTION(this.compositeColumns);
  });

  // ---- Enums, groups, sticky notes -----------------------------------------------------

  private enumDecl = this.RULE('enumDecl', () => {
    this.CONSUME(T.Enum);
    this.OPTION(() => this.SUBRULE(this.qualifiedName));
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR({
        MAX_LOOKAHEAD: 1,
        DEF: [{ ALT: this.newline }, { ALT: () => this.SUBRULE(this.enumValue) }],
      });
    });
    this.CONSUME(T.RCurly);
  });

  private enumValue = this.RULE('enumValue', () => {
    this.CONSUME(T.AnyName);
    this.OPTION(this.optionalSettings);
    this.SUBRULE(this.lineEnd);
  });

  private tableGroup = this.RULE('tableGroup', () => {
    this.CONSUME(T.TableGroup);
    this.OPTION2(() => this.SUBRULE(this.qualifiedName));
    this.OPTION(this.optionalSettings);
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR({
        MAX_LOOKAHEAD: 1,
        DEF: [
          { ALT: this.newline },
          {
            GATE: () => this.startsWith(T.Note, T.Colon, T.LCurly),
            ALT: () => this.SUBRULE(this.noteElement),
            IGNORE_AMBIGUITIES: true,
          },
          { ALT: () => this.SUBRULE(this.groupEntry), IGNORE_AMBIGUITIES: true },
        ],
      });
    });
    this.CONSUME(T.RCurly);
  });

  private groupEntry = this.RULE('groupEntry', () => {
    this.SUBRULE(this.qualifiedName);
    this.SUBRULE(this.lineEnd);
  });

  private stickyNote = this.RULE('stickyNote', () => {
    this.CONSUME(T.Note);
    this.CONSUME(T.AnyName);
    this.OPTION(this.optionalSettings);
    this.SUBRULE(this.noteBlock);
  });

  // ---- Module system -------------------------------------------------------------------

  private useDecl = this.RULE('useDecl', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Use) }, { ALT: () => this.CONSUME(T.Reuse) }]);
    this.OR2([
      { ALT: () => this.CONSUME(T.Star) },
      {
        ALT: () => {
          this.CONSUME(T.LCurly);
          this.MANY(() => {
            this.OR3([{ ALT: this.newline }, { ALT: () => this.SUBRULE(this.useSelection) }]);
          });
          this.CONSUME(T.RCurly);
        },
      },
    ]);
    this.CONSUME(T.From);
    this.CONSUME(T.StringLiteral);
    this.SUBRULE(this.lineEnd);
  });

  private useSelection = this.RULE('useSelection', () => {
    this.CONSUME(T.Name);
    this.SUBRULE(this.qualifiedName);
    this.OPTION(() => {
      this.CONSUME(T.As);
      this.CONSUME(T.AnyName);
    });
    this.SUBRULE(this.lineEnd);
  });

  // ---- Blocks dbgen does not model: a generic grammar ----------------------------------

  private otherBlock = this.RULE('otherBlock', () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.AnyName) }, { ALT: () => this.CONSUME(T.Dot) }]);
    });
    this.OPTION(this.optionalSettings);
    this.SUBRULE(this.genericBlock);
  });

  private genericBlock = this.RULE('genericBlock', () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([{ ALT: this.newline }, { ALT: () => this.SUBRULE(this.genericLine) }]);
    });
    this.CONSUME(T.RCurly);
  });

  private genericLine = this.RULE('genericLine', () => {
    this.AT_LEAST_ONE(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.genericExpression) },
        { ALT: () => this.SUBRULE(this.genericBlock) },
        { ALT: () => this.SUBRULE(this.settingsList) },
        { ALT: () => this.CONSUME(T.Colon) },
        { ALT: () => this.CONSUME(T.Star) },
      ]);
    });
    this.SUBRULE(this.lineEnd);
  });

  private genericExpression = this.RULE('genericExpression', () => {
    this.SUBRULE(this.genericOperand);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Lt) },
        { ALT: () => this.CONSUME(T.Gt) },
        { ALT: () => this.CONSUME(T.Minus) },
        { ALT: () => this.CONSUME(T.Plus) },
        { ALT: () => this.CONSUME(T.Star) },
        { ALT: () => this.CONSUME(T.ManyToMany) },
        { ALT: () => this.CONSUME(T.Operator) },
      ]);
      this.SUBRULE2(this.genericOperand);
    });
  });

  private genericOperand = this.RULE('genericOperand', () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Minus) },
        { ALT: () => this.CONSUME(T.Plus) },
        { ALT: () => this.CONSUME(T.Operator) },
        { ALT: () => this.CONSUME(T.Tilde) },
      ]);
    });
    this.OR2([
      { ALT: () => this.CONSUME(T.AnyName) },
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.TripleString) },
      { ALT: () => this.CONSUME(T.Backtick) },
      { ALT: () => this.CONSUME(T.ColorLiteral) },
      { ALT: () => this.SUBRULE(this.genericTuple) },
    ]);
    this.MANY2(() => {
      this.OR3([
        {
          ALT: () => {
            this.CONSUME(T.Dot);
            this.CONSUME2(T.AnyName);
          },
        },
        { ALT: () => this.SUBRULE2(this.genericTuple) },
      ]);
    });
  });

  private genericTuple = this.RULE('genericTuple', () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.genericExpression);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.genericExpression);
      });
    });
    this.CONSUME(T.RParen);
  });
}

/** The one parser instance (chevrotain parsers are reusable and costly to build). */
export const dbmlParser = new DbmlParser();
