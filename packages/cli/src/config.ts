/**
 * Where settings come from, first match wins: command-line flags, then `dbgen.config.json`
 * in the working directory, then the `dbgen` key of package.json, then the defaults (the
 * example schema, `generated/`, a SQLite file). The database URL is the exception: the
 * environment (`DATABASE_URL`, from the process or else from a `.env` file beside) beats
 * both files, because a deploy sets the environment to point the same project at another
 * database; a URL in a file must not silently win over it (only `--url` does).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { CliError } from './errors.js';

export interface DbgenConfig {
  /** The entry DBML file. */
  readonly schema: string;
  /** Folder the client is generated into. */
  readonly out: string;
  /** Folder of migration files. */
  readonly migrations: string;
  /** Database URL: `sqlite:./app.db`, `sqlite::memory:`, `postgres://...`. */
  readonly url: string;
}

export const DEFAULT_CONFIG: DbgenConfig = {
  schema: 'schema.dbml',
  out: 'generated',
  migrations: 'migrations',
  url: 'sqlite:./dbgen.db',
};

const KEYS = Object.keys(DEFAULT_CONFIG) as (keyof DbgenConfig)[];

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new CliError(`${path}: not valid JSON (${(error as Error).message})`);
  }
}

/** Variables of a `.env` file (Node's own parser), or none when there is no such file. */
function readDotEnv(path: string): Record<string, string | undefined> {
  return existsSync(path) ? parseEnv(readFileSync(path, 'utf8')) : {};
}

function pickConfig(source: unknown, where: string): Partial<DbgenConfig> {
  if (source === undefined) return {};
  if (typeof source !== 'object' || source === null || Array.isArray(source)) {
    throw new CliError(`${where}: expected an object of settings, found ${JSON.stringify(source)}`);
  }
  const picked: Partial<Record<keyof DbgenConfig, string>> = {};
  for (const [key, value] of Object.entries(source)) {
    if (!KEYS.includes(key as keyof DbgenConfig)) {
      throw new CliError(`${where}: unknown setting "${key}"; known settings: ${KEYS.join(', ')}`);
    }
    if (typeof value !== 'string') {
      throw new CliError(
        `${where}: setting "${key}" must be a string, found ${JSON.stringify(value)}`,
      );
    }
    picked[key as keyof DbgenConfig] = value;
  }
  return picked;
}

/** Where the database URL of a command came from, for the line naming the database. */
export type UrlSource =
  '--url' | 'DATABASE_URL' | '.env' | 'dbgen.config.json' | 'package.json' | 'default';

export interface ResolvedConfig extends DbgenConfig {
  readonly urlSource: UrlSource;
}

/** Resolves the configuration for a command run in `cwd`, with `flags` from the command line. */
export function loadConfig(
  flags: { readonly [K in keyof DbgenConfig]?: string | undefined },
  cwd: string = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
): ResolvedConfig {
  const configFile = resolve(cwd, 'dbgen.config.json');
  const fromFile = existsSync(configFile) ? pickConfig(readJson(configFile), configFile) : {};
  const packageFile = resolve(cwd, 'package.json');
  const fromPackage = existsSync(packageFile)
    ? pickConfig((readJson(packageFile) as { dbgen?: unknown }).dbgen, `${packageFile} "dbgen"`)
    : {};
  const definedFlags = Object.fromEntries(
    Object.entries(flags).filter(([, v]) => v !== undefined && v !== ''),
  ) as Partial<DbgenConfig>;
  // An empty DATABASE_URL (`DATABASE_URL= dbgen …`) means unset, as in most tools.
  const processUrl = env['DATABASE_URL'] || undefined;
  const dotEnvUrl = processUrl ? undefined : readDotEnv(resolve(cwd, '.env'))['DATABASE_URL'];
  const candidates: [UrlSource, string | undefined][] = [
    ['--url', definedFlags.url],
    ['DATABASE_URL', processUrl],
    ['.env', dotEnvUrl || undefined],
    ['dbgen.config.json', fromFile.url],
    ['package.json', fromPackage.url],
  ];
  const [urlSource, url] = candidates.find(([, value]) => value !== undefined) ?? [
    'default',
    DEFAULT_CONFIG.url,
  ];
  return {
    ...DEFAULT_CONFIG,
    ...fromPackage,
    ...fromFile,
    ...definedFlags,
    url: url ?? DEFAULT_CONFIG.url,
    urlSource,
  };
}
