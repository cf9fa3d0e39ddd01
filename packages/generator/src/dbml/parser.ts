/**
 * The DBML grammar, part 4: the file, its top-level elements, and the generic grammar of
 * blocks dbgen does not model (DiagramView, Metadata, ...), parsed so their syntax
 * errors are still found. One instance is created at module load and reused for every
 * file: chevrotain's self-analysis is the expensive part.
 */
import type { CstNode, TokenType } from 'chevrotain';
import { EOF } from './chevrotain.js';
import { BlockRules } from './parser-blocks.js';
import * as T from './tokens.js';
import type { Alts } from './parser-base.js';

export { ParserStepLimitError } from './parser-base.js';

/**
 * Nesting levels of generic blocks and tuples checked by the full grammar; deeper contents
 * are only checked for balanced brackets (see `nested`). Well under the depth at which
 * the recursive rules would overflow the call stack (about 200 levels), with room for a
 * caller's own stack.
 */
export const STRUCTURED_DEPTH = 64;

/** The opener each closer closes. */
const OPENER_OF: ReadonlyMap<TokenType, TokenType> = new Map([
  [T.RCurly, T.LCurly],
  [T.RParen, T.LParen],
  [T.RBracket, T.LBracket],
]);

export class DbmlParser extends BlockRules {
  constructor(validateGrammar = false) {
    super(validateGrammar);
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

  // ---- file ----------------------------------------------------------------------------

  /** Receives each top-level element's CST node as soon as it is parsed (`parseFile`). */
  private elementSink: ((element: CstNode) => void) | undefined;

  /**
   * Parses the input given to `begin`, handing each top-level element's CST node to
   * `sink` as soon as the element is parsed (recovered or not: exactly the nodes the
   * file's CST would hold, in order) instead of keeping them in the file's CST. The whole
   * file's CST then never exists at once: each element's is garbage once `sink` has built
   * its AST, which keeps the garbage collector's copying and marking small on large files.
   */
  parseFile(sink: (element: CstNode) => void): void {
    this.elementSink = sink;
    let file: CstNode;
    try {
      file = this.file();
    } finally {
      this.elementSink = undefined;
    }
    // An element that failed without recovering is not returned but attached to the
    // file's node by chevrotain on the way out (its partial CST, as the last element):
    // whatever the file's node still holds was not handed over yet.
    for (const element of (file.children['element'] ?? []) as CstNode[]) sink(element);
  }

  public file = this.RULE('file', () => {
    this.MANY(() => {
      this.OR([{ ALT: this.newline }, { ALT: () => this.handOver(this.SUBRULE(this.element)) }]);
    });
  });

  /** Gives a parsed element to the sink and drops it from the file's node (see `parseFile`). */
  private handOver(element: CstNode): void {
    const sink = this.elementSink;
    if (sink === undefined) return; // also while chevrotain records the grammar
    sink(element);
    // SUBRULE has just appended `element` to the children of the node being built.
    const stack = (this as unknown as { CST_STACK: CstNode[] }).CST_STACK;
    const siblings = stack[stack.length - 1]?.children['element'];
    if (siblings?.[siblings.length - 1] === element) siblings.pop();
  }

  // Built once (a literal in the rule allocated twelve closures per element).
  protected readonly elementAlts: Alts = [
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
  ];

  protected element = this.RULE('element', () => {
    this.OR(this.elementAlts);
  });

  // ---- Blocks dbgen does not model: a generic grammar ----------------------------------

  protected otherBlock = this.RULE('otherBlock', () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.AnyName) }, { ALT: () => this.CONSUME(T.Dot) }]);
    });
    this.OPTION(this.optionalSettings);
    this.SUBRULE(this.genericBlock);
  });

  // ---- Deep nesting ---------------------------------------------------------------------
  // The generic grammar is recursive (blocks in blocks, tuples in tuples), and each level
  // costs chevrotain a dozen stack frames: a few hundred levels overflowed the call stack.
  // Below `STRUCTURED_DEPTH` levels the grammar is checked in full; deeper contents are
  // read as a flat run of balanced brackets (`skipBalanced`), which costs no stack, so
  // any depth parses. Nobody writes 64 levels by hand: only their balance is checked.

  /** Generic blocks and tuples open around the parser's position. */
  private genericDepth = 0;

  override begin(...args: Parameters<BlockRules['begin']>): void {
    super.begin(...args);
    this.genericDepth = 0;
  }

  /** Runs `read` one nesting level deeper, or skips the level's contents when too deep. */
  private nested(read: () => void): void {
    if (this.genericDepth >= STRUCTURED_DEPTH && !this.RECORDING_PHASE) {
      this.skipBalanced();
      return;
    }
    this.genericDepth++;
    try {
      read();
    } finally {
      this.genericDepth--;
    }
  }

  /**
   * Skips tokens up to (not including) the closer of the bracket just opened: nested
   * brackets must be balanced, a closer of another kind or the end of the file stops the
   * skip, and the caller's `CONSUME` of its closer then reports the mistake there.
   */
  private skipBalanced(): void {
    const openers: TokenType[] = [];
    for (;;) {
      const type = this.LA(1).tokenType;
      if (type === EOF) return;
      const opener = OPENER_OF.get(type);
      if (opener !== undefined) {
        if (openers[openers.length - 1] !== opener) return;
        openers.pop();
      } else if (type === T.LCurly || type === T.LParen || type === T.LBracket) {
        openers.push(type);
      }
      this.SKIP_TOKEN();
    }
  }

  protected genericBlock = this.RULE('genericBlock', () => {
    this.CONSUME(T.LCurly);
    this.nested(this.genericLines);
    this.CONSUME(T.RCurly);
  });

  private readonly genericLines = (): void => {
    this.MANY(() => {
      this.OR([{ ALT: this.newline }, { ALT: () => this.SUBRULE(this.genericLine) }]);
    });
  };

  protected genericLine = this.RULE('genericLine', () => {
    this.AT_LEAST_ONE(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.genericExpression) },
        { ALT: () => this.SUBRULE(this.genericBlock) },
        { ALT: () => this.SUBRULE(this.settingsList) },
        { ALT: () => this.CONSUME(T.Colon) },
        { ALT: () => this.CONSUME(T.Star) },
      ]);
    });
    this.endLine();
  });

  protected genericExpression = this.RULE('genericExpression', () => {
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

  protected genericOperand = this.RULE('genericOperand', () => {
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

  protected genericTuple = this.RULE('genericTuple', () => {
    this.CONSUME(T.LParen);
    this.nested(this.tupleItems);
    this.CONSUME(T.RParen);
  });

  private readonly tupleItems = (): void => {
    this.OPTION(() => {
      this.SUBRULE(this.genericExpression);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.genericExpression);
      });
    });
  };
}

/** The one parser instance (chevrotain parsers are reusable and costly to build). */
export const dbmlParser = new DbmlParser();
