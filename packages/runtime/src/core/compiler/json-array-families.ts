/** The JSON and array operator renderers of each family of JSON functions, in one table. */
import type { JsonArrayOpNode } from '../nodes.js';
import type { CompileContext } from './context.js';
import { renderJsonArrayOp } from './json-array.js';
import { MYSQL_OPS } from './json-array-mysql.js';
import { POSTGRES_OPS } from './json-array-postgres.js';
import { SQLITE_OPS } from './json-array-sqlite.js';

const FAMILIES = { postgres: POSTGRES_OPS, sqlite: SQLITE_OPS, mysql: MYSQL_OPS } as const;

export function renderJsonArrayOperator(n: JsonArrayOpNode, ctx: CompileContext): void {
  renderJsonArrayOp(n, ctx, FAMILIES);
}
