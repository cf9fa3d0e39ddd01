/**
 * Where a table or column that a push operation names is in the live database. Push
 * checks every loss before anything runs, so an operation after a rename (an alterColumn
 * of a renamed column, a dropColumn of a column of a renamed table) names something the
 * database still holds under its old name: that is where its values are counted.
 */
import type { SchemaIR, TableKey } from '../schema/ir.js';
import { qualifiedKey } from '../schema/ir.js';
import type { Operation } from '../schema/operations.js';

export class LiveNames {
  /** A table's key after renames → its live key; null: the name no longer holds live data. */
  private readonly tables = new Map<TableKey, TableKey | null>();
  /** `liveKey\0name` of a column after renames → its live name, or null (as above). */
  private readonly columns = new Map<string, string | null>();

  constructor(private readonly live: SchemaIR) {}

  /** Notes the renames of `op`, which runs before the operations asked about next. */
  see(op: Operation): void {
    if (op.kind === 'renameTable') {
      const liveKey = this.table(op.table);
      const schema = this.live.tables.find((t) => t.key === liveKey)?.schema ?? 'public';
      this.tables.set(op.table, null);
      this.tables.set(qualifiedKey(schema, op.to), liveKey);
    } else if (op.kind === 'renameColumn') {
      const liveKey = this.table(op.table);
      if (liveKey === null) return;
      this.columns.set(`${liveKey}\0${op.to}`, this.column(op.table, op.column));
      this.columns.set(`${liveKey}\0${op.column}`, null);
    }
  }

  /** The live key of the table an operation calls `key` (null: none, it came later). */
  table(key: TableKey): TableKey | null {
    const mapped = this.tables.get(key);
    return mapped === undefined ? key : mapped;
  }

  /** The live name of the column an operation calls `name` in table `key`, or null. */
  column(key: TableKey, name: string): string | null {
    const liveKey = this.table(key);
    if (liveKey === null) return null;
    const mapped = this.columns.get(`${liveKey}\0${name}`);
    return mapped === undefined ? name : mapped;
  }
}
