/**
 * The DBML grammar, part 3: the other blocks dbgen models — Project, Ref, Enum,
 * TableGroup, sticky notes, and the module system (`use` / `reuse`).
 */
import * as T from './tokens.js';
import { TableRules } from './parser-tables.js';

export class BlockRules extends TableRules {
  // ---- Project -------------------------------------------------------------------------

  protected project = this.RULE('project', () => {
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

  protected property = this.RULE('property', () => {
    this.CONSUME(T.AnyName);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.literalValue);
    this.endLine();
  });
  // ---- Refs ----------------------------------------------------------------------------

  protected ref = this.RULE('ref', () => {
    this.CONSUME(T.Ref);
    this.OPTION(() => this.SUBRULE(this.qualifiedName));
    // Settings belong after the relationship; here they are read, then reported by the visitor.
    this.OPTION2(this.optionalSettings);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Colon);
          this.SUBRULE(this.refRelation);
          this.endLine();
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
  protected refRelation = this.RULE('refRelation', () => {
    this.SUBRULE(this.refEndpoint);
    this.OR(this.refOperatorAlts);
    this.SUBRULE2(this.refEndpoint);
    this.OPTION(this.optionalSettings);
  });
  // ---- Enums, groups, sticky notes -----------------------------------------------------

  protected enumDecl = this.RULE('enumDecl', () => {
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

  protected enumValue = this.RULE('enumValue', () => {
    this.CONSUME(T.AnyName);
    this.OPTION(this.optionalSettings);
    this.endLine();
  });

  protected tableGroup = this.RULE('tableGroup', () => {
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

  protected groupEntry = this.RULE('groupEntry', () => {
    this.SUBRULE(this.qualifiedName);
    this.endLine();
  });

  protected stickyNote = this.RULE('stickyNote', () => {
    this.CONSUME(T.Note);
    this.CONSUME(T.AnyName);
    this.OPTION(this.optionalSettings);
    this.SUBRULE(this.noteBlock);
  });

  // ---- Module system -------------------------------------------------------------------

  protected useDecl = this.RULE('useDecl', () => {
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
    this.endLine();
  });

  protected useSelection = this.RULE('useSelection', () => {
    this.CONSUME(T.Name);
    this.SUBRULE(this.qualifiedName);
    this.OPTION(() => {
      this.CONSUME(T.As);
      this.CONSUME(T.AnyName);
    });
    this.endLine();
  });
}
