/**
 * The DBML grammar (chevrotain CstParser). One instance is created at module load and
 * reused for every file: chevrotain's self-analysis is the expensive part.
 *
 * Bodies in `{ }` are line-oriented: each entry ends with a line break or the closing
 * brace (`lineEnd`), so `a3 e f` in an enum is an error, not three values. Blocks dbgen
 * does not model (DiagramView, Metadata, ...) are parsed with a generic expression
 * grammar so their syntax errors are still found.
 */
import { CstParser, EMPTY_ALT, EOF, type CstNode, type IToken, type TokenType } from 'chevrotain';
import { errorMessageProvider } from './parse-errors.js';
import * as T from './tokens.js';

/** Thrown when a parse takes more steps than any sane input needs (see `stepLimit`). */
export class ParserStepLimitError extends Error {
  constructor(readonly token: IToken) {
    super('parser step limit exceeded');
  }
}

class DbmlParser extends CstParser {
  private steps = 0;
  private stepLimit = Infinity;

  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      nodeLocationTracking: 'full',
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

  private isArrayDimension(): boolean {
    const second = this.LA(2).tokenType;
    return (
      second === T.RBracket || (second === T.NumberLiteral && this.LA(3).tokenType === T.RBracket)
    );
  }

  public file = this.RULE('file', () => {
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Newline) }, { ALT: () => this.SUBRULE(this.element) }]);
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
    ]);
  });

  /** A line break, or nothing when the body's closing brace (or the file's end) follows. */
  private lineEnd = this.RULE('lineEnd', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Newline) },
      { GATE: () => this.isAtBodyEnd(), ALT: EMPTY_ALT() },
    ]);
  });

  private name = this.RULE('name', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Name) }, { ALT: () => this.CONSUME(T.QuotedName) }]);
  });

  private qualifiedName = this.RULE('qualifiedName', () => {
    this.SUBRULE(this.name);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.SUBRULE2(this.name);
    });
  });

  // ---- Project -------------------------------------------------------------------------

  private project = this.RULE('project', () => {
    this.CONSUME(T.Project);
    this.OPTION(() => this.SUBRULE(this.name));
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR({
        MAX_LOOKAHEAD: 1,
        DEF: [
          { ALT: () => this.CONSUME(T.Newline) },
          {
            GATE: () => this.LA(2).tokenType === T.Colon || this.LA(2).tokenType === T.LCurly,
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
    this.SUBRULE(this.name);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.literalValue);
    this.SUBRULE(this.lineEnd);
  });

  /** `Note: 'text'` or `Note { 'text' }` inside a table, group or project. */
  private noteElement = this.RULE('noteElement', () => {
    this.CONSUME(T.Note);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Colon);
          this.SUBRULE(this.noteText);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LCurly);
          this.MANY(() => this.CONSUME(T.Newline));
          this.SUBRULE2(this.noteText);
          this.MANY2(() => this.CONSUME2(T.Newline));
          this.CONSUME(T.RCurly);
        },
      },
    ]);
    this.SUBRULE(this.lineEnd);
  });

  private noteText = this.RULE('noteText', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.TripleString) },
      { ALT: () => this.CONSUME(T.QuotedName) },
    ]);
  });

  // ---- Tables --------------------------------------------------------------------------

  private table = this.RULE('table', () => {
    this.CONSUME(T.Table);
    this.OPTION3(() => this.SUBRULE(this.qualifiedName)); // a missing name is reported by the visitor
    this.OPTION(() => {
      this.CONSUME(T.As);
      this.SUBRULE(this.name);
    });
    this.OPTION2(() => this.SUBRULE(this.settingsList));
    this.CONSUME(T.LCurly);
    this.SUBRULE(this.tableBody);
    this.CONSUME(T.RCurly);
  });

  private tablePartial = this.RULE('tablePartial', () => {
    this.CONSUME(T.TablePartial);
    this.OPTION2(() => this.SUBRULE(this.name));
    this.OPTION(() => this.SUBRULE(this.settingsList));
    this.CONSUME(T.LCurly);
    this.SUBRULE(this.tableBody);
    this.CONSUME(T.RCurly);
  });

  private tableBody = this.RULE('tableBody', () => {
    this.MANY(() => {
      // Decided on one token plus gates, so that anything else starting with a name is
      // read as a (possibly broken) column and its error is reported inside the column.
      this.OR({
        MAX_LOOKAHEAD: 1,
        DEF: [
          { ALT: () => this.CONSUME(T.Newline) },
          {
            GATE: () => this.LA(2).tokenType === T.LCurly,
            ALT: () => this.SUBRULE(this.indexesBlock),
            IGNORE_AMBIGUITIES: true,
          },
          {
            GATE: () => this.LA(2).tokenType === T.LCurly,
            ALT: () => this.SUBRULE(this.checksBlock),
            IGNORE_AMBIGUITIES: true,
          },
          {
            GATE: () => this.LA(2).tokenType === T.Colon || this.LA(2).tokenType === T.LCurly,
            ALT: () => this.SUBRULE(this.noteElement),
            IGNORE_AMBIGUITIES: true,
          },
          { ALT: () => this.SUBRULE(this.partialInjection) },
          {
            GATE: () => this.LA(2).tokenType === T.LParen || this.LA(2).tokenType === T.LCurly,
            ALT: () => this.SUBRULE(this.nestedRecords),
            IGNORE_AMBIGUITIES: true,
          },
          { ALT: () => this.SUBRULE(this.column), IGNORE_AMBIGUITIES: true },
        ],
      });
    });
  });

  private column = this.RULE('column', () => {
    this.SUBRULE(this.name);
    this.SUBRULE(this.columnType);
    // Old syntax: settings written as bare words after the type (`id int PK unique`).
    this.MANY(() => this.CONSUME(T.Name));
    this.OPTION(() => this.SUBRULE(this.settingsList));
    this.SUBRULE(this.lineEnd);
  });

  private columnType = this.RULE('columnType', () => {
    this.SUBRULE(this.qualifiedName);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.OPTION2(() => {
        this.SUBRULE(this.typeArg);
        this.MANY(() => {
          this.CONSUME(T.Comma);
          this.SUBRULE2(this.typeArg);
        });
      });
      this.CONSUME(T.RParen);
    });
    // `[]` / `[3]` are array dimensions; any other `[` starts the settings list.
    this.MANY2({
      GATE: () => this.isArrayDimension(),
      DEF: () => {
        this.CONSUME(T.LBracket);
        this.OPTION3(() => this.CONSUME(T.NumberLiteral));
        this.CONSUME(T.RBracket);
      },
    });
  });

  private typeArg = this.RULE('typeArg', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.signedNumber) },
      { ALT: () => this.CONSUME(T.Name) },
      { ALT: () => this.CONSUME(T.QuotedName) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
    ]);
  });

  private signedNumber = this.RULE('signedNumber', () => {
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Minus) }, { ALT: () => this.CONSUME(T.Plus) }]);
    });
    this.CONSUME(T.NumberLiteral);
  });

  private partialInjection = this.RULE('partialInjection', () => {
    this.CONSUME(T.Tilde);
    this.SUBRULE(this.name);
    this.SUBRULE(this.lineEnd);
  });

  private indexesBlock = this.RULE('indexesBlock', () => {
    this.CONSUME(T.Indexes);
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Newline) }, { ALT: () => this.SUBRULE(this.indexDef) }]);
    });
    this.CONSUME(T.RCurly);
    this.SUBRULE(this.lineEnd);
  });

  private indexDef = this.RULE('indexDef', () => {
    this.AT_LEAST_ONE(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.indexPart) },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.SUBRULE2(this.indexPart);
            this.MANY(() => {
              this.CONSUME(T.Comma);
              this.SUBRULE3(this.indexPart);
            });
            this.CONSUME(T.RParen);
          },
        },
      ]);
    });
    this.OPTION(() => this.SUBRULE(this.settingsList));
    this.SUBRULE(this.lineEnd);
  });

  private indexPart = this.RULE('indexPart', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.name) }, { ALT: () => this.CONSUME(T.Backtick) }]);
  });

  private checksBlock = this.RULE('checksBlock', () => {
    this.CONSUME(T.Checks);
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Newline) }, { ALT: () => this.SUBRULE(this.checkDef) }]);
    });
    this.CONSUME(T.RCurly);
    this.SUBRULE(this.lineEnd);
  });

  private checkDef = this.RULE('checkDef', () => {
    this.CONSUME(T.Backtick);
    this.OPTION(() => this.SUBRULE(this.settingsList));
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
    this.SUBRULE(this.name);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.name);
    });
    this.CONSUME(T.RParen);
  });

  private recordsBody = this.RULE('recordsBody', () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Newline) },
        { ALT: () => this.SUBRULE(this.recordRow) },
      ]);
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

  private settingsList = this.RULE('settingsList', () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.setting);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.setting);
    });
    this.CONSUME(T.RBracket);
  });

  private setting = this.RULE('setting', () => {
    this.AT_LEAST_ONE(() => this.CONSUME(T.Name));
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.settingValue);
    });
  });

  private settingValue = this.RULE('settingValue', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.inlineRef) },
      { ALT: () => this.SUBRULE(this.literalValue) },
    ]);
  });

  private inlineRef = this.RULE('inlineRef', () => {
    this.SUBRULE(this.refOperator);
    this.SUBRULE(this.refEndpoint);
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

  /** `true`, `status.active`, `demographic."age segment".young_adult`, `set null`, `"x"`. */
  private valuePath = this.RULE('valuePath', () => {
    this.SUBRULE(this.name);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Dot);
            this.SUBRULE2(this.name);
          },
        },
        { ALT: () => this.CONSUME(T.Name) },
      ]);
    });
  });

  // ---- Refs ----------------------------------------------------------------------------

  private ref = this.RULE('ref', () => {
    this.CONSUME(T.Ref);
    this.OPTION(() => this.SUBRULE(this.qualifiedName));
    // Settings belong after the relationship; here they are read, then reported by the visitor.
    this.OPTION2(() => this.SUBRULE(this.settingsList));
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
          this.MANY(() => this.CONSUME(T.Newline));
          this.SUBRULE2(this.refRelation);
          this.SUBRULE2(this.lineEnd);
          this.CONSUME(T.RCurly);
        },
      },
    ]);
  });

  private refRelation = this.RULE('refRelation', () => {
    this.SUBRULE(this.refEndpoint);
    this.SUBRULE(this.refOperator);
    this.SUBRULE2(this.refEndpoint);
    this.OPTION(() => this.SUBRULE(this.settingsList));
  });

  private refOperator = this.RULE('refOperator', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Lt) },
      { ALT: () => this.CONSUME(T.Gt) },
      { ALT: () => this.CONSUME(T.Minus) },
      { ALT: () => this.CONSUME(T.ManyToMany) },
    ]);
  });

  /** `table.col`, `schema.table.col`, `table.(a, b)`, or (inline) just `col`. */
  private refEndpoint = this.RULE('refEndpoint', () => {
    this.SUBRULE(this.name);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.SUBRULE2(this.name);
    });
    this.OPTION(() => {
      this.CONSUME2(T.Dot);
      this.CONSUME(T.LParen);
      this.SUBRULE3(this.name);
      this.MANY2(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE4(this.name);
      });
      this.CONSUME(T.RParen);
    });
  });

  // ---- Enums, groups, sticky notes -----------------------------------------------------

  private enumDecl = this.RULE('enumDecl', () => {
    this.CONSUME(T.Enum);
    this.OPTION(() => this.SUBRULE(this.qualifiedName));
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR({
        MAX_LOOKAHEAD: 1,
        DEF: [{ ALT: () => this.CONSUME(T.Newline) }, { ALT: () => this.SUBRULE(this.enumValue) }],
      });
    });
    this.CONSUME(T.RCurly);
  });

  private enumValue = this.RULE('enumValue', () => {
    this.SUBRULE(this.name);
    this.OPTION(() => this.SUBRULE(this.settingsList));
    this.SUBRULE(this.lineEnd);
  });

  private tableGroup = this.RULE('tableGroup', () => {
    this.CONSUME(T.TableGroup);
    this.OPTION2(() => this.SUBRULE(this.qualifiedName));
    this.OPTION(() => this.SUBRULE(this.settingsList));
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR({
        MAX_LOOKAHEAD: 1,
        DEF: [
          { ALT: () => this.CONSUME(T.Newline) },
          {
            GATE: () => this.LA(2).tokenType === T.Colon || this.LA(2).tokenType === T.LCurly,
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
    this.SUBRULE(this.name);
    this.OPTION(() => this.SUBRULE(this.settingsList));
    this.CONSUME(T.LCurly);
    this.MANY(() => this.CONSUME(T.Newline));
    this.SUBRULE(this.noteText);
    this.MANY2(() => this.CONSUME2(T.Newline));
    this.CONSUME(T.RCurly);
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
            this.OR3([
              { ALT: () => this.CONSUME(T.Newline) },
              { ALT: () => this.SUBRULE(this.useSelection) },
            ]);
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
      this.SUBRULE(this.name);
    });
    this.SUBRULE(this.lineEnd);
  });

  // ---- Blocks dbgen does not model: a generic grammar ----------------------------------

  private otherBlock = this.RULE('otherBlock', () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Name) },
        { ALT: () => this.CONSUME(T.QuotedName) },
        { ALT: () => this.CONSUME(T.Dot) },
      ]);
    });
    this.OPTION(() => this.SUBRULE(this.settingsList));
    this.SUBRULE(this.genericBlock);
  });

  private genericBlock = this.RULE('genericBlock', () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Newline) },
        { ALT: () => this.SUBRULE(this.genericLine) },
      ]);
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
      this.SUBRULE(this.binaryOperator);
      this.SUBRULE2(this.genericOperand);
    });
  });

  private binaryOperator = this.RULE('binaryOperator', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Lt) },
      { ALT: () => this.CONSUME(T.Gt) },
      { ALT: () => this.CONSUME(T.Minus) },
      { ALT: () => this.CONSUME(T.Plus) },
      { ALT: () => this.CONSUME(T.Star) },
      { ALT: () => this.CONSUME(T.ManyToMany) },
      { ALT: () => this.CONSUME(T.Operator) },
    ]);
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
      { ALT: () => this.CONSUME(T.Name) },
      { ALT: () => this.CONSUME(T.QuotedName) },
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
            this.OR4([
              { ALT: () => this.CONSUME2(T.Name) },
              { ALT: () => this.CONSUME2(T.QuotedName) },
            ]);
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

/** Token types used by the visitor to tell CST leaves apart. */
export type { CstNode, TokenType };
