/**
 * An engine for a command that works on an existing database (`seed`, `studio`). It says
 * every user mistake in one line ({@link CliError}), before anything is written: a URL no
 * dialect serves, a driver that is not installed, a server that does not answer, and a
 * SQLite file that is not there (opening it would create an empty database, leaving a
 * stray file behind and hiding a mistyped path).
 */
import { existsSync } from 'node:fs';
import { createEngine, dialectForUrl, redactUrl, sql, type Engine } from '@dbgen/runtime';
import { CliError } from './errors.js';

export interface OpenEngineOptions {
  /** Said after a missing SQLite file's path (what to do about it). */
  readonly missingFileHint?: string;
  /**
   * The engine's statement timeout (ms; none when absent). With one, a server that stops
   * answering fails the statement instead of holding it for ever (docs/runtime-core.md).
   */
  readonly statementTimeoutMs?: number;
}

/**
 * An engine for `url` (a relative SQLite path read against `cwd`) that has answered one
 * query; the caller closes it.
 */
export async function openEngine(
  url: string,
  cwd: string,
  options: OpenEngineOptions = {},
): Promise<Engine> {
  let engine: Engine;
  try {
    const dialect = dialectForUrl(url);
    dialect.parseUrl(url);
    const file = dialect.databaseFile?.(url, cwd) ?? null;
    if (file !== null && !existsSync(file)) {
      const hint = options.missingFileHint === undefined ? '' : `; ${options.missingFileHint}`;
      throw new CliError(`database file not found: ${file} (from ${redactUrl(url)})${hint}`);
    }
    engine = createEngine({
      url: dialect.resolveUrl?.(url, cwd) ?? url,
      dialect,
      ...(options.statementTimeoutMs === undefined
        ? {}
        : { statementTimeoutMs: options.statementTimeoutMs }),
    });
  } catch (error) {
    if (error instanceof CliError) throw error;
    // DatabaseUrlError, DriverNotInstalledError: their message says what to do.
    throw new CliError((error as Error).message.split('\n')[0] ?? String(error));
  }
  try {
    await engine.execute(sql`select 1 as ok`);
    return engine;
  } catch (error) {
    await engine.close().catch(() => undefined);
    const reason = ((error as Error).message ?? String(error)).split('\n')[0];
    throw new CliError(`cannot connect to ${redactUrl(url)}: ${reason}`);
  }
}
