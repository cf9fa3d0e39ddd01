/**
 * The named things a DBML editor navigates: tables, their columns (a table's own or
 * injected by a `~partial`), enums and table partials. A symbol is identified by where
 * it is declared, so an element imported under an alias is still the same symbol.
 */
import type { ColumnNode, EnumNode, Span, TableNode, TablePartialNode } from '@dbgen/generator';
import type { ScopeCache } from './scope.js';

export type ColumnOwner = TableNode | TablePartialNode;

export type DbmlSymbol =
  | { readonly kind: 'table'; readonly node: TableNode }
  | { readonly kind: 'column'; readonly owner: ColumnOwner; readonly node: ColumnNode }
  | { readonly kind: 'enum'; readonly node: EnumNode }
  | { readonly kind: 'partial'; readonly node: TablePartialNode };

/** Where the symbol's name is declared. */
export function declarationSpan(symbol: DbmlSymbol): Span {
  switch (symbol.kind) {
    case 'table':
    case 'enum':
      return symbol.node.name.span;
    case 'column':
    case 'partial':
      return symbol.node.nameSpan;
  }
}

/** One key per declared symbol, the same from every file that sees it. */
export function symbolKey(symbol: DbmlSymbol): string {
  const span = declarationSpan(symbol);
  return `${symbol.kind}|${span.file}|${span.offset}`;
}

/** The name people write for the symbol (a table's or enum's last name part). */
export function symbolName(symbol: DbmlSymbol): string {
  switch (symbol.kind) {
    case 'table':
    case 'enum':
      return symbol.node.name.parts.at(-1) ?? '';
    case 'column':
    case 'partial':
      return symbol.node.name;
  }
}

function ownColumns(owner: ColumnOwner): ColumnNode[] {
  return owner.members.filter((m): m is ColumnNode => m.kind === 'column');
}

/**
 * The columns of a table in order: its own, then those its `~partial`s inject (the table's
 * own column wins over a partial's of the same name, as the compiler merges them).
 * Partials are looked up where the table is declared.
 */
export function columnsOf(
  owner: ColumnOwner,
  scopes: ScopeCache,
): { readonly owner: ColumnOwner; readonly node: ColumnNode }[] {
  const result = ownColumns(owner).map((node) => ({ owner, node }));
  if (owner.kind !== 'table') return result;
  const taken = new Set(result.map((c) => c.node.name));
  const scope = scopes.get(owner.span.file);
  for (const member of owner.members) {
    if (member.kind !== 'partialInjection') continue;
    const partial = scope.partials.get(member.name);
    if (!partial) continue;
    for (const node of ownColumns(partial)) {
      if (taken.has(node.name)) continue;
      taken.add(node.name);
      result.push({ owner: partial, node });
    }
  }
  return result;
}

/** The column `name` of `owner` (its own or a partial's), as a symbol. */
export function columnSymbol(
  owner: ColumnOwner,
  name: string,
  scopes: ScopeCache,
): DbmlSymbol | undefined {
  const found = columnsOf(owner, scopes).find((c) => c.node.name === name);
  return found ? { kind: 'column', owner: found.owner, node: found.node } : undefined;
}
