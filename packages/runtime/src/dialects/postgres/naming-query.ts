/**
 * Query and cursor classes that name the column of an unreadable value (unreadable.ts).
 * Both override `handleDataRow`, which pg and pg-cursor call per row: one call more a
 * row, nothing allocated.
 */
import pg from 'pg';
import Cursor from 'pg-cursor';
import { nameColumn, UnreadableValue, type ResultFields } from './unreadable.js';

interface DataRow {
  fields: unknown[];
}

/**
 * A pg Query whose unreadable value names its column. pg already catches a parser's
 * throw and fails the query with it once the server has finished (the connection stays
 * usable); this adds the name.
 */
export class NamingQuery extends pg.Query {
  handleDataRow(message: DataRow): void {
    const self = this as unknown as {
      _canceledDueToError: unknown;
      _result: ResultFields;
    };
    const before = self._canceledDueToError;
    (pg.Query.prototype as unknown as { handleDataRow(m: DataRow): void }).handleDataRow.call(
      this,
      message,
    );
    const error = self._canceledDueToError;
    if (error !== before && error instanceof UnreadableValue)
      nameColumn(error, self._result, message.fields);
  }
}

/**
 * A pg-cursor Cursor that survives an unreadable value: pg-cursor does not catch a
 * parser's throw, which then escaped from the socket's data handler and ended the
 * process. The error is kept (with its column) and the stream throws it after the batch.
 */
export class GuardedCursor<Row> extends Cursor<Row> {
  failure: UnreadableValue | undefined;

  handleDataRow(message: DataRow): void {
    try {
      (Cursor.prototype as unknown as { handleDataRow(m: DataRow): void }).handleDataRow.call(
        this,
        message,
      );
    } catch (error) {
      if (!(error instanceof UnreadableValue)) throw error;
      if (this.failure === undefined) {
        nameColumn(error, (this as unknown as { _result: ResultFields })._result, message.fields);
        this.failure = error;
      }
    }
  }
}
