/**
 * Whether a rename would give a symbol a name its neighbours already have: a table or enum
 * another one of its schema has, a partial another partial has, a column another column
 * of its table (or partial) has. Applied, such a rename merged two symbols into one name,
 * which the compiler then reports as a duplicate (DBML210/211), so it is refused first.
 */
import { nameKey, type ScopeCache } from './scope.js';
import { columnsOf, declarationSpan, type DbmlSymbol } from './symbols.js';

/** What already has `newName` beside `symbol`, said in words, or null when nothing does. */
export function nameTakenBy(
  symbol: DbmlSymbol,
  newName: string,
  scopes: ScopeCache,
): string | null {
  const scope = scopes.get(declarationSpan(symbol).file);
  switch (symbol.kind) {
    case 'table':
    case 'enum': {
      const key = nameKey([...symbol.node.name.parts.slice(0, -1), newName]);
      const other = (symbol.kind === 'table' ? scope.tables : scope.enums).get(key);
      return other !== undefined && other !== symbol.node ? `${symbol.kind} ${key}` : null;
    }
    case 'partial': {
      const other = scope.partials.get(newName);
      return other !== undefined && other !== symbol.node ? `partial ${newName}` : null;
    }
    case 'column': {
      const other = columnsOf(symbol.owner, scopes).find(
        (c) => c.node.name === newName && c.node !== symbol.node,
      );
      if (other === undefined) return null;
      const owner =
        other.owner.kind === 'table'
          ? `table ${nameKey(other.owner.name.parts)}`
          : `partial ${other.owner.name}`;
      return `column ${newName} of ${owner}`;
    }
  }
}
