/**
 * Every PostgreSQL session dbgen opens runs at UTC (`TimeZone=UTC`), as MySQL's runs at
 * `+00:00` (mysql/session-setup.ts). dbgen reads and writes `timestamp` (without time
 * zone) as UTC wall-clock time (types.ts), but the server computes `now()`,
 * `CURRENT_TIMESTAMP` and `LOCALTIMESTAMP` into such a column in the session's zone: on a
 * server whose zone is America/New_York (initdb takes the machine's), the README's
 * `created_at timestamp [default: `CURRENT_TIMESTAMP`]` was read five hours early.
 *
 * The zone is a parameter of the startup packet, not a `SET` after connecting: a
 * transaction pooler (PgBouncer) hands each transaction any server connection, where a
 * `SET` would not follow; TimeZone is one of the parameters PgBouncer tracks per client
 * and applies on every server connection it lends it (unlike the `options` packet
 * parameter, which PgBouncer refused before 1.20). A client setting outranks the
 * database's and role's `ALTER ... SET timezone`. Nothing is sent when the URL's
 * `options` set a time zone themselves: theirs stands.
 */

/** `pg`'s startup parameters (user, database, options, ...), as its Client builds them. */
type StartupParameters = Record<string, string | undefined>;

/** The startup parameters with `TimeZone=UTC`, unless `options` already name a zone. */
export function withUtcSession(parameters: StartupParameters): StartupParameters {
  if (/\btimezone\s*=/i.test(parameters['options'] ?? '')) return parameters;
  return { ...parameters, TimeZone: 'UTC' };
}
