/**
 * ORM facts derived from the tables and their foreign keys: class names, relation names
 * on both sides of each FK, many-to-many through pure join tables, orphan rules and
 * version columns. Every derived name can be overridden from the schema (extensions.ts);
 * names that still collide are reported (validate.ts), never silently renamed twice.
 */
import type { ForeignKeyIR, RelationIR } from '@dbgen/runtime';
import { CODES } from './codes.js';
import { columnOf, type Reporter, type TableDraft } from './context.js';
import { camelCase, pascalCase, pluralize, singularize } from './naming.js';

const INTEGER_TYPES = new Set(['smallint', 'integer', 'bigint']);

/** `author_id` → `author`, `authorId` → `author`; null when there is no id suffix. */
function stripIdSuffix(column: string): string | null {
  const match = /^(.+?)(?:_id|Id|_ID|ID)$/.exec(column);
  return match?.[1] ?? null;
}

/** Candidate names of the owning (many-to-one) side of `fk`, best first. */
function owningCandidates(fk: ForeignKeyIR, target: TableDraft): string[] {
  const first = fk.columns[0] ?? '';
  const singularTarget = singularize(target.name);
  if (fk.columns.length === 1) {
    const stripped = stripIdSuffix(first);
    return [
      ...(stripped === null ? [] : [camelCase(stripped)]),
      camelCase(`${first}_${singularTarget}`),
    ];
  }
  return [camelCase(singularTarget), camelCase(`${fk.columns.join('_')}_${singularTarget}`)];
}

/** The owning side's name: `author` for `author_id` when free, else `owningCandidates`. */
function owningName(
  book: NameBook,
  table: TableDraft,
  fk: ForeignKeyIR,
  target: TableDraft,
): string {
  const stripped = fk.columns.length === 1 ? stripIdSuffix(fk.columns[0] ?? '') : null;
  // The same first candidate as `owningCandidates`, without building the others.
  return stripped === null
    ? book.pick(table, owningCandidates(fk, target))
    : book.pickPreferred(table, camelCase(stripped), () => owningCandidates(fk, target));
}

/**
 * Per table, the names already taken: column properties, names written in the schema
 * (`@dbgen relation/inverse/m2m`), and relations derived so far. A derived name takes
 * the first free candidate; an explicit one is used as written (collisions are reported).
 */
class NameBook {
  private readonly taken = new Map<TableDraft, Set<string>>();

  constructor(tables: readonly TableDraft[], byKey: ReadonlyMap<string, TableDraft>) {
    for (const table of tables) this.set(table).add('');
    for (const table of tables) {
      for (const column of table.columns) this.set(table).add(column.propertyName);
      for (const fk of table.foreignKeys) {
        const holder = columnOf(table, fk.columns[0] ?? '');
        const target = byKey.get(fk.target);
        if (holder?.ext.relation !== undefined) this.set(table).add(holder.ext.relation);
        if (holder?.ext.inverse !== undefined && target !== undefined) {
          this.set(target).add(holder.ext.inverse);
        }
      }
    }
  }

  private set(table: TableDraft): Set<string> {
    let names = this.taken.get(table);
    if (names === undefined) {
      names = new Set();
      this.taken.set(table, names);
    }
    return names;
  }

  reserveExplicit(table: TableDraft, name: string): void {
    this.set(table).add(name);
  }

  /**
   * `preferred` when it is free on `table` (now taken), else `pick(table, rest())`: the
   * fallback names are built only when needed (most first choices are free, and each
   * fallback is a new string for the naming functions to split and case).
   */
  pickPreferred(table: TableDraft, preferred: string, rest: () => readonly string[]): string {
    const names = this.set(table);
    if (names.has(preferred)) return this.pick(table, rest());
    names.add(preferred);
    return preferred;
  }

  /** The first candidate not taken on `table` (the last one when all are), now taken. */
  pick(table: TableDraft, candidates: readonly string[]): string {
    const names = this.set(table);
    let chosen = candidates.find((c) => !names.has(c));
    if (chosen === undefined) {
      // Every candidate is taken: number the last one (`postsByAuthor2`).
      const last = candidates[candidates.length - 1] ?? 'relation';
      let n = 2;
      while (names.has(`${last}${n}`)) n++;
      chosen = `${last}${n}`;
    }
    names.add(chosen);
    return chosen;
  }
}

/** Applies class-name overrides; disambiguates same-named tables of different schemas. */
export function assignClassNames(tables: readonly TableDraft[], reporter: Reporter): void {
  for (const table of tables) {
    if (table.ext.className !== undefined) table.className = table.ext.className;
  }
  const byName = new Map<string, TableDraft[]>();
  for (const table of tables) {
    const list = byName.get(table.className) ?? [];
    list.push(table);
    byName.set(table.className, list);
  }
  for (const [, list] of byName) {
    if (list.length < 2) continue;
    // Prefix the schema for tables outside `public` that were not named explicitly.
    for (const table of list) {
      if (table.schema !== 'public' && table.ext.className === undefined) {
        table.className = pascalCase(`${table.schema}_${table.className}`);
      }
    }
  }
  const seen = new Map<string, TableDraft>();
  for (const table of tables) {
    const other = seen.get(table.className);
    if (other !== undefined) {
      reporter.error(
        CODES.classNameCollision,
        `tables '${other.key}' and '${table.key}' would both generate the class '${table.className}'; name one with a note line '@dbgen class: OtherName'`,
        table.extSpan ?? table.span,
      );
    } else seen.set(table.className, table);
  }
}

/** Chooses each table's version column (optimistic locking). */
export function assignVersionColumns(
  tables: readonly TableDraft[],
  projectDefault: string | null,
  reporter: Reporter,
): void {
  for (const table of tables) {
    if (table.synthesized) continue;
    const marked = table.columns.filter((c) => c.ext.version === true);
    let chosen: string | null = null;
    let explicit = true;
    let where = table.extSpan ?? table.span;
    if (marked.length > 1) {
      reporter.error(
        CODES.badVersionColumn,
        `table '${table.name}' marks ${marked.length} columns as its version column (${marked.map((c) => c.name).join(', ')}); a table has at most one`,
        marked[1]?.extSpan ?? table.span,
      );
    }
    if (marked[0] !== undefined) {
      chosen = marked[0].name;
      where = marked[0].extSpan ?? marked[0].span;
    } else if (table.ext.versionColumn !== undefined) chosen = table.ext.versionColumn;
    else if (projectDefault !== null && columnOf(table, projectDefault) !== undefined) {
      chosen = projectDefault;
      explicit = false;
    }
    if (chosen === null) continue;
    const column = columnOf(table, chosen);
    if (column === undefined) {
      reporter.error(
        CODES.badVersionColumn,
        `version column '${chosen}' does not exist in table '${table.name}'`,
        where,
      );
      continue;
    }
    if (!INTEGER_TYPES.has(column.type.logical) || column.type.arrayDims > 0) {
      const message = `version column '${table.name}.${chosen}' must be an integer type (smallint, integer, bigint), found ${column.type.raw}`;
      if (explicit) reporter.error(CODES.badVersionColumn, message, column.span);
      else
        reporter.warning(CODES.badVersionColumn, `${message}; not used for locking`, column.span);
      continue;
    }
    if (column.nullable) {
      reporter.warning(
        CODES.badVersionColumn,
        `version column '${table.name}.${chosen}' should be 'not null' (with a default such as 1)`,
        column.span,
      );
    }
    table.versionColumn = chosen;
  }
}

/** A pure join table: exactly two FKs whose columns together are the whole primary key. */
function isPureJoinTable(table: TableDraft): boolean {
  if (table.synthesized) return true;
  if (table.foreignKeys.length !== 2 || table.primaryKey === null) return false;
  // Cheap counts first: most tables fail here without allocating.
  const [a, b] = table.foreignKeys;
  const pkSize = table.primaryKey.columns.length;
  if (
    table.columns.length !== pkSize ||
    (a?.columns.length ?? 0) + (b?.columns.length ?? 0) !== pkSize
  ) {
    return false;
  }
  const fkColumns = table.foreignKeys.flatMap((fk) => fk.columns);
  const pk = new Set(table.primaryKey.columns);
  if (new Set(fkColumns).size !== fkColumns.length) return false;
  if (fkColumns.length !== pk.size || !fkColumns.every((c) => pk.has(c))) return false;
  return table.columns.every((c) => pk.has(c.name));
}

/** Up to this many FKs, a table's FKs to one target are counted by a scan (no map). */
const FEW_FKS = 8;

function countTarget(fks: readonly ForeignKeyIR[], target: string): number {
  let n = 0;
  for (const fk of fks) if (fk.target === target) n++;
  return n;
}

function countTargets(fks: readonly ForeignKeyIR[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const fk of fks) counts.set(fk.target, (counts.get(fk.target) ?? 0) + 1);
  return counts;
}

/** Derives every relation of every table. Call after class names and FKs are final. */
export function deriveRelations(tables: readonly TableDraft[]): void {
  const byKey = new Map(tables.map((t) => [t.key, t]));
  const book = new NameBook(tables, byKey);
  for (const table of tables) {
    if (!isPureJoinTable(table)) continue;
    for (const fk of table.foreignKeys) {
      const m2m = columnOf(table, fk.columns[0] ?? '')?.ext.m2m;
      const other = table.foreignKeys.find((f) => f !== fk);
      const side = other === undefined ? undefined : byKey.get(other.target);
      if (m2m !== undefined && side !== undefined) book.reserveExplicit(side, m2m);
    }
  }
  for (const table of tables) {
    // FKs per target, counted once (a count per FK was quadratic in a table's FKs); a
    // table with few FKs (nearly all) counts them by a scan and makes no map.
    const fks = table.foreignKeys;
    const fksTo = fks.length > FEW_FKS ? countTargets(fks) : null;
    for (const fk of fks) {
      const target = byKey.get(fk.target);
      if (target === undefined) continue;
      const holder = columnOf(table, fk.columns[0] ?? '');
      const name = holder?.ext.relation ?? owningName(book, table, fk, target);
      const siblings = fksTo === null ? countTarget(fks, fk.target) : (fksTo.get(fk.target) ?? 0);
      let inverse: string;
      if (holder?.ext.inverse !== undefined) inverse = holder.ext.inverse;
      else {
        const base = fk.oneToOne
          ? camelCase(singularize(table.name))
          : camelCase(pluralize(table.name));
        // Two FKs from one table to the same target: `followsByFollower`, `followsByFollowee`.
        inverse =
          siblings > 1
            ? book.pick(target, [`${base}By${pascalCase(name)}`])
            : book.pickPreferred(target, base, () => [`${base}By${pascalCase(name)}`]);
      }
      const required = fk.columns.every((c) => columnOf(table, c)?.nullable === false);
      const span = holder?.extSpan ?? fk.span ?? table.span;
      const owningRelation: RelationIR = {
        name,
        kind: fk.oneToOne ? 'one-to-one' : 'many-to-one',
        target: target.key,
        localColumns: [...fk.columns],
        targetColumns: [...fk.targetColumns],
        owning: true,
        inverse,
        orphan: null,
      };
      table.relations.push(owningRelation);
      if (span !== undefined) table.relationSpans.set(owningRelation, span);
      const inverseRelation: RelationIR = {
        name: inverse,
        kind: fk.oneToOne ? 'one-to-one' : 'one-to-many',
        target: table.key,
        localColumns: [...fk.targetColumns],
        targetColumns: [...fk.columns],
        owning: false,
        inverse: name,
        orphan: required || fk.onDelete === 'cascade' ? 'delete' : 'nullify',
      };
      target.relations.push(inverseRelation);
      if (span !== undefined) target.relationSpans.set(inverseRelation, span);
    }
  }
  for (const table of tables) {
    if (!isPureJoinTable(table)) continue;
    table.isJoinTable = true;
    const [a, b] = table.foreignKeys;
    if (a === undefined || b === undefined) continue;
    const sideA = byKey.get(a.target);
    const sideB = byKey.get(b.target);
    if (sideA === undefined || sideB === undefined) continue;
    const nameA = manyToManyName(book, sideA, table, b, sideB); // on A, the collection of B
    const nameB = manyToManyName(book, sideB, table, a, sideA); // on B, the collection of A
    const relationA = manyToMany(nameA, nameB, table, a, b);
    const relationB = manyToMany(nameB, nameA, table, b, a);
    sideA.relations.push(relationA);
    sideB.relations.push(relationB);
    if (table.span !== undefined) {
      sideA.relationSpans.set(relationA, table.span);
      sideB.relationSpans.set(relationB, table.span);
    }
  }
}

/** The name, on `owner`, of the collection of `far`'s target. */
function manyToManyName(
  book: NameBook,
  owner: TableDraft,
  join: TableDraft,
  far: ForeignKeyIR,
  target: TableDraft,
): string {
  const column = columnOf(join, far.columns[0] ?? '');
  if (column?.ext.m2m !== undefined) return column.ext.m2m;
  const stripped = far.columns.length === 1 ? stripIdSuffix(far.columns[0] ?? '') : null;
  const candidates = [
    ...(stripped !== null && !join.synthesized ? [camelCase(pluralize(stripped))] : []),
    camelCase(pluralize(target.name)),
    `${camelCase(pluralize(target.name))}Via${pascalCase(join.name)}`,
  ];
  return book.pick(owner, candidates);
}

function manyToMany(
  name: string,
  inverse: string,
  join: TableDraft,
  near: ForeignKeyIR,
  far: ForeignKeyIR,
): RelationIR {
  return {
    name,
    kind: 'many-to-many',
    target: far.target,
    localColumns: [...near.targetColumns],
    targetColumns: [...far.targetColumns],
    owning: false,
    through: { table: join.key, localColumns: [...near.columns], targetColumns: [...far.columns] },
    inverse,
    orphan: null,
  };
}
