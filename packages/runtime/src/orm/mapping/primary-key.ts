/** Primary key arguments of `session.get` (a value, an array in key order, or an object by property). */
import { assertValueFits } from '../../core/value-check.js';
import type { ColumnIR } from '../../schema/ir.js';
import { InvalidRequestError } from '../errors.js';
import type { Mapper } from './mapper.js';

/**
 * The key values in key order, each checked against its column as a comparison is
 * (`get(User, 'abc')` for an integer key names `users.id` instead of matching nothing on
 * SQLite and failing as a database error on PostgreSQL).
 */
export function pkValues(mapper: Mapper, pk: unknown): unknown[] {
  const values = keyValues(mapper, pk);
  for (let i = 0; i < values.length; i++) {
    const column = mapper.pkColumns[i] as ColumnIR;
    assertValueFits(values[i], column.type, mapper.ir.name, column.name, 'compare');
  }
  return values;
}

function keyValues(mapper: Mapper, pk: unknown): unknown[] {
  const n = mapper.pkProps.length;
  if (Array.isArray(pk)) {
    if (pk.length !== n)
      throw new InvalidRequestError(
        `${mapper.name} has a ${n}-column primary key; got ${pk.length} values`,
      );
    return pk;
  }
  if (pk !== null && typeof pk === 'object' && !(pk instanceof Date) && !Buffer.isBuffer(pk)) {
    return mapper.pkProps.map((p) => {
      const v = (pk as Record<string, unknown>)[p];
      if (v === undefined)
        throw new InvalidRequestError(`${mapper.name}: the key object lacks "${p}"`);
      return v;
    });
  }
  if (n !== 1)
    throw new InvalidRequestError(
      `${mapper.name} has a ${n}-column primary key; pass [${mapper.pkProps.join(', ')}]`,
    );
  if (pk === undefined || pk === null)
    throw new InvalidRequestError(`${mapper.name}: get() needs a primary key value`);
  return [pk];
}
