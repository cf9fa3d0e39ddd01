/**
 * Migration files: `migrations/0002_add_bio.js`, an ES module plain node loads (no
 * TypeScript, no imports) exporting `revision`, `parent`, `name`, and `up(op)` /
 * `down(op)` returning lists of operations; beside it `0002_add_bio.snapshot.json`, the
 * schema IR after the migration, which the next autogenerate diffs against.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SchemaIR } from '../schema/ir.js';
import { op } from './op.js';
import { OPERATION_KINDS, type Operation } from '../schema/operations.js';
import { operationSource } from './op-source.js';
import { HAND_WRITTEN_HINT } from './skeleton.js';
import { syntaxProblem } from './syntax-line.js';
import { normalizedSource } from './source-normal.js';

/** A migration folder that cannot be used as it is. */
export class MigrationFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationFileError';
  }
}

export interface MigrationFile {
  readonly revision: string;
  /**
   * The `parent` export as written: the revision this migration follows, null for a first
   * migration, or a list of revisions for a merge migration (Alembic's `down_revision`).
   */
  readonly parent: string | readonly string[] | null;
  /** The revisions it follows, as a list: none, one, or (a merge) several. */
  readonly parents: readonly string[];
  readonly name: string;
  /** The file's path. */
  readonly path: string;
  /**
   * What the history table records: sha256 of what the migration does (its revision,
   * parent and operations, as canonical JSON), not of the file's bytes, so that line
   * endings (Git on Windows), a formatter run or comments do not make it "changed". With
   * data steps, also of the file's code without layout (see {@link migrationChecksum}).
   */
  readonly checksum: string;
  /**
   * Checksums recorded by earlier dbgen versions that also stand for this file as it is
   * (sha256 of its text, and of its text with LF line endings; for a migration with data
   * steps, of its operations alone): a database migrated then is not reported as changed.
   */
  readonly legacyChecksums?: readonly string[];
  readonly up: readonly Operation[];
  readonly down: readonly Operation[];
}

export const FILE_PATTERN = /^\d{4,}_.*\.js$/;

/** sha256 of `text`, hex. */
export function checksumOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted, so that the hash does not depend on how a literal was written. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined && typeof v !== 'function')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The checksum of a migration: sha256 of its revision, parent and operations as canonical
 * JSON. Two files that do the same thing (whatever their formatting) have the same one.
 *
 * A data step's operation holds only its function's text, not what that function calls:
 * a helper defined beside it in the file, edited, would leave the checksum as it was. So
 * when the migration has data steps and its file's `text` is given, the checksum is of
 * the file's code too, without comments and layout (source-normal.ts), its data steps'
 * text likewise, so that a formatter run is still no change.
 */
export function migrationChecksum(
  migration: {
    readonly revision: string;
    readonly parent: string | readonly string[] | null;
    readonly up: readonly Operation[];
    readonly down: readonly Operation[];
  },
  text?: string,
): string {
  const { revision, parent, up, down } = migration;
  if (text === undefined || ![...up, ...down].some((o) => o.kind === 'data'))
    return checksumOf(canonicalJson({ revision, parent, up, down }));
  const code = (ops: readonly Operation[]): Operation[] =>
    ops.map((o) => (o.kind === 'data' ? { ...o, source: normalizedSource(o.source) } : o));
  const file = normalizedSource(text);
  return checksumOf(canonicalJson({ revision, parent, up: code(up), down: code(down), file }));
}

function validOps(value: unknown, where: string): Operation[] {
  if (!Array.isArray(value))
    throw new MigrationFileError(
      `${where} must return a list of operations, found ${typeof value}`,
    );
  return value.map((item: unknown, i) => {
    const kind = (item as { kind?: unknown } | null)?.kind;
    if (typeof kind !== 'string' || !(OPERATION_KINDS as readonly string[]).includes(kind)) {
      throw new MigrationFileError(
        `${where}: item ${i + 1} is not an operation (build them with op.*)`,
      );
    }
    return item as Operation;
  });
}

/**
 * Where to import a migration from. A file without imports (what dbgen writes) loads
 * from a `data:` URL of its text, so an edited file is never served from the module
 * cache of a long-lived process (loaders such as tsx ignore a `?v=` query). A file with
 * imports must load from its path, so that they resolve.
 */
function moduleUrl(path: string, text: string, checksum: string): string {
  if (/^\s*import\s/m.test(text)) return `${pathToFileURL(path).href}?v=${checksum.slice(0, 16)}`;
  return `data:text/javascript;base64,${Buffer.from(text).toString('base64')}`;
}

/** The revisions a migration follows: none for a first migration, two or more for a merge. */
export function parentsOf(parent: string | readonly string[] | null): readonly string[] {
  if (parent === null) return [];
  return typeof parent === 'string' ? [parent] : parent;
}

function validParent(value: unknown, path: string): string | readonly string[] | null {
  if (value === null || (typeof value === 'string' && value !== '')) return value;
  if (
    Array.isArray(value) &&
    value.length >= 2 &&
    value.every((p) => typeof p === 'string' && p !== '') &&
    new Set(value).size === value.length
  ) {
    return value as string[];
  }
  throw new MigrationFileError(
    `${path}: \`parent\` must be a revision string, null for the first migration, or a list of two or more different revisions for a merge migration`,
  );
}

/** Loads one migration file (not checked against the others: see `loadMigrations`). */
export async function loadMigrationFile(path: string): Promise<MigrationFile> {
  const text = readFileSync(path, 'utf8');
  const textChecksum = checksumOf(text);
  let module: Record<string, unknown>;
  try {
    module = (await import(moduleUrl(path, text, textChecksum))) as Record<string, unknown>;
  } catch (error) {
    // A syntax error is named with its line where it can be found (see syntax-line.ts).
    const syntax = syntaxProblem(text);
    if (syntax !== null)
      throw new MigrationFileError(`${path}:${syntax.line}: cannot be loaded: ${syntax.message}`);
    throw new MigrationFileError(`${path}: cannot be loaded: ${(error as Error).message}`);
  }
  const { revision, parent, name, up, down } = module;
  if (typeof revision !== 'string' || revision === '')
    throw new MigrationFileError(`${path}: exports no \`revision\` string`);
  const parentRevision = validParent(parent, path);
  if (typeof up !== 'function' || typeof down !== 'function') {
    throw new MigrationFileError(`${path}: must export functions \`up(op)\` and \`down(op)\``);
  }
  let upOps: Operation[];
  let downOps: Operation[];
  try {
    upOps = validOps((up as (o: typeof op) => unknown)(op), `${path}: up()`);
    downOps = validOps((down as (o: typeof op) => unknown)(op), `${path}: down()`);
  } catch (error) {
    if (error instanceof MigrationFileError) throw error;
    throw new MigrationFileError(`${path}: ${(error as Error).message}`);
  }
  const operations = { revision, parent: parentRevision, up: upOps, down: downOps };
  return {
    revision,
    parent: parentRevision,
    parents: parentsOf(parentRevision),
    name: typeof name === 'string' ? name : basename(path, '.js'),
    path,
    checksum: migrationChecksum(operations, text),
    // The operations alone: what a migration with data steps recorded before its file's
    // code counted. Such a record is still accepted (history.ts compares with these too),
    // so that upgrading dbgen reports no applied migration as changed; an edit of a
    // helper it misses is then missed until the migration is stamped or applied again.
    legacyChecksums: [
      ...new Set([
        textChecksum,
        checksumOf(text.replace(/\r\n?/g, '\n')),
        migrationChecksum(operations),
      ]),
    ],
    up: upOps,
    down: downOps,
  };
}

function snapshotPath(path: string): string {
  return path.replace(/\.js$/, '.snapshot.json');
}

/** The schema snapshot stored with a migration; null when there is none. */
export function readSnapshot(migration: { path: string }): SchemaIR | null {
  const path = snapshotPath(migration.path);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as SchemaIR;
  } catch (error) {
    throw new MigrationFileError(`${path}: not valid JSON (${(error as Error).message})`);
  }
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, '') || 'migration'
  );
}

/** The text of a migration file. */
export function migrationSource(m: {
  revision: string;
  parent: string | readonly string[] | null;
  name: string;
  up: readonly Operation[];
  down: readonly Operation[];
}): string {
  const list = (ops: readonly Operation[]): string =>
    ops.length === 0
      ? '[]'
      : `[\n${ops.map((o) => `  ${operationSource(o, '  ')},`).join('\n')}\n]`;
  return `// dbgen migration: ${m.name}
// Edit freely: \`up\` and \`down\` return lists of operations built with \`op\` (see
// docs/migrations.md). Once applied somewhere, a change to what it does is reported as a changed
// checksum (formatting, comments and line endings are not).

export const revision = ${JSON.stringify(m.revision)};
${
  typeof m.parent === 'object' && m.parent !== null
    ? '/** A merge migration: it follows every one of these (the heads it joins). */'
    : '/** The migration this one follows; null for the first. */'
}
export const parent = ${JSON.stringify(m.parent)};
export const name = ${JSON.stringify(m.name)};

${m.up.length === 0 && m.down.length === 0 ? HAND_WRITTEN_HINT : ''}/** @param {import('@dbgen/runtime').MigrationOps} op */
export const up = (op) => ${list(m.up)};

/** @param {import('@dbgen/runtime').MigrationOps} op */
export const down = (op) => ${list(m.down)};
`;
}

/** Formats a migration file's source (the CLI passes prettier); `path` is where it goes. */
export type SourceFormatter = (source: string, path: string) => Promise<string>;

/** Writes a new migration (and its snapshot) after the last one in `dir`; returns its path. */
export async function writeMigration(
  dir: string,
  name: string,
  parent: string | readonly string[] | null,
  up: readonly Operation[],
  down: readonly Operation[],
  /** The schema after the migration; null for a hand-written one (no snapshot file). */
  snapshot: SchemaIR | null,
  format?: SourceFormatter,
): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const numbers = readdirSync(dir)
    .filter((f) => FILE_PATTERN.test(f))
    .map((f) => Number.parseInt(f, 10));
  const number = String(Math.max(0, ...numbers) + 1).padStart(4, '0');
  const path = join(dir, `${number}_${slug(name)}.js`);
  const revision = randomBytes(6).toString('hex');
  const source = migrationSource({ revision, parent, name, up, down });
  writeFileSync(path, format ? await format(source, path) : source);
  // Source spans name absolute paths of one machine: the snapshot leaves them out.
  const withoutSpans = (key: string, value: unknown): unknown =>
    key === 'span' ? undefined : value;
  if (snapshot !== null) {
    const json = `${JSON.stringify(snapshot, withoutSpans, 2)}\n`;
    writeFileSync(snapshotPath(path), format ? await format(json, snapshotPath(path)) : json);
  }
  return path;
}
