/**
 * `query.filterBy(values)`'s conditions: a column property compares its column with the
 * value; a to-one relation property compares the columns that link the two tables with
 * the related object's values (SQLAlchemy's `filter_by(author=ann)`): the foreign key
 * with the object's key on the owning side, this table's key with the object's foreign
 * key on the inverse side of a one-to-one.
 */
import type { Expression } from '../../core/expression.js';
import { OrmError } from '../errors.js';
import type { Mapper, RelationMapping } from '../mapping/mapper.js';

type ColumnExpressions = Record<string, Expression<unknown>>;

/** The conditions of one `filterBy` entry, `prop: value`. */
export function filterByConditions(
  mapper: Mapper,
  prop: string,
  value: unknown,
): Expression<boolean>[] {
  const relation = mapper.relations.get(prop);
  if (relation !== undefined) return relationConditions(mapper, relation, value);
  if (!mapper.props.includes(prop)) {
    throw new OrmError(`${mapper.name} has no column or to-one relation property "${prop}"`);
  }
  return [columnOf(mapper, prop).eq(value as never)];
}

function columnOf(mapper: Mapper, prop: string): Expression<unknown> {
  const column = (mapper.table as unknown as ColumnExpressions)[prop];
  if (column === undefined) throw new OrmError(`${mapper.name}.c has no column "${prop}"`);
  return column;
}

function relationConditions(
  mapper: Mapper,
  relation: RelationMapping,
  value: unknown,
): Expression<boolean>[] {
  const where = `filterBy({ ${relation.name} }) on ${mapper.name}`;
  if (relation.collection) {
    throw new OrmError(
      `${where}: "${relation.name}" is a collection; filter on its members with has()`,
    );
  }
  const locals = relation.ir.localColumns.map((name) => mapper.column(name).propertyName);
  if (value === null || value === undefined) {
    if (!relation.ir.owning) {
      throw new OrmError(
        `${where}: null on the side without the foreign key is not a column test; use has() negated`,
      );
    }
    return locals.map((prop) => columnOf(mapper, prop).isNull());
  }
  const target = relation.target();
  if (!(value instanceof target.cls)) {
    throw new OrmError(`${where}: expected a ${target.name} or null`);
  }
  return relation.ir.targetColumns.map((name, i) => {
    const targetProp = target.column(name).propertyName;
    const targetValue = (value as Record<string, unknown>)[targetProp];
    if (targetValue === undefined || targetValue === null) {
      throw new OrmError(
        `${where}: the ${target.name} has no ${targetProp} yet (flush it first, so that it has one)`,
      );
    }
    return columnOf(mapper, locals[i]!).eq(targetValue as never);
  });
}
