/**
 * The dialects this process knows, by name and by URL scheme. The built-in dialects are
 * registered by `dialects/registry.ts` (loaded by the package index); an application's
 * own dialect is registered when an engine is created with it. Core and migrate find a
 * dialect here, so they never import a dialect's folder.
 */
import { createRequire } from 'node:module';
import type { Dialect } from './dialect-contract.js';
import { ConfigError } from './errors.js';
import { DatabaseUrlError } from './url.js';

const byName = new Map<string, Dialect>();
const byScheme = new Map<string, Dialect>();

/** Makes `dialect` known by its name and its URL schemes (a later one wins a scheme). */
export function registerDialect(dialect: Dialect): void {
  byName.set(dialect.name, dialect);
  for (const scheme of dialect.schemes) byScheme.set(scheme.toLowerCase(), dialect);
}

/** Every registered dialect's name, in registration order. */
export function dialectNames(): string[] {
  return [...byName.keys()];
}

/** The dialect registered as `name`; a ConfigError names the known ones otherwise. */
export function dialectNamed(name: string): Dialect {
  const found = byName.get(name);
  if (!found) {
    throw new ConfigError(
      `unknown dialect "${name}"; known dialects: ${dialectNames().join(', ') || '(none)'}`,
    );
  }
  return found;
}

/** A dialect object as given, or the one registered under a name. */
export function resolveDialect(dialect: Dialect | string): Dialect {
  return typeof dialect === 'string' ? dialectNamed(dialect) : dialect;
}

/** The scheme of a URL (`postgres` of `postgres://…`, `sqlite` of `sqlite:./x.db`), lower case. */
export function schemeOf(url: string): string | null {
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim());
  return match ? (match[1] as string).toLowerCase() : null;
}

/** The dialect serving a URL's scheme; a ConfigError lists the accepted schemes otherwise. */
export function dialectForUrl(url: string): Dialect {
  const scheme = schemeOf(url);
  const found = scheme === null ? undefined : byScheme.get(scheme);
  if (!found) {
    throw new DatabaseUrlError(url.trim());
  }
  return found;
}

/** A database driver package that is not installed where @dbgen/runtime can load it. */
export class DriverNotInstalledError extends ConfigError {
  constructor(
    readonly dialect: string,
    readonly packages: readonly string[],
  ) {
    super(
      `the ${dialect} driver is not installed: run \`npm install ${packages.join(' ')}\` in your app`,
    );
  }
}

// Resolved from this package's own location, as the driver adapters import them.
const requireHere = createRequire(import.meta.url);

/** Throws DriverNotInstalledError unless every driver package of `dialect` resolves. */
export function checkDriverPackages(dialect: Dialect): void {
  const missing = dialect.driverPackages.filter((name) => {
    try {
      requireHere.resolve(name);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) throw new DriverNotInstalledError(dialect.name, missing);
}

/**
 * A URL read by its dialect: `{ dialect: name, ...what the dialect reads }` (PostgreSQL:
 * `{ url }`; SQLite: `{ filename }`).
 */
export function parseDatabaseUrl(
  url: string,
): { readonly dialect: string } & Record<string, unknown> {
  const dialect = dialectForUrl(url);
  return { dialect: dialect.name, ...dialect.parseUrl(url.trim()) };
}
