/**
 * Read-only parts of a mapping in a flush: views, and generated columns.
 *
 * Generated columns in a flush. The database computes them, so the persister never
 * writes them (a value set on one is a {@link ReadOnlyColumnError}, as in the Core), and
 * after an UPDATE it reads them back: an UPDATE cannot return them on every dialect
 * (MariaDB has no UPDATE ... RETURNING), so one SELECT by key per batch does, for every
 * dialect alike. INSERTs get them through RETURNING with the other database-made values.
 */
import { ReadOnlyColumnError, ReadOnlyViewError } from '../../core/errors.js';
import type { ColumnIR } from '../../schema/ir.js';
import type { Mapper } from '../mapping/mapper.js';
import type { OrmExecutor } from '../session/executor.js';
import type { UpdateTarget } from '../state/instance-state.js';
import { readBackByKey } from './read-back.js';

const cache = new WeakMap<Mapper, readonly ColumnIR[]>();

/** The mapper's generated columns (usually none). */
export function generatedColumns(mapper: Mapper): readonly ColumnIR[] {
  let columns = cache.get(mapper);
  if (columns === undefined) {
    columns = mapper.columns.filter((c) => c.generated !== undefined);
    cache.set(mapper, columns);
  }
  return columns;
}

/** Throws when `columns` (about to be written) include a generated one. */
export function refuseGenerated(mapper: Mapper, columns: readonly ColumnIR[]): void {
  for (const c of columns) {
    if (c.generated) throw new ReadOnlyColumnError(mapper.ir.name, c.name, c.generated.expression);
  }
}

/** Reads the generated columns of `states` (just updated) back into their objects. */
export async function refreshGenerated(
  ex: OrmExecutor,
  mapper: Mapper,
  states: readonly UpdateTarget[],
): Promise<void> {
  const generated = generatedColumns(mapper);
  // A row not found: the UPDATE's row count check has already spoken.
  if (generated.length > 0) await readBackByKey(ex, mapper, states, generated);
}

/** Throws when `mapper` maps a view: the ORM maps views read-only. */
export function refuseView(mapper: Mapper, statement: 'INSERT' | 'UPDATE' | 'DELETE'): void {
  if (mapper.ir.view) throw new ReadOnlyViewError(mapper.ir.name, statement);
}
