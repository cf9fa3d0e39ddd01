/**
 * Statements that leave state on the server connection beyond their transaction. Behind
 * a transaction-pooling proxy (PgBouncer `pool_mode = transaction`) the next transaction
 * of this client may run on another server connection, and this connection's next
 * transaction may be another client's: such state is lost for one and leaks into the
 * other. With `pooler: 'transaction'` the engine refuses them before they are sent.
 *
 * The SQL is read as the server lexes it (sql-tokens.ts): comments, case and spacing do
 * not hide a statement, nor does a second one after `;`; string literals and
 * dollar-quoted bodies are not looked into, so a value that mentions these words is never
 * refused. What runs inside a function or a DO block cannot be seen from here.
 */
import { keyword, nameOf, sqlStatements, type Token } from './sql-tokens.js';

const SESSION_LOCKS = new Set([
  'pg_advisory_lock',
  'pg_advisory_lock_shared',
  'pg_try_advisory_lock',
  'pg_try_advisory_lock_shared',
]);

/**
 * True when tokens[i] calls the built-in function `name` (unqualified, or in pg_catalog;
 * one of the same name in another schema is not it).
 */
function callsBuiltin(tokens: readonly Token[], i: number, names: ReadonlySet<string>): boolean {
  const name = nameOf(tokens[i]);
  if (name === null || !names.has(name) || tokens[i + 1]?.text !== '(') return false;
  if (tokens[i - 1]?.kind !== 'punct' || tokens[i - 1]?.text !== '.') return true;
  return nameOf(tokens[i - 2]) === 'pg_catalog';
}

/** The tokens of each top-level argument of the call whose `(` is at `open`. */
function callArguments(tokens: readonly Token[], open: number): Token[][] {
  const args: Token[][] = [[]];
  let depth = 0;
  for (let i = open + 1; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.kind === 'punct' && (token.text === '(' || token.text === '[')) depth++;
    if (token.kind === 'punct' && (token.text === ')' || token.text === ']')) {
      if (depth === 0) break;
      depth--;
    }
    if (depth === 0 && token.kind === 'punct' && token.text === ',') args.push([]);
    else (args[args.length - 1] as Token[]).push(token);
  }
  return args;
}

/** Consecutive keywords `words` at paren depth 0 of `tokens`. */
function hasTopLevel(tokens: readonly Token[], words: readonly string[]): boolean {
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const text = (tokens[i] as Token).kind === 'punct' ? (tokens[i] as Token).text : '';
    if (text === '(') depth++;
    else if (text === ')') depth--;
    else if (depth === 0 && words.every((word, k) => keyword(tokens[i + k]) === word)) return true;
  }
  return false;
}

/**
 * True when a CREATE statement makes a temporary table (TEMP keyword, or a name in
 * pg_temp); also under EXPLAIN ANALYZE, which runs a CREATE TABLE AS.
 */
function createsTemporaryTable(tokens: readonly Token[]): boolean {
  const first = keyword(tokens[0]);
  if (first !== 'create' && first !== 'explain') return false;
  let i = tokens.findIndex((token) => keyword(token) === 'create') + 1;
  if (i === 0) return false;
  if (keyword(tokens[i]) === 'global' || keyword(tokens[i]) === 'local') i++;
  let temporary = keyword(tokens[i]) === 'temp' || keyword(tokens[i]) === 'temporary';
  if (temporary || keyword(tokens[i]) === 'unlogged') i++;
  if (keyword(tokens[i]) !== 'table') return false;
  i++;
  if (keyword(tokens[i]) === 'if' && keyword(tokens[i + 1]) === 'not') i += 3;
  // A name in pg_temp (or pg_temp_N) is a temporary table whatever the keywords say.
  const schema = tokens[i + 1]?.text === '.' ? nameOf(tokens[i]) : null;
  if (schema !== null && /^pg_temp(?:_\d+)?$/.test(schema)) temporary = true;
  return temporary;
}

/** True when a SELECT makes a temporary table: `SELECT ... INTO TEMP [TABLE] name`. */
function selectsIntoTemporary(tokens: readonly Token[]): boolean {
  for (let i = 1; i < tokens.length; i++) {
    if (keyword(tokens[i]) !== 'into') continue;
    const before = keyword(tokens[i - 1]);
    if (before === 'insert' || before === 'merge') continue;
    let k = i + 1;
    if (keyword(tokens[k]) === 'local' || keyword(tokens[k]) === 'global') k++;
    if (keyword(tokens[k]) !== 'temp' && keyword(tokens[k]) !== 'temporary') continue;
    // `INSERT INTO temp ...` has a table named temp; SELECT INTO TEMP is followed by a name.
    const after = tokens[k + 1];
    if (after?.kind === 'quoted' || (after?.kind === 'word' && after.text !== 'from')) return true;
  }
  return false;
}

function setProblem(tokens: readonly Token[], inTransaction: boolean): string | null {
  const word = keyword(tokens[1]);
  if (word === 'local')
    return inTransaction
      ? null
      : 'SET LOCAL outside a transaction does nothing; run it inside transaction()';
  // Per-transaction by definition.
  if (word === 'transaction' || word === 'constraints') return null;
  return 'SET changes the server connection for whoever uses it next; use SET LOCAL inside transaction()';
}

const SET_CONFIG = new Set(['set_config']);

/** Why one statement's tokens are unsafe behind a transaction pooler, or null. */
function statementProblem(tokens: readonly Token[], inTransaction: boolean): string | null {
  const first = keyword(tokens[0]);
  if (first === 'set') return setProblem(tokens, inTransaction);
  if (first === 'deallocate' || (first === 'prepare' && keyword(tokens[1]) !== 'transaction'))
    return 'a named prepared statement lives on one server connection, which the next transaction may not get';
  if (first === 'listen' || first === 'unlisten')
    return 'LISTEN needs one server connection for the whole session; connect to the database directly for it';
  if (first === 'declare') {
    const query = tokens.findIndex((t) => keyword(t) === 'for');
    if (hasTopLevel(query < 0 ? tokens : tokens.slice(0, query), ['with', 'hold']))
      return 'a WITH HOLD cursor outlives its transaction on one server connection';
  }
  if (createsTemporaryTable(tokens)) {
    if (!inTransaction)
      return 'a temporary table outlives the statement on one server connection; create it inside transaction() with ON COMMIT DROP';
    if (!hasTopLevel(tokens, ['on', 'commit', 'drop']))
      return 'a temporary table without ON COMMIT DROP outlives its transaction on one server connection; add ON COMMIT DROP';
  }
  if (selectsIntoTemporary(tokens))
    return 'SELECT INTO TEMP makes a temporary table that outlives its transaction on one server connection; use CREATE TEMP TABLE ... ON COMMIT DROP AS inside transaction()';
  for (let i = 0; i < tokens.length; i++) {
    if (callsBuiltin(tokens, i, SESSION_LOCKS))
      return 'a session advisory lock stays with the server connection; use pg_advisory_xact_lock inside transaction()';
    if (callsBuiltin(tokens, i, SET_CONFIG)) {
      const local = callArguments(tokens, i + 1)[2];
      if (local?.length !== 1 || keyword(local[0]) !== 'true')
        return "set_config() whose third argument is not true changes the server connection for whoever uses it next; pass true (transaction-local), as in set_config('name', 'value', true), inside transaction()";
    }
  }
  return null;
}

/** Whether a statement starts or ends a transaction: 1, -1, or 0. */
function edgeOf(tokens: readonly Token[]): 1 | -1 | 0 {
  const first = keyword(tokens[0]);
  const second = keyword(tokens[1]);
  if (first === 'begin' || (first === 'start' && second === 'transaction')) return 1;
  if (first === 'commit' || first === 'end' || first === 'abort') return -1;
  // PREPARE TRANSACTION ends the transaction (it is kept for a later COMMIT PREPARED).
  if (first === 'prepare' && second === 'transaction') return -1;
  if (first === 'rollback' && second !== 'to') return -1;
  return 0;
}

/**
 * Every statement statementProblem refuses spells one of these words (a keyword or name
 * is delimited wherever JavaScript's \b is, and more), or uses `U&"..."` escapes: text
 * without any is not lexed, so a large INSERT costs one regex scan.
 */
const MAY_LEAVE_STATE =
  /\b(?:set|prepare|deallocate|listen|unlisten|hold|temp|temporary|pg_temp\w*|set_config|pg_(?:try_)?advisory_lock(?:_shared)?)\b|&/i;
const MAY_EDGE = /\b(?:begin|start|commit|end|abort|rollback|prepare)\b/i;

/** Why `sql` is unsafe behind a transaction pooler (`inTransaction`: inside BEGIN…COMMIT), or null. */
export function sessionStateProblem(sql: string, inTransaction: boolean): string | null {
  if (!MAY_LEAVE_STATE.test(sql)) return null;
  let open = inTransaction;
  for (const tokens of sqlStatements(sql)) {
    const problem = statementProblem(tokens, open);
    if (problem !== null) return problem;
    const edge = edgeOf(tokens);
    if (edge !== 0) open = edge > 0;
  }
  return null;
}

/** Whether `sql` starts or ends a transaction (its last statement that does): 1, -1, or 0. */
export function transactionEdge(sql: string): 1 | -1 | 0 {
  if (!MAY_EDGE.test(sql)) return 0;
  let last: 1 | -1 | 0 = 0;
  for (const tokens of sqlStatements(sql)) {
    const edge = edgeOf(tokens);
    if (edge !== 0) last = edge;
  }
  return last;
}
