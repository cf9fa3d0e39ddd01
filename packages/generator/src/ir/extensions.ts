/**
 * dbgen's schema extensions, kept inside plain DBML so that @dbml/core and dbdiagram.io
 * still read the file:
 *
 * - Project custom properties named `dbgen_*` (e.g. `dbgen_version_column: 'version'`);
 * - an `@dbgen key: value, key: value` line inside a table, column or index note (a value
 *   holding commas, such as SQL, goes in backticks or parentheses).
 *
 * See docs/schema.md for the catalogue. This file only reads the directives; their
 * meaning is applied by the builder.
 */
import type { SourceSpan } from '@dbgen/runtime';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { CODES } from './codes.js';

/** What a table note may carry. */
export interface TableExtensions {
  /** `class: Person`: the model class name. */
  className?: string;
  /** `version: lock_version`: the optimistic-locking column; `version: none` turns it off. */
  versionColumn?: string | null;
  /** `softDelete: deleted_at`: the column that marks a row deleted (docs/events.md). */
  softDeleteColumn?: string;
  /** `view: \`select ...\``: the table is a view defined by this query. */
  view?: string;
  /** `materialized` beside `view`: a PostgreSQL materialized view. */
  materialized?: true;
  /** `search: (title, body)`: full-text search over these columns. */
  search?: string[];
  /** `language: english` beside `search`: the text-search configuration. */
  searchLanguage?: string;
  /** `types: '../src/json-types.js'`: where this table's `@dbgen type:` names are imported from. */
  typesModule?: string;
}

/** What a column note may carry. */
export interface ColumnExtensions {
  /** `property: emailAddress`: the model property name. */
  property?: string;
  /** `version` (no value): this column is the table's version column. */
  version?: true;
  /** On an FK column: the name of the many-to-one (or owning one-to-one) relation. */
  relation?: string;
  /** On an FK column: the name of the inverse relation on the referenced model. */
  inverse?: string;
  /**
   * On a column of a pure join table: the name of the many-to-many collection that
   * holds the rows this column references, on the model of the other side.
   */
  m2m?: string;
  /** `generated: \`price * quantity\``, optionally with `virtual`: a generated column. */
  generated?: { expression: string; stored: boolean };
  /** `type: Address`: the TypeScript type of a json/jsonb column's values (json-types.ts). */
  type?: string;
  /** The module `type` is imported from, once resolved from the table or project (json-types.ts). */
  typeFrom?: string;
}

/** What an index note may carry. */
export interface IndexExtensions {
  /** `where: \`deleted_at IS NULL\``: the predicate of a partial index. */
  where?: string;
  /** `include: (name, email)`: non-key columns stored in the index (PostgreSQL). */
  include?: string[];
  /**
   * `constraint` (no value), on a unique index of columns: it is a unique constraint
   * (`UNIQUE (...)` in the table), not a unique index. DBML has no named or composite
   * unique constraint; `dbgen pull` writes one so, and push then keeps the database's.
   */
  constraint?: true;
}

export const TABLE_KEYS = [
  'class',
  'version',
  'softDelete',
  'view',
  'materialized',
  'search',
  'language',
  'types',
] as const;
export const INDEX_KEYS = ['where', 'include', 'constraint'] as const;
export const COLUMN_KEYS = [
  'property',
  'version',
  'relation',
  'inverse',
  'm2m',
  'generated',
  'virtual',
  'type',
] as const;
/** Project properties dbgen reads. */
export const PROJECT_KEYS = ['dbgen_version_column', 'dbgen_types'] as const;

const DIRECTIVE = /@dbgen\b([^\n]*)/g;

/** A note with its `@dbgen` lines taken out, and the directives they held. */
export interface SplitNote {
  /** The note without directives, trimmed; null when nothing else is left. */
  readonly text: string | null;
  readonly entries: readonly { readonly key: string; readonly value: string | null }[];
}

/** Splits `@dbgen` directives out of a note. */
export function splitNote(note: string): SplitNote {
  if (!note.includes('@dbgen')) return { text: note, entries: [] };
  const entries: { key: string; value: string | null }[] = [];
  let found = false;
  const text = note.replace(DIRECTIVE, (_match, body: string) => {
    found = true;
    for (const item of topLevelItems(body)) {
      const trimmed = item.trim();
      if (trimmed === '') continue;
      const colon = trimmed.indexOf(':');
      if (colon < 0) entries.push({ key: trimmed.toLowerCase(), value: null });
      else {
        const value = trimmed
          .slice(colon + 1)
          .trim()
          .replace(/^['"`](.*)['"`]$/, '$1');
        entries.push({ key: trimmed.slice(0, colon).trim().toLowerCase(), value });
      }
    }
    return '';
  });
  if (!found) return { text: note, entries };
  const rest = text.replace(/[ \t]+$/gm, '').trim();
  return { text: rest === '' ? null : rest, entries };
}

/**
 * `body` split at its commas, except those inside quotes, backticks or parentheses, so
 * that a value may be SQL: `where: \`status IN ('a', 'b')\``.
 */
function topLevelItems(body: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i] as string;
    if (quote !== null) {
      if (ch === quote) quote = null;
    } else if (ch === '`' || ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth += 1;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) {
      items.push(body.slice(start, i));
      start = i + 1;
    }
  }
  items.push(body.slice(start));
  return items;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function bad(span: SourceSpan | undefined, message: string): Diagnostic {
  return span === undefined
    ? { code: CODES.badExtension, severity: 'error', message }
    : { code: CODES.badExtension, severity: 'error', message, span };
}

function needName(
  key: string,
  value: string | null,
  span: SourceSpan | undefined,
  diagnostics: Diagnostic[],
): string | undefined {
  if (value === null || !NAME.test(value)) {
    diagnostics.push(
      bad(
        span,
        `@dbgen ${key}: expected an identifier (letters, digits, _), found ${value === null ? 'no value' : `'${value}'`}`,
      ),
    );
    return undefined;
  }
  return value;
}

/** Reads the directives of a table note. */
export function readTableExtensions(
  split: SplitNote,
  span: SourceSpan | undefined,
  diagnostics: Diagnostic[],
): TableExtensions {
  const ext: TableExtensions = {};
  for (const { key, value } of split.entries) {
    if (key === 'class') {
      const name = needName(key, value, span, diagnostics);
      if (name !== undefined) ext.className = name;
    } else if (key === 'materialized') {
      if (value !== null)
        diagnostics.push(bad(span, `@dbgen materialized takes no value, found '${value}'`));
      else ext.materialized = true;
    } else if (key === 'view') {
      if (value === null || value.trim() === '')
        diagnostics.push(
          bad(span, '@dbgen view: expected the SELECT in backticks, found no value'),
        );
      else ext.view = value.trim();
    } else if (key === 'search') {
      const names = (value ?? '')
        .replace(/^\((.*)\)$/s, '$1')
        .split(',')
        .map((name) => name.trim());
      if (value === null || names.some((name) => !NAME.test(name)))
        diagnostics.push(
          bad(
            span,
            `@dbgen search: expected the searched columns in parentheses, e.g. (title, body), found ${value === null ? 'no value' : `'${value}'`}`,
          ),
        );
      else ext.search = names;
    } else if (key === 'language') {
      const name = needName(key, value, span, diagnostics);
      if (name !== undefined) ext.searchLanguage = name;
    } else if (key === 'version') {
      if (value !== null && value.toLowerCase() === 'none') ext.versionColumn = null;
      else {
        const name = needName(key, value, span, diagnostics);
        if (name !== undefined) ext.versionColumn = name;
      }
    } else if (key === 'types') {
      if (value === null || value.trim() === '')
        diagnostics.push(
          bad(
            span,
            "@dbgen types: expected a module path in quotes, e.g. types: './json-types.js'",
          ),
        );
      else ext.typesModule = value.trim();
    } else if (key === 'softdelete') {
      const name = needName('softDelete', value, span, diagnostics);
      if (name !== undefined) ext.softDeleteColumn = name;
    } else {
      diagnostics.push(
        bad(
          span,
          `unknown @dbgen table setting '${key}'; expected one of: ${TABLE_KEYS.join(', ')}`,
        ),
      );
    }
  }
  checkTableExtensions(ext, span, diagnostics);
  return ext;
}

/** `materialized` alone names no view: reported, and dropped. */
export function checkTableExtensions(
  ext: TableExtensions,
  span: SourceSpan | undefined,
  diagnostics: Diagnostic[],
): void {
  if (ext.materialized && ext.view === undefined) {
    diagnostics.push(bad(span, '@dbgen materialized needs a view: `SELECT ...` beside it'));
    delete ext.materialized;
  }
  if (ext.searchLanguage !== undefined && ext.search === undefined) {
    diagnostics.push(bad(span, '@dbgen language needs a search: (columns) beside it'));
    delete ext.searchLanguage;
  }
}

/** Reads the directives of a column note. */
export function readColumnExtensions(
  split: SplitNote,
  span: SourceSpan | undefined,
  diagnostics: Diagnostic[],
): ColumnExtensions {
  const ext: ColumnExtensions = {};
  for (const { key, value } of split.entries) {
    switch (key) {
      case 'version':
        if (value !== null) {
          diagnostics.push(
            bad(span, `@dbgen version on a column takes no value, found '${value}'`),
          );
        } else ext.version = true;
        break;
      case 'type': {
        const name = needName(key, value, span, diagnostics);
        if (name !== undefined) ext.type = name;
        break;
      }
      case 'property':
      case 'relation':
      case 'inverse':
      case 'm2m': {
        const name = needName(key, value, span, diagnostics);
        if (name !== undefined) ext[key] = name;
        break;
      }
      case 'generated':
        if (value === null || value.trim() === '')
          diagnostics.push(
            bad(span, '@dbgen generated: expected a SQL expression in backticks, found no value'),
          );
        else ext.generated = { expression: value.trim(), stored: ext.generated?.stored ?? true };
        break;
      case 'virtual':
        if (value !== null)
          diagnostics.push(bad(span, `@dbgen virtual takes no value, found '${value}'`));
        else ext.generated = { expression: ext.generated?.expression ?? '', stored: false };
        break;
      default:
        diagnostics.push(
          bad(
            span,
            `unknown @dbgen column setting '${key}'; expected one of: ${COLUMN_KEYS.join(', ')}`,
          ),
        );
    }
  }
  if (ext.generated !== undefined && ext.generated.expression === '') {
    diagnostics.push(bad(span, '@dbgen virtual needs a generated: `expression` beside it'));
    delete ext.generated;
  }
  return ext;
}

/** Reads the directives of an index note. */
export function readIndexExtensions(
  split: SplitNote,
  span: SourceSpan | undefined,
  diagnostics: Diagnostic[],
): IndexExtensions {
  const ext: IndexExtensions = {};
  for (const { key, value } of split.entries) {
    if (key === 'where') {
      if (value === null || value.trim() === '')
        diagnostics.push(
          bad(span, `@dbgen where: expected a SQL predicate in backticks, found no value`),
        );
      else ext.where = value.trim();
    } else if (key === 'include') {
      const names = (value ?? '')
        .replace(/^\((.*)\)$/s, '$1')
        .split(',')
        .map((name) => name.trim());
      if (value === null || names.some((name) => !NAME.test(name))) {
        diagnostics.push(
          bad(
            span,
            `@dbgen include: expected column names in parentheses, e.g. (name, email), found ${value === null ? 'no value' : `'${value}'`}`,
          ),
        );
      } else ext.include = names;
    } else if (key === 'constraint') {
      if (value !== null)
        diagnostics.push(bad(span, `@dbgen constraint takes no value, found '${value}'`));
      else ext.constraint = true;
    } else {
      diagnostics.push(
        bad(
          span,
          `unknown @dbgen index setting '${key}'; expected one of: ${INDEX_KEYS.join(', ')}`,
        ),
      );
    }
  }
  return ext;
}
