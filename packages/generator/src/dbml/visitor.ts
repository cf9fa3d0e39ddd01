/**
 * CST → AST, part 3: the file and its top-level elements (Project, Ref, Enum,
 * TableGroup, sticky notes, `use`, other blocks). `AstBuilder` is what `parse.ts` uses.
 */
import type { CstNode } from 'chevrotain';
import type {
  EnumNode,
  EnumValueNode,
  OtherBlockNode,
  ProjectNode,
  RefNode,
  StickyNoteNode,
  TableGroupNode,
  TopLevelNode,
  UseNode,
} from './ast.js';
import { stripDelimiters, unescapeString } from './strings.js';

import { TableNodes } from './visitor-tables.js';
import type { Children } from './visitor-base.js';

/** Builds AST nodes for one file; spans carry the file's path. */
export class AstBuilder extends TableNodes {
  // ---- file and elements ---------------------------------------------------------------

  /** The AST of one top-level `element` CST node; null for one that builds nothing. */
  buildElement(node: CstNode): TopLevelNode | null {
    const c = node.children as Children;
    const child = (key: string): CstNode | undefined => c[key]?.[0] as CstNode | undefined;
    let n: CstNode | undefined;
    if ((n = child('table'))) return this.table(n);
    if ((n = child('ref'))) return this.ref(n);
    if ((n = child('enumDecl'))) return this.enumDecl(n);
    if ((n = child('tablePartial'))) return this.tablePartial(n);
    if ((n = child('tableGroup'))) return this.tableGroup(n);
    if ((n = child('project'))) return this.project(n);
    if ((n = child('stickyNote'))) return this.stickyNote(n);
    if ((n = child('topRecords'))) return this.records(n, true);
    if ((n = child('useDecl'))) return this.useDecl(n);
    if ((n = child('otherBlock'))) return this.otherBlock(n);
    const misplaced = child('indexesBlock') ?? child('checksBlock');
    if (misplaced) {
      const keyword = misplaced.name === 'indexesBlock' ? 'indexes' : 'checks';
      this.diagnostics.push({
        code: 'DBML132',
        severity: 'error',
        message: `a '${keyword}' block belongs inside a Table or TablePartial, not at the top level`,
        span: this.span(misplaced),
      });
    }
    return null;
  }

  protected project(node: CstNode): ProjectNode {
    const nameToken = this.token(node, 'AnyName');
    const notes = this.nodes(node, 'noteElement');
    const lastNote = notes[notes.length - 1];
    return {
      kind: 'project',
      name: nameToken ? this.nameText(nameToken) : null,
      properties: this.nodes(node, 'property').map((p) => ({
        key: this.nameOf(p),
        value: this.literalValue(this.node(p, 'literalValue')),
        span: this.span(p),
      })),
      note: lastNote ? this.noteElement(lastNote) : null,
      span: this.span(node),
    };
  }
  // ---- refs ----------------------------------------------------------------------------

  protected ref(node: CstNode): RefNode {
    const nameNode = this.node(node, 'qualifiedName');
    const relation = this.node(node, 'refRelation');
    const endpoints = this.nodes(relation, 'refEndpoint');
    const misplaced = this.node(node, 'settingsList');
    if (misplaced) {
      this.diagnostics.push({
        code: 'DBML131',
        severity: 'error',
        message:
          "a Ref's settings go after its relationship ('Ref: a.id > b.id [delete: cascade]'), not after its name",
        span: this.span(misplaced),
      });
    }
    const settings = this.settingsList(this.node(relation, 'settingsList'));
    return {
      kind: 'ref',
      name: nameNode ? this.qualifiedName(nameNode) : null,
      from: this.refEndpoint(endpoints[0]),
      operator: this.refOperator(relation),
      to: this.refEndpoint(endpoints[1]),
      settings: misplaced ? [...this.settingsList(misplaced), ...settings] : settings,
      short: this.tokens(node, 'Colon').length > 0,
      span: this.span(node),
    };
  }
  // ---- enums, groups, notes, use, other ------------------------------------------------

  protected enumDecl(node: CstNode): EnumNode {
    this.requireName(node, 'Enum', !!this.node(node, 'qualifiedName'));
    return {
      kind: 'enum',
      name: this.qualifiedName(this.node(node, 'qualifiedName')),
      values: this.nodes(node, 'enumValue').map((v): EnumValueNode => ({
        name: this.nameOf(v),
        settings: this.settingsList(this.node(v, 'settingsList')),
        span: this.span(v),
      })),
      span: this.span(node),
    };
  }

  protected tableGroup(node: CstNode): TableGroupNode {
    this.requireName(node, 'TableGroup', !!this.node(node, 'qualifiedName'));
    const notes = this.nodes(node, 'noteElement');
    const lastNote = notes[notes.length - 1];
    return {
      kind: 'tableGroup',
      name: this.qualifiedName(this.node(node, 'qualifiedName')),
      tables: this.nodes(node, 'groupEntry').map((e) =>
        this.qualifiedName(this.node(e, 'qualifiedName')),
      ),
      settings: this.settingsList(this.node(node, 'settingsList')),
      note: lastNote ? this.noteElement(lastNote) : null,
      span: this.span(node),
    };
  }

  protected stickyNote(node: CstNode): StickyNoteNode {
    return {
      kind: 'stickyNote',
      name: this.nameOf(node),
      value: this.noteText(node),
      settings: this.settingsList(this.node(node, 'settingsList')),
      span: this.span(node),
    };
  }

  protected useDecl(node: CstNode): UseNode {
    const path = this.token(node, 'StringLiteral');
    const star = this.token(node, 'Star');
    return {
      kind: 'use',
      reexport: this.tokens(node, 'Reuse').length > 0,
      selections: star
        ? null
        : this.nodes(node, 'useSelection').map((s) => {
            const alias = this.token(s, 'AnyName');
            return {
              elementKind: (this.token(s, 'Name')?.image ?? '').toLowerCase(),
              name: this.qualifiedName(this.node(s, 'qualifiedName')),
              alias: alias ? this.nameText(alias) : null,
              span: this.span(s),
            };
          }),
      path: path ? unescapeString(stripDelimiters(path.image, "'")) : '',
      ...(path ? {} : { pathMissing: true }),
      span: this.span(node),
    };
  }

  protected otherBlock(node: CstNode): OtherBlockNode {
    return {
      kind: 'other',
      keyword: this.token(node, 'Identifier')?.image ?? '',
      span: this.span(node),
    };
  }
}
