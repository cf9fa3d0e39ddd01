/**
 * Statements at which MySQL/MariaDB commit the open transaction ("Statements That Cause
 * an Implicit Commit" in MySQL's manual; MariaDB's list is the same): DDL, TRUNCATE,
 * RENAME, account management, LOCK TABLES / UNLOCK TABLES, BEGIN / START TRANSACTION,
 * and the table maintenance statements. CREATE and DROP of a TEMPORARY table do not.
 *
 * Used two ways (connection.ts): a Connection refuses these inside its transaction
 * before sending them, and the session's status flag (SERVER_STATUS_IN_TRANS) tells,
 * after any statement, whether the server left the transaction anyway (what the names
 * miss: a procedure that runs DDL, DDL in an executable comment, SET autocommit = 1).
 */

/** SERVER_STATUS_IN_TRANS: the session is inside a transaction (MySQL protocol). */
export const SERVER_STATUS_IN_TRANS = 1;

/** Leading spaces and comments; an executable comment (`/*!`, `/*M!`) is text, not skipped. */
const LEADING = /^(?:\s+|--[ \t][^\n]*(?:\n|$)|#[^\n]*(?:\n|$)|\/\*(?![!M])[\s\S]*?\*\/)*/;

/** First words of the statements that commit, each with the name a refusal gives. */
const COMMITTING: readonly (readonly [RegExp, string])[] = [
  // CREATE / DROP TEMPORARY TABLE run inside the transaction: not listed.
  [/^create\s+(?:or\s+replace\s+)?(?!temporary\b)(\w+)/i, 'CREATE'],
  [/^drop\s+(?!temporary\b)(\w+)/i, 'DROP'],
  [/^alter\s+(\w+)/i, 'ALTER'],
  [/^(rename)\s+(\w+)/i, 'RENAME'],
  [/^(truncate)\b/i, 'TRUNCATE'],
  [/^(lock)\s+(tables?|instance)\b/i, 'LOCK TABLES'],
  [/^(unlock)\s+(tables?)\b/i, 'UNLOCK TABLES'],
  [/^(begin)\b(?!\s+not\s+atomic\b)/i, 'BEGIN'],
  [/^(start)\s+(transaction|slave|replica)\b/i, 'START'],
  [/^(stop)\s+(slave|replica)\b/i, 'STOP'],
  [/^(grant|revoke|flush|reset|analyze|optimize|repair|install|uninstall)\b/i, ''],
  [/^(check|checksum)\s+(tables?)\b/i, 'CHECK TABLE'],
  [/^(cache)\s+(index)\b/i, 'CACHE INDEX'],
  [/^(load)\s+(index)\b/i, 'LOAD INDEX'],
  [/^(change)\s+(master|replication)\b/i, 'CHANGE MASTER'],
  [/^set\s+(password)\b/i, 'SET PASSWORD'],
];

/**
 * The statement's name (`CREATE TABLE`, `TRUNCATE`, `LOCK TABLES`) when the server
 * commits an open transaction at it, else null. Reads only the first words, after
 * leading spaces and comments: a builder's SELECT / INSERT / UPDATE / DELETE fails the
 * first letter tests at once.
 */
export function implicitCommitOf(sql: string): string | null {
  const text = sql.replace(LEADING, '');
  for (const [pattern, name] of COMMITTING) {
    const match = pattern.exec(text);
    if (match === null) continue;
    const words = match
      .slice(1)
      .filter((w): w is string => w !== undefined)
      .map((w) => w.toUpperCase());
    if (name === 'CREATE' || name === 'DROP' || name === 'ALTER') return `${name} ${words[0]}`;
    if (name === 'START' || name === 'STOP' || name === 'RENAME') return words.join(' ');
    return name === '' ? (words[0] as string) : name;
  }
  return null;
}

/**
 * Whether a failed statement may have committed the transaction before failing (MySQL
 * commits before a DDL statement runs, so a CREATE TABLE of an existing table has
 * committed): anything but the statements dbgen's builders and transaction control send.
 * The connection then asks the server for its status, which an error packet lacks.
 */
export function mayHaveCommitted(sql: string): boolean {
  return !/^(?:select|insert|update|delete|replace|with|values|table|savepoint|release|rollback|\()/i.test(
    sql.replace(LEADING, ''),
  );
}
