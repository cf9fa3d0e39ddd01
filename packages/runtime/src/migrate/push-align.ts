/**
 * `push` diffs the schema against the live database, but introspection reads a schema
 * back in the database's own spelling (PostgreSQL rewrites check expressions, SQLite keeps
 * no comments, a rowid key reads back as `integer`): a plain diff would "change" what is
 * already there. So, before diffing, every part of the live schema that the dialect
 * stores the same as the wanted one (compared as `migrate status` compares for drift,
 * through {@link comparableSchema}) is replaced by the wanted one's own spelling; what is
 * left to diff is what really differs.
 */
import { isDeepStrictEqual } from 'node:util';
import type { IndexIR, SchemaIR, TableIR, UniqueIR } from '../schema/ir.js';
import { resolveDialect } from '../core/dialect-lookup.js';
import { comparableSchema } from './compare.js';
import { normalizeSchema } from './names.js';
import type { DialectName } from '../schema/render.js';

type Json = Record<string, unknown>;
interface Comparable {
  readonly enums: readonly Json[];
  readonly tables: readonly Json[];
  readonly views: readonly Json[];
}

const nameOf = (item: { readonly name: string | null }): string => String(item.name);

/** `live`'s items, each swapped for `wanted`'s item of the same name when both compare equal. */
function alignList<T extends { readonly name: string | null }>(
  live: readonly T[],
  wanted: readonly T[],
  liveForms: readonly Json[] | undefined,
  wantedForms: readonly Json[] | undefined,
): T[] {
  const formOf = (forms: readonly Json[] | undefined, name: string): Json | undefined =>
    forms?.find((f) => String(f['name']) === name);
  return live.map((item) => {
    const twin = wanted.find((w) => nameOf(w) === nameOf(item));
    if (twin === undefined) return item;
    const same = isDeepStrictEqual(
      formOf(liveForms, nameOf(item)),
      formOf(wantedForms, nameOf(item)),
    );
    return same ? twin : item;
  });
}

/**
 * Where a unique constraint is only a unique index (MySQL), `compare` lists both as
 * indexes: a live one equal to a wanted one of the same name in either list is swapped
 * for it, in the wanted one's list, so that the diff neither drops nor re-creates it.
 */
function alignUniqueKeys(
  live: TableIR,
  wanted: TableIR,
  have: Json,
  want: Json,
): Pick<TableIR, 'uniques' | 'indexes'> {
  const formOf = (forms: Json, name: string): Json | undefined =>
    (forms['indexes'] as Json[] | undefined)?.find((f) => String(f['name']) === name);
  const uniques: UniqueIR[] = [];
  const indexes: IndexIR[] = [];
  const place = (item: UniqueIR | IndexIR, asUnique: boolean): void => {
    const name = nameOf(item);
    const wantedUnique = wanted.uniques.find((w) => nameOf(w) === name);
    const twin = wantedUnique ?? wanted.indexes.find((w) => nameOf(w) === name);
    const same = twin !== undefined && isDeepStrictEqual(formOf(have, name), formOf(want, name));
    if (same && wantedUnique) uniques.push(wantedUnique);
    else if (same) indexes.push(twin as IndexIR);
    else if (asUnique) uniques.push(item as UniqueIR);
    else indexes.push(item as IndexIR);
  };
  for (const unique of live.uniques) place(unique, true);
  for (const index of live.indexes) place(index, false);
  return { uniques, indexes };
}

function alignTable(
  live: TableIR,
  wanted: TableIR,
  have: Json,
  want: Json,
  uniqueIndexesAreConstraints: boolean,
): TableIR {
  const list = (field: string): Json[] | undefined => have[field] as Json[] | undefined;
  const wantList = (field: string): Json[] | undefined => want[field] as Json[] | undefined;
  return {
    ...live,
    // The ORM facts (class and relation names) are not in a database; take the wanted ones.
    ...Object.fromEntries(
      Object.entries(wanted).filter(
        ([k]) =>
          ![
            'columns',
            'indexes',
            'uniques',
            'checks',
            'foreignKeys',
            'primaryKey',
            'note',
          ].includes(k),
      ),
    ),
    columns: alignList(live.columns, wanted.columns, list('columns'), wantList('columns')),
    ...(uniqueIndexesAreConstraints
      ? alignUniqueKeys(live, wanted, have, want)
      : {
          indexes: alignList(live.indexes, wanted.indexes, list('indexes'), wantList('indexes')),
          uniques: alignList(live.uniques, wanted.uniques, list('uniques'), wantList('uniques')),
        }),
    checks: alignList(live.checks, wanted.checks, list('checks'), wantList('checks')),
    foreignKeys: alignList(
      live.foreignKeys,
      wanted.foreignKeys,
      list('foreignKeys'),
      wantList('foreignKeys'),
    ),
    primaryKey: isDeepStrictEqual(have['primaryKey'], want['primaryKey'])
      ? wanted.primaryKey
      : live.primaryKey,
    note: isDeepStrictEqual(have['note'], want['note']) ? wanted.note : live.note,
  } as TableIR;
}

/** `live` with every part that `dialect` stores as `wanted` has it spelled as in `wanted`. */
export function alignLiveSchema(
  live: SchemaIR,
  wanted: SchemaIR,
  dialect: DialectName,
  /** Views whose query changed (./view-probe.ts): kept as live, so the diff remakes them. */
  changedViews: ReadonlySet<string> = new Set(),
): SchemaIR {
  const liveIr = normalizeSchema(live);
  const wantedIr = normalizeSchema(wanted);
  const uniqueIndexesAreConstraints =
    resolveDialect(dialect).stores.uniqueIndexesAreConstraints === true;
  const have = comparableSchema(liveIr, dialect) as Comparable;
  const want = comparableSchema(wantedIr, dialect) as Comparable;
  const byKey = (forms: readonly Json[], key: string): Json | undefined =>
    forms.find((f) => f['key'] === key);
  const tables = liveIr.tables.map((table) => {
    const twin = wantedIr.tables.find((t) => t.key === table.key);
    if (!twin) return table;
    if (table.view || twin.view) {
      const same =
        Boolean(table.view) === Boolean(twin.view) &&
        !changedViews.has(table.key) &&
        isDeepStrictEqual(byKey(have.views, table.key), byKey(want.views, table.key));
      return same ? twin : table;
    }
    const haveTable = byKey(have.tables, table.key);
    const wantTable = byKey(want.tables, table.key);
    return haveTable && wantTable
      ? alignTable(table, twin, haveTable, wantTable, uniqueIndexesAreConstraints)
      : table;
  });
  // Enums the dialect does not keep as types (MySQL: column types) are taken as wanted.
  const compared = new Set(want.enums.map((e) => e['key']));
  // Where enums are only column types (MySQL), introspection names each after its column
  // (`m`, not `mood`): they compare through the columns, so the wanted ones stand for them
  // (else push would drop an enum `m` that is no type at all, every time).
  const enums = resolveDialect(dialect).stores.enumsAsColumnTypes
    ? wantedIr.enums
    : [
        ...liveIr.enums.map((e) => {
          const key = `${e.schema}.${e.name}`;
          const twin = wantedIr.enums.find((w) => `${w.schema}.${w.name}` === key);
          return twin && isDeepStrictEqual(byKey(have.enums, key), byKey(want.enums, key))
            ? twin
            : e;
        }),
        ...wantedIr.enums.filter(
          (w) =>
            !compared.has(`${w.schema}.${w.name}`) &&
            !liveIr.enums.some((e) => e.schema === w.schema && e.name === w.name),
        ),
      ];
  return { ...liveIr, tables, enums };
}
