/**
 * Raw SQL (SQLAlchemy's `text()`): write the SQL yourself; every `${value}` is sent as a
 * bound parameter, never spliced into the text.
 *
 *   npx tsx examples/raw-sql.ts            (SQLite, a temp file)
 *   DATABASE_URL=postgres://... npx tsx examples/raw-sql.ts
 */
import { sql } from '@dbgen/runtime';
import { runIfMain, type ExampleContext } from './setup.js';

export async function rawSql({ engine, step, show, say }: ExampleContext): Promise<void> {
  step('Raw SQL: values are always bound parameters');
  // #region raw-sql
  const email = 'ada@example.org';
  await engine.execute(
    sql`insert into users (email, username, display_name) values (${email}, ${'ada'}, ${'Ada Lovelace'})`,
  );
  await engine.execute(
    sql`insert into users (email, username, karma) values (${'grace@example.org'}, ${'grace'}, ${42})`,
  );

  const { rows } = await engine.execute<{ username: string; display_name: string | null }>(
    sql`select username, display_name from users where email = ${email}`,
  );
  // #endregion
  show('select ... where email = $1', rows);

  step('Raw SQL: hostile input stays a value');
  // #region raw-sql-injection
  const hostile = "nobody' or '1'='1";
  const found = await engine.execute<{ n: number }>(
    sql`select cast(count(*) as integer) as n from ${sql.id('users')} where email = ${hostile}`,
  );
  // #endregion
  say(`users matching ${JSON.stringify(hostile)}: ${found.rows[0]?.n}`);

  step('Raw SQL: a transaction commits, or rolls back on throw');
  // #region raw-sql-transaction
  await engine.transaction(async (tx) => {
    await tx.execute(sql`update users set karma = karma + ${10} where username = ${'ada'}`);
    await tx.execute(sql`update users set karma = karma - ${10} where username = ${'grace'}`);
  });
  try {
    await engine.transaction(async (tx) => {
      await tx.execute(sql`update users set karma = ${0} where username = ${'ada'}`);
      throw new Error('changed my mind');
    });
  } catch (error) {
    say(`rolled back: ${(error as Error).message}`);
  }
  const karma = await engine.execute(sql`select username, karma from users order by username`);
  // #endregion
  show('karma after both transactions', karma.rows);
}

await runIfMain(import.meta.url, rawSql);
