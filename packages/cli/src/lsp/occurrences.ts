/**
 * Every place a file names a symbol: declarations (a table's, a column's, an enum's, a
 * partial's name) and references (ref endpoints, inline `ref:` settings, enum-typed
 * columns, index columns, `~partial` injections, TableGroup members, Records targets and
 * `use { ... }` selections). Definition, references, rename and hover all read this list.
 */
import type {
  QualifiedName,
  RefEndpointNode,
  Span,
  TableMemberNode,
  TopLevelNode,
  UseNode,
} from '@dbgen/generator';
import { nameKey, usePath, type Scope, type ScopeCache } from './scope.js';
import { columnSymbol, type ColumnOwner, type DbmlSymbol } from './symbols.js';

export interface Occurrence {
  readonly symbol: DbmlSymbol;
  /** The name as written (all of `auth.users` for a qualified table name). */
  readonly span: Span;
  /** The last name part as written: a rename only rewrites occurrences spelled as declared. */
  readonly written: string;
  readonly declaration: boolean;
}

/**
 * Occurrences by scope: a kept scope (see `ScopeStore`) is reused only while every file
 * it read is unchanged, and its occurrences depend on those files alone.
 */
const known = new WeakMap<Scope, readonly Occurrence[]>();

/** The occurrences of symbols in `scope`'s own file, in source order. */
export function occurrencesOf(scope: Scope, scopes: ScopeCache): readonly Occurrence[] {
  let found = known.get(scope);
  if (!found) {
    found = collect(scope, scopes);
    known.set(scope, found);
  }
  return found;
}

function collect(scope: Scope, scopes: ScopeCache): Occurrence[] {
  const found: Occurrence[] = [];
  const add = (
    symbol: DbmlSymbol | undefined,
    span: Span,
    written: string,
    declaration = false,
  ) => {
    if (symbol) found.push({ symbol, span, written, declaration });
  };
  const tableNamed = (name: QualifiedName): DbmlSymbol | undefined => {
    const node = scope.tables.get(nameKey(name.parts));
    return node ? { kind: 'table', node } : undefined;
  };
  const last = (name: QualifiedName): string => name.parts.at(-1) ?? '';

  /** `table.col`, `table.(a, b)`, or (inline, `table` empty) a column of `self`. */
  const endpoint = (ep: RefEndpointNode, self: ColumnOwner | undefined): void => {
    let owner: ColumnOwner | undefined = self;
    if (ep.table.parts.length > 0) {
      const table = tableNamed(ep.table);
      add(table, ep.table.span, last(ep.table));
      owner = table?.kind === 'table' ? table.node : undefined;
    }
    if (!owner) return;
    ep.columns.forEach((column, i) => {
      const span = ep.columnSpans[i];
      if (span) add(columnSymbol(owner, column, scopes), span, column);
    });
  };

  const members = (owner: ColumnOwner, list: readonly TableMemberNode[]): void => {
    for (const member of list) {
      switch (member.kind) {
        case 'column': {
          add({ kind: 'column', owner, node: member }, member.nameSpan, member.name, true);
          const node = scope.enums.get(nameKey(member.type.name.parts));
          if (node) add({ kind: 'enum', node }, member.type.name.span, last(member.type.name));
          for (const setting of member.settings) {
            if (setting.value?.kind === 'inlineRef') endpoint(setting.value.target, owner);
          }
          break;
        }
        case 'indexes':
          for (const index of member.indexes) {
            for (const part of index.parts) {
              if (part.kind === 'column')
                add(columnSymbol(owner, part.name, scopes), part.span, part.name);
            }
          }
          break;
        case 'partialInjection': {
          const node = scope.partials.get(member.name);
          if (node) add({ kind: 'partial', node }, member.nameSpan, member.name);
          break;
        }
        default:
          break;
      }
    }
  };

  /** A `use { table t as a, enum e } from './x'` selection names elements of `./x`. */
  const selections = (use: UseNode): void => {
    if (use.selections === null) return;
    const target = usePath(scope.path, use, scopes.readFile);
    if (target === undefined) return;
    const there = scopes.get(target);
    for (const selection of use.selections) {
      const key = nameKey(selection.name.parts);
      const written = last(selection.name);
      let symbol: DbmlSymbol | undefined;
      if (selection.elementKind === 'table') {
        const node = there.tables.get(key);
        symbol = node ? { kind: 'table', node } : undefined;
      } else if (selection.elementKind === 'enum') {
        const node = there.enums.get(key);
        symbol = node ? { kind: 'enum', node } : undefined;
      } else if (selection.elementKind === 'tablepartial') {
        const node = there.partials.get(written);
        symbol = node ? { kind: 'partial', node } : undefined;
      }
      add(symbol, selection.name.span, written);
    }
  };

  const element = (node: TopLevelNode): void => {
    switch (node.kind) {
      case 'table':
        add({ kind: 'table', node }, node.name.span, last(node.name), true);
        members(node, node.members);
        break;
      case 'tablePartial':
        add({ kind: 'partial', node }, node.nameSpan, node.name, true);
        members(node, node.members);
        break;
      case 'enum':
        add({ kind: 'enum', node }, node.name.span, last(node.name), true);
        break;
      case 'ref':
        endpoint(node.from, undefined);
        endpoint(node.to, undefined);
        break;
      case 'tableGroup':
        for (const table of node.tables) add(tableNamed(table), table.span, last(table));
        break;
      case 'records':
        if (node.table) add(tableNamed(node.table), node.table.span, last(node.table));
        break;
      case 'use':
        selections(node);
        break;
      default:
        break;
    }
  };

  for (const node of scope.file?.elements ?? []) element(node);
  return found;
}

/** The innermost occurrence at `offset` (a cursor just after a name still counts). */
export function occurrenceAt(
  occurrences: readonly Occurrence[],
  offset: number,
): Occurrence | undefined {
  let best: Occurrence | undefined;
  for (const o of occurrences) {
    if (offset < o.span.offset || offset > o.span.endOffset) continue;
    if (!best || o.span.endOffset - o.span.offset < best.span.endOffset - best.span.offset)
      best = o;
  }
  return best;
}
