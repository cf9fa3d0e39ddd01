/**
 * Statements that leave state on the server connection beyond their transaction. Behind
 * a transaction-pooling proxy (PgBouncer `pool_mode = transaction`) the next transaction
 * of this client may run on another server connection, and this connection's next
 * transaction may be another client's: such state is lost for one and leaks into the
 * other. With `pooler: 'transaction'` the engine refuses them before they are sent.
 */

/** Why `sql` is unsafe behind a transaction pooler (`inTransaction`: inside BEGIN…COMMIT), or null. */
export function sessionStateProblem(sql: string, inTransaction: boolean): string | null {
  const text = sql.replace(/^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)+/, '');
  const set = /^set\s+(\w+)/i.exec(text);
  if (set) {
    const word = (set[1] as string).toLowerCase();
    if (word === 'local')
      return inTransaction
        ? null
        : 'SET LOCAL outside a transaction does nothing; run it inside transaction()';
    // Per-transaction by definition.
    if (word === 'transaction' || word === 'constraints') return null;
    return 'SET changes the server connection for whoever uses it next; use SET LOCAL inside transaction()';
  }
  if (/^(?:prepare|deallocate)\b/i.test(text) && !/^prepare\s+transaction\b/i.test(text))
    return 'a named prepared statement lives on one server connection, which the next transaction may not get';
  if (/^(?:listen|unlisten)\b/i.test(text))
    return 'LISTEN needs one server connection for the whole session; connect to the database directly for it';
  if (/^declare\b[\s\S]*\bwith\s+hold\b/i.test(text))
    return 'a WITH HOLD cursor outlives its transaction on one server connection';
  if (/\bpg_(?:try_)?advisory_lock(?:_shared)?\s*\(/i.test(text))
    return 'a session advisory lock stays with the server connection; use pg_advisory_xact_lock inside transaction()';
  if (/^create\s+(?:global\s+|local\s+)?temp(?:orary)?\s+table\b/i.test(text) && !inTransaction)
    return 'a temporary table outlives the statement on one server connection; create it inside transaction() with ON COMMIT DROP';
  return null;
}

/** Whether `sql` starts or ends a transaction: 1, -1, or 0. */
export function transactionEdge(sql: string): 1 | -1 | 0 {
  const text = sql.trimStart();
  if (/^(?:begin|start\s+transaction)\b/i.test(text)) return 1;
  if (/^(?:commit|end|abort)\b/i.test(text)) return -1;
  if (/^rollback\b/i.test(text) && !/^rollback\s+to\b/i.test(text)) return -1;
  return 0;
}
