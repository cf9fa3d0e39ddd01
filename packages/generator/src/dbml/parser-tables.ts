/**
 * The DBML grammar, part 2: tables and table partials, with their members (columns,
 * `indexes` and `checks` blocks, notes, `~partial` injections) and records.
 *
 * Bodies in `{ }` are line-oriented: each entry ends with a line break or the closing
 * brace (`lineEnd`), so `a3 e f` in an enum is an error, not three values.
 */
import * as T from './tokens.js';
import { DbmlParserBase, type Alts } from './parser-base.js';

/** The CST label of a type argument read without the `typeArg` rule (see `typeArgs`). */
const NUMBER_ARG = { LABEL: 'argNumber' };

export class TableRules extends DbmlParserBase {
  // ---- Tables --------------------------------------------------------------------------

  protected table = this.RULE('table', () => {
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

  protected tablePartial = this.RULE('tablePartial', () => {
    this.CONSUME(T.TablePartial);
    this.OPTION(() => this.CONSUME(T.AnyName));
    this.OPTION2(this.optionalSettings);
    this.CONSUME(T.LCurly);
    this.SUBRULE(this.tableBody);
    this.CONSUME(T.RCurly);
  });

  // Decided on one token plus gates, so that anything else starting with a name is read
  // as a (possibly broken) column and its error is reported inside the column.
  protected readonly tableMemberAlts: Alts = [
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
  protected readonly tableMember = (): void => {
    this.OR({ MAX_LOOKAHEAD: 1, DEF: this.tableMemberAlts });
  };

  protected tableBody = this.RULE('tableBody', () => {
    this.MANY(this.tableMember);
  });

  protected readonly bareSetting = (): void => {
    this.CONSUME(T.Name);
  };

  protected column = this.RULE('column', () => {
    this.CONSUME(T.AnyName);
    this.SUBRULE(this.columnType);
    // Old syntax: settings written as bare words after the type (`id int PK unique`).
    this.MANY(this.bareSetting);
    this.OPTION(this.optionalSettings);
    this.endInlinedLine(); // columns are the most frequent lines
  });

  protected readonly typeArgAlts: Alts = [
    { ALT: () => this.SUBRULE(this.signedNumber) },
    { ALT: () => this.CONSUME(T.Name) },
    { ALT: () => this.CONSUME(T.QuotedName) },
    { ALT: () => this.CONSUME(T.StringLiteral) },
  ];
  protected readonly typeArg = (): void => {
    this.OR(this.typeArgAlts);
  };
  protected readonly moreTypeArgs = (): void => {
    this.CONSUME(T.Comma);
    this.SUBRULE2(this.typeArgRule);
  };
  protected readonly typeArgs = (): void => {
    this.CONSUME(T.LParen);
    if (this.areNumberArgs()) {
      this.CONSUME5(T.NumberLiteral, NUMBER_ARG);
      while (this.LA(1).tokenType === T.Comma) {
        this.CONSUME5(T.Comma);
        this.CONSUME6(T.NumberLiteral, NUMBER_ARG);
      }
    } else {
      this.OPTION2(() => {
        this.SUBRULE(this.typeArgRule);
        this.MANY(this.moreTypeArgs);
      });
    }
    this.CONSUME(T.RParen);
  };

  /**
   * `(100)`, `(10, 2)`: arguments that are all plain numbers are consumed in the type
   * itself, as `argNumber` tokens, not through one `typeArg` rule each (rule invocations
   * were a visible part of parsing). Taken only when the rules would read exactly these
   * tokens without an error, so errors and recovery stay the rules'. (A plain `if`: the
   * grammar recorder sees only the rules, which is the grammar for lookahead and recovery.)
   */
  protected areNumberArgs(): boolean {
    for (let i = 1; i < 16; i += 2) {
      if (this.LA(i).tokenType !== T.NumberLiteral) return false;
      const next = this.LA(i + 1).tokenType;
      if (next === T.RParen) return true;
      if (next !== T.Comma) return false;
    }
    return false;
  }
  // `[]` / `[3]` are array dimensions; any other `[` starts the settings list.
  protected readonly arrayDimension = {
    GATE: () => this.isArrayDimension(),
    DEF: () => {
      this.CONSUME(T.LBracket);
      this.OPTION3(() => this.CONSUME(T.NumberLiteral));
      this.CONSUME(T.RBracket);
    },
  };

  protected columnType = this.RULE('columnType', () => {
    this.CONSUME(T.AnyName); // a qualified name, inlined
    this.MANY3(this.qualifiedNamePart);
    this.OPTION(this.typeArgs);
    this.MANY2(this.arrayDimension);
  });

  protected typeArgRule = this.RULE('typeArg', this.typeArg);

  protected partialInjection = this.RULE('partialInjection', () => {
    this.CONSUME(T.Tilde);
    this.CONSUME(T.AnyName);
    this.endLine();
  });

  protected indexesBlock = this.RULE('indexesBlock', () => {
    this.CONSUME(T.Indexes);
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([{ ALT: this.newline }, { ALT: () => this.SUBRULE(this.indexDef) }]);
    });
    this.CONSUME(T.RCurly);
    this.endLine();
  });

  /** `col`, `` `expr` ``, `(a, `expr`)`, or (old syntax) `a b`; parts are tokens in order. */
  protected indexDef = this.RULE('indexDef', () => {
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
    this.endLine();
  });

  protected checksBlock = this.RULE('checksBlock', () => {
    this.CONSUME(T.Checks);
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([{ ALT: this.newline }, { ALT: () => this.SUBRULE(this.checkDef) }]);
    });
    this.CONSUME(T.RCurly);
    this.endLine();
  });

  protected checkDef = this.RULE('checkDef', () => {
    this.CONSUME(T.Backtick);
    this.OPTION(this.optionalSettings);
    this.endLine();
  });

  protected nestedRecords = this.RULE('nestedRecords', () => {
    this.CONSUME(T.Records);
    this.OPTION(() => this.SUBRULE(this.columnList));
    this.SUBRULE(this.recordsBody);
    this.endLine();
  });

  protected topRecords = this.RULE('topRecords', () => {
    this.CONSUME(T.Records);
    this.SUBRULE(this.qualifiedName);
    this.SUBRULE(this.columnList);
    this.SUBRULE(this.recordsBody);
  });

  protected columnList = this.RULE('columnList', () => {
    this.CONSUME(T.LParen);
    this.CONSUME(T.AnyName);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.CONSUME2(T.AnyName);
    });
    this.CONSUME(T.RParen);
  });

  protected recordsBody = this.RULE('recordsBody', () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([{ ALT: this.newline }, { ALT: () => this.SUBRULE(this.recordRow) }]);
    });
    this.CONSUME(T.RCurly);
  });

  /** `1, 'a', , null`: an empty field (two commas in a row) is a null. */
  protected recordRow = this.RULE('recordRow', () => {
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
    this.endLine();
  });
}
