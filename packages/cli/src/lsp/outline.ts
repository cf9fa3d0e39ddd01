/**
 * The document outline (`textDocument/documentSymbol`): the file's tables with their
 * columns, partials, enums with their values, table groups and named refs, as declared in
 * the file itself (imports belong to the files that declare them).
 */
import type { DbmlFile, Span, TableMemberNode } from '@dbgen/generator';

export type OutlineKind = 'table' | 'partial' | 'column' | 'enum' | 'enumValue' | 'group' | 'ref';

export interface OutlineItem {
  readonly name: string;
  readonly kind: OutlineKind;
  readonly detail?: string;
  /** The whole element. */
  readonly span: Span;
  /** Its name (inside `span`). */
  readonly nameSpan: Span;
  readonly children: readonly OutlineItem[];
}

function columns(members: readonly TableMemberNode[]): OutlineItem[] {
  return members.flatMap((m) =>
    m.kind === 'column'
      ? [
          {
            name: m.name,
            kind: 'column' as const,
            detail: m.type.raw,
            span: m.span,
            nameSpan: m.nameSpan,
            children: [],
          },
        ]
      : [],
  );
}

/** A span that contains `inner` (an editor requires the name to lie inside the element). */
function around(outer: Span, inner: Span): Span {
  return inner.offset >= outer.offset && inner.endOffset <= outer.endOffset ? outer : inner;
}

export function outline(file: DbmlFile): OutlineItem[] {
  const items: OutlineItem[] = [];
  for (const element of file.elements) {
    switch (element.kind) {
      case 'table':
        items.push({
          name: element.name.parts.join('.'),
          kind: 'table',
          ...(element.alias ? { detail: `as ${element.alias}` } : {}),
          span: around(element.span, element.name.span),
          nameSpan: element.name.span,
          children: columns(element.members),
        });
        break;
      case 'tablePartial':
        items.push({
          name: element.name,
          kind: 'partial',
          span: around(element.span, element.nameSpan),
          nameSpan: element.nameSpan,
          children: columns(element.members),
        });
        break;
      case 'enum':
        items.push({
          name: element.name.parts.join('.'),
          kind: 'enum',
          span: around(element.span, element.name.span),
          nameSpan: element.name.span,
          children: element.values.map((v) => ({
            name: v.name,
            kind: 'enumValue' as const,
            span: v.span,
            nameSpan: v.span,
            children: [],
          })),
        });
        break;
      case 'tableGroup':
        items.push({
          name: element.name.parts.join('.'),
          kind: 'group',
          detail: `${element.tables.length} tables`,
          span: around(element.span, element.name.span),
          nameSpan: element.name.span,
          children: [],
        });
        break;
      case 'ref':
        if (element.name) {
          items.push({
            name: element.name.parts.join('.'),
            kind: 'ref',
            span: around(element.span, element.name.span),
            nameSpan: element.name.span,
            children: [],
          });
        }
        break;
      default:
        break;
    }
  }
  return items;
}
