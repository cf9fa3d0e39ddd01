/**
 * Which statements may go to a replica: reads that change nothing and lock nothing. A
 * builder SELECT without FOR UPDATE/SHARE is one; raw SQL is one when it is a single
 * SELECT without a locking clause. Anything else (writes, DDL, `SELECT ... FOR UPDATE`,
 * CTEs that may write) goes to the primary. A SELECT that calls a function with side
 * effects (nextval, a function that writes) cannot be told apart: send it with onPrimary().
 */
import { compile, toStatementNode, type Compilable } from '../compiler/compile.js';
import type { Params } from '../connection.js';
import type { SqlDialect } from '../dialect.js';

const SELECT = /^\s*\(?\s*select\b/i;
const LOCKING = /\bfor\s+(?:update|share|no\s+key\s+update|key\s+share)\b/i;

/** True when `statement` only reads, so a replica may run it. */
export function isReadOnly(statement: Compilable, dialect: SqlDialect, params?: Params): boolean {
  const node = toStatementNode(statement);
  if (node.kind === 'select') return node.lock === null;
  if (node.kind !== 'rawStatement') return false;
  const text = compile(statement, dialect, params).sql;
  return SELECT.test(text) && !LOCKING.test(text) && !text.includes(';');
}
