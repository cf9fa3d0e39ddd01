/** TypeScript types of ORM relation properties. */
import type { RelationIR, TableIR } from '@dbgen/runtime';
import type { ClientPlan } from './plan.js';

/**
 * `Post[]` for collections, `User` or `User | null` for a reference (null when the foreign
 * key is nullable, or on the inverse side of a one-to-one); null when the target is unknown.
 */
export function relationType(
  relation: RelationIR,
  table: TableIR,
  plan: ClientPlan,
): string | null {
  const target = plan.tablesByKey.get(relation.target);
  if (!target) return null;
  const cls = target.className;
  switch (relation.kind) {
    case 'one-to-many':
    case 'many-to-many':
      return `${cls}[]`;
    case 'many-to-one':
    case 'one-to-one': {
      if (!relation.owning) return `${cls} | null`;
      const nullable = relation.localColumns.some(
        (name) => table.columns.find((c) => c.name === name)?.nullable ?? true,
      );
      return nullable ? `${cls} | null` : cls;
    }
  }
}
