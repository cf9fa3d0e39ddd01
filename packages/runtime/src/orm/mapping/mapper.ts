/**
 * Mapper metadata: what the ORM knows about a registered model class: its table, columns,
 * primary key, version column and relations (targets resolved lazily through thunks,
 * because generated model files import each other).
 */
import type { ColumnIR, RelationIR, TableIR, TableKey } from '../../schema/ir.js';
import { MappingError } from '../errors.js';

/** What the ORM needs from a Core table: its IR (the Core's `Table<C>` satisfies this). */
export interface MappedTable {
  readonly $ir: TableIR;
}

/** A model class as `registerModel` takes it. */
export type ModelConstructor = abstract new (...args: never[]) => object;

/** A relation of a mapper, with property names resolved and the target resolved lazily. */
export interface RelationMapping {
  readonly name: string;
  readonly kind: RelationIR['kind'];
  readonly ir: RelationIR;
  readonly owner: Mapper;
  /** True for one-to-many and many-to-many (the value is an array). */
  readonly collection: boolean;
  /** The target's mapper (resolves the thunk on first use). */
  target(): Mapper;
}

export class Mapper {
  readonly ir: TableIR;
  readonly columns: readonly ColumnIR[];
  /** Property name of each column, in column order. */
  readonly props: readonly string[];
  readonly pkColumns: readonly ColumnIR[];
  readonly pkProps: readonly string[];
  /** Index in `props` of each primary key property (for rows keyed by position). */
  readonly pkIndexes: readonly number[];
  readonly versionProp: string | null;
  readonly relations = new Map<string, RelationMapping>();
  /** Relation names in declaration order: the slot order of {@link RelationSlots}. */
  readonly relationNames: string[] = [];
  /** A relation name → its slot index. */
  readonly relationSlot = new Map<string, number>();
  private readonly propByColumn = new Map<string, string>();
  /** @internal Hydration's constructor of instances from rows (hydrate.ts), made on first use. */
  instanceMaker: unknown = null;
  /** @internal The flush's snapshot builder (unit-of-work.ts), made on first use. */
  snapshotMaker: unknown = null;
  /** @internal The generated column comparison and autoflush scan loop (lazy-diff.ts), made on first use. */
  lazyDiffer: unknown = null;

  constructor(
    readonly cls: ModelConstructor,
    readonly table: MappedTable,
  ) {
    this.ir = table.$ir;
    this.columns = this.ir.columns;
    this.props = this.columns.map((c) => c.propertyName);
    for (const c of this.columns) this.propByColumn.set(c.name, c.propertyName);
    const pkNames =
      this.ir.primaryKey?.columns ?? this.columns.filter((c) => c.primaryKey).map((c) => c.name);
    this.pkColumns = pkNames.map((n) => this.column(n));
    this.pkProps = this.pkColumns.map((c) => c.propertyName);
    this.pkIndexes = this.pkProps.map((p) => this.props.indexOf(p));
    const version = this.ir.orm.versionColumn;
    this.versionProp = version === null ? null : this.prop(version);
  }

  get name(): string {
    return this.cls.name || this.ir.orm.className;
  }

  get key(): TableKey {
    return this.ir.key;
  }

  /** The column IR named `name` (a database column name). */
  column(name: string): ColumnIR {
    const col = this.columns.find((c) => c.name === name);
    if (!col)
      throw new MappingError(`table "${this.ir.key}" has no column "${name}" (model ${this.name})`);
    return col;
  }

  /** The property name of the database column `name`. */
  prop(name: string): string {
    const p = this.propByColumn.get(name);
    if (p === undefined)
      throw new MappingError(`table "${this.ir.key}" has no column "${name}" (model ${this.name})`);
    return p;
  }

  private inverseSide: RelationMapping[] | null = null;

  /** Relations whose FK is on the other side (collections, inverse one-to-one). */
  get inverseSideRelations(): readonly RelationMapping[] {
    return (this.inverseSide ??= [...this.relations.values()].filter((r) => !r.ir.owning));
  }

  /** Adds a relation (registerModel) and gives it the next slot. */
  addRelation(rel: RelationMapping): void {
    if (!this.relationSlot.has(rel.name)) {
      this.relationSlot.set(rel.name, this.relationNames.length);
      this.relationNames.push(rel.name);
    }
    this.relations.set(rel.name, rel);
    this.inverseSide = null;
  }

  relation(name: string): RelationMapping {
    const rel = this.relations.get(name);
    if (!rel) {
      const known = [...this.relations.keys()];
      throw new MappingError(
        `${this.name} has no relation "${name}"` +
          (known.length > 0 ? `; its relations are: ${known.join(', ')}` : '; it has no relations'),
      );
    }
    return rel;
  }
}

const mappers = new Map<ModelConstructor, Mapper>();
const mappersByTable = new Map<TableKey, Mapper>();

/** The mapper of a registered class (or of an instance's class). */
export function mapperOf(cls: ModelConstructor): Mapper {
  const m = mappers.get(cls);
  if (m) return m;
  // A subclass of a registered model maps like its parent.
  let proto: unknown = Object.getPrototypeOf(cls);
  while (typeof proto === 'function') {
    const parent = mappers.get(proto as ModelConstructor);
    if (parent) return parent;
    proto = Object.getPrototypeOf(proto);
  }
  throw new MappingError(
    `${cls.name || 'this class'} is not a mapped model; call registerModel(${cls.name || 'Model'}, table, relations) first`,
  );
}

/** The mapper for a table key, if a model was registered for it. */
export function mapperForTable(key: TableKey): Mapper | undefined {
  return mappersByTable.get(key);
}

let softDeleteMappers = 0;

/** True when a registered model soft-deletes (sessions then start with the softDelete filter). */
export function anySoftDeleteModel(): boolean {
  return softDeleteMappers > 0;
}

let registered: readonly Mapper[] | null = null;

/** Every registered mapper (a list made again after each registration). */
export function registeredMappers(): readonly Mapper[] {
  return (registered ??= [...mappers.values()]);
}

export function addMapper(mapper: Mapper): void {
  if (mappers.has(mapper.cls)) throw new MappingError(`${mapper.name} is already registered`);
  mappers.set(mapper.cls, mapper);
  registered = null;
  if (mapper.ir.orm.softDeleteColumn !== undefined) softDeleteMappers++;
  // Last registration of a table wins (tests may map one table twice in separate fixtures).
  mappersByTable.set(mapper.key, mapper);
}
