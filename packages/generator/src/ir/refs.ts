/**
 * Refs: resolves short, long and inline refs to tables and columns, checks them, and
 * derives foreign keys. A `<>` ref becomes a synthesized join table, named and shaped
 * as @dbml/core's SQL exporters do (`<first>_<second>`, columns `<table>_<column>`,
 * `(1)`, `(2)`... when the name is taken).
 */
import type {
  ForeignKeyIR,
  RefCardinality,
  RefIR,
  ReferentialAction,
  SourceSpan,
} from '@dbgen/runtime';
import type { RefEndpointNode, RefNode, RefOperator, SettingNode } from '../dbml/ast.js';
import { CODES } from './codes.js';
import { settingText } from './columns.js';
import {
  columnOf,
  mapPacked,
  type PendingInlineRef,
  type Reporter,
  type TableDraft,
} from './context.js';
import { camelCase, className } from './naming.js';
import { splitName, type Scope } from './scope.js';
import { typesCompatible } from './types.js';
import { oneToOneSides } from './one-to-one.js';

const CARDINALITY: Readonly<Record<RefOperator, RefCardinality>> = {
  '>': 'many-to-one',
  '<': 'one-to-many',
  '-': 'one-to-one',
  '<>': 'many-to-many',
};

const ACTIONS: readonly ReferentialAction[] = [
  'cascade',
  'restrict',
  'set null',
  'set default',
  'no action',
];

/** A ref before it becomes IR: both ends resolved to drafts. */
export interface ResolvedRef {
  readonly ir: RefIR;
  readonly from: TableDraft;
  readonly to: TableDraft;
  /** Inline refs put the foreign key of a `-` on the column that holds the ref. */
  readonly inline: boolean;
}

function action(setting: SettingNode | undefined, reporter: Reporter): ReferentialAction | null {
  if (setting === undefined) return null;
  const text = settingText(setting)?.toLowerCase().replace(/\s+/g, ' ');
  const found = ACTIONS.find((a) => a === text);
  if (found === undefined) {
    reporter.error(
      CODES.badRefAction,
      `'${setting.name}' must be one of ${ACTIONS.join(', ')}, found '${text ?? ''}'`,
      setting.span,
    );
    return null;
  }
  return found;
}

type Lookup = (scope: Scope, endpoint: RefEndpointNode) => TableDraft | undefined;

/** Resolves one endpoint to a table draft and checks its columns exist. */
function endpoint(
  scope: Scope,
  node: RefEndpointNode,
  lookup: Lookup,
  reporter: Reporter,
  ownTable: TableDraft | null,
): { table: TableDraft; columns: string[] } | undefined {
  // `ref: > col` (inline, no table part): a column of the table holding the ref.
  if (node.table.parts.length === 0 && ownTable !== null) {
    const column = node.columns[0] ?? '';
    if (columnOf(ownTable, column) === undefined) {
      reporter.error(
        CODES.unknownColumn,
        `column '${column}' does not exist in table '${ownTable.key}'`,
        node.span,
      );
      return undefined;
    }
    return { table: ownTable, columns: [column] };
  }
  const table = lookup(scope, node);
  if (table === undefined) {
    const { schema, name } = splitName(node.table);
    reporter.error(
      CODES.unknownTable,
      `table '${name}' does not exist in schema '${schema}'`,
      node.table.span,
    );
    return undefined;
  }
  let ok = true;
  for (const column of node.columns) {
    if (columnOf(table, column) === undefined) {
      reporter.error(
        CODES.unknownColumn,
        `column '${column}' does not exist in table '${table.key}'`,
        node.span,
      );
      ok = false;
    }
  }
  // Packed at every tier (see `mapPacked`): every FK and relation copies this array.
  return ok ? { table, columns: mapPacked(node.columns, (c) => c) } : undefined;
}

function sameEnd(a: RefIR['from'], b: RefIR['from']): boolean {
  return a.table === b.table && a.columns.join('\0') === b.columns.join('\0');
}

function checkRef(ref: ResolvedRef, reporter: Reporter): boolean {
  const { ir } = ref;
  if (ir.from.columns.length !== ir.to.columns.length) {
    reporter.error(
      CODES.refArityMismatch,
      `a composite ref must pair columns one to one: ${ir.from.columns.length} column(s) (${ir.from.columns.join(', ')}) on one side, ${ir.to.columns.length} (${ir.to.columns.join(', ')}) on the other`,
      ir.span,
    );
    return false;
  }
  if (sameEnd(ir.from, ir.to)) {
    reporter.error(
      CODES.refSameEndpoint,
      `the two endpoints of this ref are the same (${ir.from.table}.${ir.from.columns.join(', ')}); a column cannot reference itself`,
      ir.span,
    );
    return false;
  }
  ir.from.columns.forEach((name, i) => {
    const a = columnOf(ref.from, name);
    const bName = ir.to.columns[i] ?? '';
    const b = columnOf(ref.to, bName);
    if (a === undefined || b === undefined) return;
    const bothEnums = a.type.logical === 'enum' && b.type.logical === 'enum';
    const differentEnums =
      bothEnums &&
      (a.type.enum?.schema !== b.type.enum?.schema || a.type.enum?.name !== b.type.enum?.name);
    if (!typesCompatible(a.type.logical, b.type.logical) || differentEnums) {
      // A warning, not an error: the reference accepts such refs (and the corpus has some).
      reporter.warning(
        CODES.refTypeMismatch,
        `column types do not match across this ref: ${ref.from.name}.${name} is ${a.type.raw} (${a.type.logical}) but ${ref.to.name}.${bName} is ${b.type.raw} (${b.type.logical})`,
        ir.span,
      );
    }
  });
  return true;
}

/** Resolves every ref (short/long and inline), reports problems, returns the good ones. */
export function resolveRefs(
  refNodes: readonly { node: RefNode; scope: Scope }[],
  inline: readonly PendingInlineRef[],
  lookup: Lookup,
  reporter: Reporter,
): ResolvedRef[] {
  const resolved: ResolvedRef[] = [];
  for (const { node, scope } of refNodes) {
    const from = endpoint(scope, node.from, lookup, reporter, null);
    const to = endpoint(scope, node.to, lookup, reporter, null);
    if (from === undefined || to === undefined) continue;
    const setting = (name: string): SettingNode | undefined =>
      node.settings.find((s) => s.name === name);
    const ir: RefIR = {
      name: node.name === null ? null : node.name.parts.join('.'),
      from: { table: from.table.key, columns: from.columns },
      to: { table: to.table.key, columns: to.columns },
      cardinality: CARDINALITY[node.operator],
      onDelete: action(setting('delete'), reporter),
      onUpdate: action(setting('update'), reporter),
      span: node.span,
    };
    const ref = { ir, from: from.table, to: to.table, inline: false };
    if (checkRef(ref, reporter)) resolved.push(ref);
  }
  for (const pending of inline) {
    const to = endpoint(pending.scope, pending.node.target, lookup, reporter, pending.table);
    if (to === undefined) continue;
    const ir: RefIR = {
      name: null,
      from: { table: pending.table.key, columns: [pending.column] },
      to: { table: to.table.key, columns: to.columns },
      cardinality: CARDINALITY[pending.node.operator],
      onDelete: null,
      onUpdate: null,
      span: pending.node.span,
    };
    const ref = { ir, from: pending.table, to: to.table, inline: true };
    if (checkRef(ref, reporter)) resolved.push(ref);
  }
  // Two refs between the same columns (in either direction) are one too many.
  const seen = new Map<string, ResolvedRef>();
  const reportedFirst = new Set<ResolvedRef>();
  const unique: ResolvedRef[] = [];
  for (const ref of resolved) {
    const a = `${ref.ir.from.table}.(${ref.ir.from.columns.join(',')})`;
    const b = `${ref.ir.to.table}.(${ref.ir.to.columns.join(',')})`;
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    const first = seen.get(key);
    if (first !== undefined) {
      const message = `two refs join the same columns (${a} and ${b}); keep one`;
      if (!reportedFirst.has(first)) {
        reportedFirst.add(first);
        reporter.error(CODES.duplicateRef, message, first.ir.span);
      }
      reporter.error(CODES.duplicateRef, message, ref.ir.span);
      continue;
    }
    seen.set(key, ref);
    unique.push(ref);
  }
  return unique;
}

function foreignKey(
  holder: { table: TableDraft; columns: readonly string[] },
  target: { table: TableDraft; columns: readonly string[] },
  ref: RefIR,
  oneToOne: boolean,
): ForeignKeyIR {
  // Two literals, not `{ ...fk, span }`: a spread's copy got a new hidden class in every
  // compile (`%HaveSameMap`), so each compile's FKs looked new to the code optimised on
  // the last one's, which deoptimised (or went megamorphic) in every pass reading FKs.
  const columns = [...holder.columns];
  const targetColumns = [...target.columns];
  return ref.span === undefined
    ? {
        name: ref.name,
        columns,
        target: target.table.key,
        targetColumns,
        onDelete: ref.onDelete,
        onUpdate: ref.onUpdate,
        oneToOne,
      }
    : {
        name: ref.name,
        columns,
        target: target.table.key,
        targetColumns,
        onDelete: ref.onDelete,
        onUpdate: ref.onUpdate,
        oneToOne,
        span: ref.span,
      };
}

/**
 * Adds the foreign keys the refs imply to the drafts; `<>` refs add synthesized join
 * tables to `tables` (after the declared ones, in ref order, as @dbml/core does).
 */
export function deriveForeignKeys(refs: readonly ResolvedRef[], tables: TableDraft[]): void {
  // @dbml/core suffixes a join table whose name any schema uses, not only its own.
  const taken = new Set(tables.map((t) => t.name));
  for (const ref of refs) {
    const from = { table: ref.from, columns: ref.ir.from.columns };
    const to = { table: ref.to, columns: ref.ir.to.columns };
    switch (ref.ir.cardinality) {
      case 'many-to-one':
        from.table.foreignKeys.push(foreignKey(from, to, ref.ir, false));
        break;
      case 'one-to-many':
        to.table.foreignKeys.push(foreignKey(to, from, ref.ir, false));
        break;
      case 'one-to-one': {
        // Inline: the column with the ref holds the FK; short/long: the second endpoint,
        // unless the columns' uniqueness says the ref was written the other way round.
        const [holder, referenced] = ref.inline ? oneToOneSides(from, to) : oneToOneSides(to, from);
        holder.table.foreignKeys.push(foreignKey(holder, referenced, ref.ir, true));
        break;
      }
      case 'many-to-many': {
        // @dbml/core lists an inline ref's target first.
        const [first, second] = ref.inline ? [to, from] : [from, to];
        const join = joinTable(first, second, ref.ir, taken);
        taken.add(join.name);
        tables.push(join);
        break;
      }
    }
  }
}

function joinTable(
  first: { table: TableDraft; columns: readonly string[] },
  second: { table: TableDraft; columns: readonly string[] },
  ref: RefIR,
  taken: ReadonlySet<string>,
): TableDraft {
  const base = `${first.table.name}_${second.table.name}`;
  let name = base;
  if (taken.has(name)) {
    let count = 1;
    while (taken.has(`${base}(${count})`)) count++;
    name = `${base}(${count})`;
  }
  const span: SourceSpan | undefined = ref.span;
  const sideColumns = (side: typeof first, used: Set<string>): string[] =>
    side.columns.map((column) => {
      // A table joined to itself (or to its namesake in another schema): `t_id`, `t_id(1)`.
      const base = `${side.table.name}_${column}`;
      let joinColumn = base;
      for (let count = 1; used.has(joinColumn); count++) joinColumn = `${base}(${count})`;
      used.add(joinColumn);
      return joinColumn;
    });
  const used = new Set<string>();
  const firstColumns = sideColumns(first, used);
  const secondColumns = sideColumns(second, used);
  const copy = (side: typeof first, names: string[]): TableDraft['columns'] =>
    side.columns.map((column, i) => {
      const source = columnOf(side.table, column);
      const joinName = names[i] ?? column;
      return {
        name: joinName,
        type: source?.type ?? {
          logical: 'unknown',
          raw: 'unknown',
          name: 'unknown',
          args: [],
          arrayDims: 0,
        },
        nullable: false,
        explicitNull: false,
        primaryKey: true,
        unique: false,
        autoIncrement: false,
        default: null,
        defaultSpan: undefined,
        checks: [],
        note: null,
        propertyName: camelCase(joinName),
        span: span ?? source?.span ?? first.table.span!,
        ext: {},
        extSpan: undefined,
      };
    });
  const columns = [...copy(first, firstColumns), ...copy(second, secondColumns)];
  const key = `${first.table.schema}.${name}`;
  const draft: TableDraft = {
    key,
    schema: first.table.schema,
    name,
    alias: null,
    note: null,
    columns,
    primaryKey: { name: null, columns: columns.map((c) => c.name) },
    indexes: [],
    checks: [],
    foreignKeys: [
      {
        name: null,
        columns: firstColumns,
        target: first.table.key,
        targetColumns: [...first.columns],
        onDelete: ref.onDelete,
        onUpdate: ref.onUpdate,
        oneToOne: false,
      },
      {
        name: null,
        columns: secondColumns,
        target: second.table.key,
        targetColumns: [...second.columns],
        onDelete: ref.onDelete,
        onUpdate: ref.onUpdate,
        oneToOne: false,
      },
    ],
    relations: [],
    relationSpans: new Map(),
    className: className(name.replace(/\((\d+)\)$/, '_$1')),
    versionColumn: null,
    isJoinTable: true,
    synthesized: true,
    span,
    file: first.table.file,
    scope: undefined,
    ext: {},
    extSpan: undefined,
    records: [],
  };
  return draft;
}
