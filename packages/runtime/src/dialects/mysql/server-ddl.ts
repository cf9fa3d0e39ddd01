/**
 * The DDL for the connected server (`Dialect.ddlFor`): its `VERSION()` read once per
 * migration or push, and one renderer kept per server version.
 */
import type { SqlSession } from '../../core/dialect-contract.js';
import type { DdlDialect } from '../../schema/render.js';
import { mysqlDdlFor } from './ddl.js';
import { mysqlFeatures, mysqlServerOf } from './server.js';

const byVersion = new Map<string, DdlDialect>();

/** The renderer for the server `session` is on. */
export async function serverDdl(session: SqlSession): Promise<DdlDialect> {
  const [row] = await session.query('SELECT VERSION() AS v');
  const version = String(Object.values(row ?? {})[0] ?? '');
  let ddl = byVersion.get(version);
  if (!ddl) {
    ddl = mysqlDdlFor(mysqlFeatures(mysqlServerOf(version)));
    byVersion.set(version, ddl);
  }
  return ddl;
}
