/**
 * A database's refusal as one line for the terminal: what the database said, and for a
 * missing privilege, which privilege the command needs (so the operator can grant it).
 */
import { DbgenError } from '@dbgen/runtime';

/** The verb of a statement, to tell which privilege a refused statement needed. */
function leadingVerb(sql: string | undefined): string {
  return /^\s*([a-z]+)/i.exec(sql ?? '')?.[1]?.toUpperCase() ?? '';
}

/**
 * The privilege a "permission denied" needs: PostgreSQL names the object (`permission
 * denied for schema public`, `… for table users`), the statement tells the action.
 */
function neededPrivilege(error: DbgenError): string | null {
  if (error.driverCode !== '42501') return null;
  const object = /permission denied for (schema|table|sequence|database|relation) (\S+)/i.exec(
    error.message,
  );
  const verb = leadingVerb(error.sql);
  if (object) {
    const [, kind = '', name = ''] = object;
    if (kind.toLowerCase() === 'schema') {
      return verb === 'CREATE' ? `CREATE on schema ${name}` : `USAGE on schema ${name}`;
    }
    const action = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'].includes(verb)
      ? verb
      : 'ownership';
    return `${action} on ${kind.toLowerCase()} ${name}`;
  }
  return verb === 'CREATE' || verb === 'ALTER' || verb === 'DROP'
    ? `the right to ${verb} (ownership of the objects changed, or CREATE on their schema)`
    : null;
}

/** One line for a database error; null when `error` is not one. */
export function databaseErrorLine(error: unknown): string | null {
  if (!(error instanceof DbgenError)) return null;
  const said = error.message.split('\n')[0] ?? error.message;
  if (error.code === 'CONNECTION') return `the connection to the database failed: ${said}`;
  const privilege = neededPrivilege(error);
  return privilege === null
    ? `the database refused: ${said}`
    : `the database refused: ${said} (the database role needs ${privilege})`;
}
