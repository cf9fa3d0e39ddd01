/**
 * The Query API: `session.query(User).filter(...).join('posts').orderBy(...).all()`.
 * Immutable: every method returns a new Query. Statements are Core nodes compiled by the
 * Core's compiler; results go through the session's identity map.
 */
import { Expression, toOrderNode, type OrderBy } from '../core/expression.js';
import {
  node,
  type ExpressionNode,
  type JoinNode,
  type OrderNode,
  type SelectionNode,
  type SelectNode,
} from '../core/nodes.js';
import type { ColumnTypeIR } from '../schema/ir.js';
import { MultipleResultsFoundError, NoResultFoundError, OrmError } from './errors.js';
import { hydrate, lastHydrateCreated } from './hydrate.js';
import { stateOf, type InstanceState } from './instance-state.js';
import { mapperSelections, orderByKey, selectinLoad, setLoaded } from './loaders.js';
import type { Mapper, RelationMapping } from './mapper.js';
import type { Model } from './model.js';
import type { LoadOption } from './options.js';
import { relationJoins } from './relation-sql.js';
import type { Session } from './session.js';
import { andNode, columnNode, selectNode, selection, tableNode, valueNode } from './sql.js';
import type { RelationNames } from './types.js';

type Obj = Record<string, unknown>;

/** A relation name of `M`, or a dotted path starting with one (`'posts.tags'`). */
export type RelationPath<M> = RelationNames<M> | `${RelationNames<M>}.${string}`;

/** The row type of an `aggregate({...})` call. */
export type AggregateRow<S> = { [K in keyof S]: S[K] extends Expression<infer T> ? T : never };

interface QueryState {
  readonly where: readonly ExpressionNode[];
  readonly joins: readonly JoinNode[];
  /** Qualifiers already used in FROM / JOIN (to alias a table joined twice). */
  readonly used: readonly string[];
  readonly orderBy: readonly OrderNode[];
  readonly groupBy: readonly ExpressionNode[];
  readonly having: ExpressionNode | null;
  readonly limit: number | null;
  readonly offset: number | null;
  readonly distinct: boolean;
  readonly options: readonly LoadOption[];
  readonly populateExisting: boolean;
}

const INTEGER: ColumnTypeIR = {
  logical: 'integer',
  raw: 'integer',
  name: 'integer',
  args: [],
  arrayDims: 0,
};

export class Query<M extends Model> {
  private readonly s: QueryState;

  constructor(
    private readonly session: Session,
    private readonly mapper: Mapper,
    state?: QueryState,
  ) {
    this.s = state ?? {
      where: [],
      joins: [],
      used: [mapper.ir.name],
      orderBy: [],
      groupBy: [],
      having: null,
      limit: null,
      offset: null,
      distinct: false,
      options: [],
      populateExisting: false,
    };
  }

  private with(patch: Partial<QueryState>): Query<M> {
    return new Query<M>(this.session, this.mapper, { ...this.s, ...patch });
  }

  /** Adds WHERE conditions (ANDed): `filter(User.c.email.eq(x), User.c.name.isNotNull())`. */
  filter(...conditions: Expression<boolean | null>[]): Query<M> {
    return this.with({ where: [...this.s.where, ...conditions.map((c) => c.node)] });
  }

  /** Same as {@link filter}. */
  where(...conditions: Expression<boolean | null>[]): Query<M> {
    return this.filter(...conditions);
  }

  /** Equality conditions by property name: `filterBy({ email: x })`. */
  filterBy(values: Partial<{ [K in keyof M]: M[K] }>): Query<M> {
    const conds: Expression<boolean>[] = [];
    for (const [prop, value] of Object.entries(values)) {
      const col = this.mapper.columns.find((c) => c.propertyName === prop);
      if (col === undefined)
        throw new OrmError(`${this.mapper.name} has no column property "${prop}"`);
      const column = (this.mapper.table as unknown as Record<string, Expression<unknown>>)[prop];
      if (column === undefined) throw new OrmError(`${this.mapper.name}.c has no column "${prop}"`);
      conds.push(column.eq(value as never));
    }
    return this.filter(...conds);
  }

  /**
   * INNER JOIN along a relation (dotted for a chain: `'posts.tags'`). Filter on the joined
   * table with its columns (`Post.c.title`); a table joined a second time (or the query's
   * own table, for a self-reference) is aliased by `alias`, default the relation name:
   * filter with `Category.c.$alias('children').name`.
   */
  join(path: RelationPath<M>, alias?: string): Query<M> {
    return this.addJoin(path, 'inner', alias);
  }

  /** LEFT OUTER JOIN along a relation; see {@link join}. */
  outerJoin(path: RelationPath<M>, alias?: string): Query<M> {
    return this.addJoin(path, 'left', alias);
  }

  private addJoin(path: string, type: 'inner' | 'left', alias: string | undefined): Query<M> {
    let mapper = this.mapper;
    let qualifier = this.mapper.ir.name;
    const joins = [...this.s.joins];
    const used = [...this.s.used];
    const parts = path.split('.');
    parts.forEach((name, i) => {
      const rel = mapper.relation(name);
      const target = rel.target();
      const wanted = i === parts.length - 1 && alias !== undefined ? alias : null;
      const targetQualifier = wanted ?? (used.includes(target.ir.name) ? rel.name : target.ir.name);
      joins.push(...relationJoins(rel, qualifier, targetQualifier, type, used));
      used.push(targetQualifier);
      mapper = target;
      qualifier = targetQualifier;
    });
    return this.with({ joins, used });
  }

  orderBy(...items: (OrderBy | Expression<unknown>)[]): Query<M> {
    return this.with({ orderBy: [...this.s.orderBy, ...items.map(toOrderNode)] });
  }

  limit(n: number): Query<M> {
    return this.with({ limit: checkCount(n, 'limit') });
  }

  offset(n: number): Query<M> {
    return this.with({ offset: checkCount(n, 'offset') });
  }

  groupBy(...exprs: Expression<unknown>[]): Query<M> {
    return this.with({ groupBy: [...this.s.groupBy, ...exprs.map((e) => e.node)] });
  }

  having(condition: Expression<boolean | null>): Query<M> {
    const h = this.s.having;
    return this.with({
      having: h === null ? condition.node : andNode([h, condition.node]),
    });
  }

  distinct(): Query<M> {
    return this.with({ distinct: true });
  }

  /** Eager-loading options: `options(selectinload('posts'), joinedload('author'))`. */
  options(...options: LoadOption[]): Query<M> {
    for (const o of options) this.checkPath(o.path);
    return this.with({ options: [...this.s.options, ...options] });
  }

  /** Rows overwrite objects already in the identity map, unflushed changes included. */
  populateExisting(): Query<M> {
    return this.with({ populateExisting: true });
  }

  // ---- execution ----------------------------------------------------------------------

  /** Every matching object, each once, in result order. */
  async all(): Promise<M[]> {
    await this.session.autoflushNow();
    const ex = await this.session.executor();
    const plan = this.plan();
    const { rows } = await ex.run(plan.statement);
    const objects = plan.collect(rows as Obj[]);
    await this.loadSelectin(objects, plan.selectinOptions);
    return objects as M[];
  }

  /** The first object (LIMIT 1), or null. */
  async first(): Promise<M | null> {
    const [obj] = await this.limit(1).all();
    return obj ?? null;
  }

  /** Exactly one object: {@link NoResultFoundError} when none, {@link MultipleResultsFoundError} when more. */
  async one(): Promise<M> {
    const obj = await this.oneOrNone();
    if (obj === null) throw new NoResultFoundError(`query(${this.mapper.name}).one() found no row`);
    return obj;
  }

  /** One object or null; {@link MultipleResultsFoundError} when more than one matches. */
  async oneOrNone(): Promise<M | null> {
    const objs = await (this.s.limit === null ? this.limit(2) : this).all();
    if (objs.length > 1)
      throw new MultipleResultsFoundError(
        `query(${this.mapper.name}).one() found more than one row`,
      );
    return objs[0] ?? null;
  }

  /** The number of matching objects. */
  async count(): Promise<number> {
    await this.session.autoflushNow();
    const ex = await this.session.executor();
    const inner = selectNode({
      ...this.parts(
        this.mapper.pkColumns.map((c) =>
          selection(
            node({
              kind: 'column',
              table: this.mapper.ir.name,
              name: c.name,
              type: c.type,
              propertyName: c.propertyName,
            }),
          ),
        ),
      ),
      orderBy: [],
      distinct: this.s.distinct || this.s.joins.length > 0,
    });
    const stmt = selectNode({
      selections: [selection(countStar(), 'count')],
      from: [node({ kind: 'derived', query: inner, alias: 'counted' })],
    });
    const { rows } = await ex.run(stmt);
    return Number((rows[0] as Obj | undefined)?.['count'] ?? 0);
  }

  /** True when at least one object matches. */
  async exists(): Promise<boolean> {
    await this.session.autoflushNow();
    const ex = await this.session.executor();
    const stmt = selectNode({
      ...this.parts([selection(node({ kind: 'value', value: 1, type: INTEGER }), 'one')]),
      orderBy: [],
      limit: 1,
    });
    return (await ex.run(stmt)).rows.length > 0;
  }

  /**
   * Aggregates or other expressions over the query's rows, as plain rows:
   * `query(Post).groupBy(Post.c.authorId).aggregate({ author: Post.c.authorId, n: count })`.
   */
  async aggregate<S extends Record<string, Expression<unknown>>>(
    selections: S,
  ): Promise<AggregateRow<S>[]> {
    await this.session.autoflushNow();
    const ex = await this.session.executor();
    const sels: SelectionNode[] = Object.entries(selections).map(([k, e]) => selection(e.node, k));
    const stmt = selectNode({ ...this.parts(sels), distinct: false });
    return (await ex.run(stmt)).rows as AggregateRow<S>[];
  }

  /**
   * Iterates a large result in batches: `for await (const u of query.iterate(1000))`.
   * Without eager-load options the rows stream from a cursor: while it is open, run no
   * other query on this session (PostgreSQL runs one statement per connection at a time;
   * it would wait forever). With select-in options each
   * batch's relations are loaded before it is yielded; a cursor would hold the connection
   * (PostgreSQL runs one statement per connection at a time), so the batches are read as
   * pages instead: by primary key when the query has no ORDER BY, else by LIMIT/OFFSET
   * with the primary key as the tie-breaker.
   */
  async *iterate(batchSize = 1000): AsyncIterable<M> {
    checkCount(batchSize, 'iterate');
    if (batchSize === 0) throw new OrmError('iterate() needs a batch size of at least 1');
    await this.session.autoflushNow();
    const plan = this.plan();
    if (plan.joined.length > 0)
      throw new OrmError(
        'iterate() does not combine with joinedload(); use selectinload() (it loads per batch)',
      );
    if (plan.selectinOptions.length === 0) {
      const stream = await this.session.stream(plan.statement, batchSize);
      let batch: Obj[] = [];
      for await (const row of stream) {
        batch.push(row as Obj);
        if (batch.length >= batchSize) {
          yield* plan.collect(batch) as M[];
          batch = [];
        }
      }
      if (batch.length > 0) yield* plan.collect(batch) as M[];
      return;
    }
    if (this.s.limit !== null || this.s.offset !== null) {
      yield* await this.all();
      return;
    }
    const root = this.mapper;
    const pk = root.pkColumns;
    const keyset = this.s.orderBy.length === 0 && pk.length === 1;
    const byKey = orderByKey(root, root.ir.name);
    let page: Query<M> = keyset ? this.orderByNodes(byKey) : this.orderByNodes(byKey, true);
    for (let offset = 0; ; offset += batchSize) {
      const objs = await (keyset ? page : page.offset(offset)).limit(batchSize).all();
      yield* objs;
      if (objs.length < batchSize) return;
      if (keyset) {
        const last = (objs[objs.length - 1] as Obj)[pk[0]!.propertyName];
        page = this.orderByNodes(byKey).where(
          new Expression<boolean>(
            node({
              kind: 'binary',
              op: '>',
              left: columnNode(pk[0]!, root.ir.name),
              right: valueNode(last, pk[0]!),
            }),
          ),
        );
      }
    }
  }

  private orderByNodes(items: readonly OrderNode[], append = false): Query<M> {
    return this.with({ orderBy: append ? [...this.s.orderBy, ...items] : [...items] });
  }

  // ---- building -----------------------------------------------------------------------

  private checkPath(path: readonly string[]): void {
    let mapper = this.mapper;
    for (const name of path) mapper = mapper.relation(name).target();
  }

  private parts(selections: readonly SelectionNode[]) {
    const s = this.s;
    const where =
      s.where.length === 0
        ? null
        : s.where.length === 1
          ? (s.where[0] as ExpressionNode)
          : node({
              kind: 'logical' as const,
              op: 'and' as const,
              items: Object.freeze([...s.where]),
            });
    return {
      selections,
      from: [tableNode(this.mapper.ir)],
      joins: s.joins,
      where,
      groupBy: s.groupBy,
      having: s.having,
      orderBy: s.orderBy,
      limit: s.limit,
      offset: s.offset,
      distinct: s.distinct && s.groupBy.length === 0,
    };
  }

  /** The SELECT, and how its rows become objects (with joined eager loads). */
  private plan(): {
    statement: SelectNode;
    joined: JoinedPlan[];
    selectinOptions: LoadOption[];
    collect: (rows: Obj[]) => object[];
  } {
    const root = this.mapper;
    const selections: SelectionNode[] = mapperSelections(root, root.ir.name, null);
    const joins: JoinNode[] = [...this.s.joins];
    const used = [...this.s.used];
    const joined: JoinedPlan[] = [];
    const selectinOptions: LoadOption[] = [];
    const limited = this.s.limit !== null || this.s.offset !== null;
    for (const opt of this.s.options) {
      const first = root.relation(opt.path[0] as string);
      if (opt.strategy === 'selectin' || (first.collection && limited)) {
        selectinOptions.push({ strategy: 'selectin', path: opt.path });
        continue;
      }
      let plan = joined.find((j) => j.rel === first);
      if (plan === undefined) {
        const target = first.target();
        const alias = `${first.name}_${joined.length + 1}`;
        joins.push(...relationJoins(first, root.ir.name, alias, 'left', used));
        used.push(alias);
        const prefix = `${alias}__`;
        selections.push(...mapperSelections(target, alias, prefix));
        plan = { rel: first, target, keys: target.props.map((p) => `${prefix}${p}`) };
        joined.push(plan);
      }
      if (opt.path.length > 1) selectinOptions.push({ strategy: 'selectin', path: opt.path });
    }
    // A collection join repeats the parent row; DISTINCT would not help, the collector dedupes.
    const parts = this.parts(selections);
    const orderBy =
      joined.some((j) => j.rel.collection) && parts.orderBy.length === 0
        ? root.pkColumns.map((c) =>
            node({
              kind: 'order' as const,
              expr: node({
                kind: 'column' as const,
                table: root.ir.name,
                name: c.name,
                type: c.type,
                propertyName: c.propertyName,
              }),
              direction: 'asc' as const,
              nulls: null,
            }),
          )
        : parts.orderBy;
    const statement = selectNode({
      ...parts,
      joins,
      orderBy,
      distinct: parts.distinct && joined.length === 0,
    });
    const populateExisting = this.s.populateExisting;
    const session = this.session;
    const collect = (rows: Obj[]): object[] => {
      const out: object[] = [];
      // Made at the first already-mapped object: a fresh one cannot repeat an earlier row.
      let seen: Set<object> | null = null;
      const collections = new Map<InstanceState, Map<RelationMapping, object[]>>();
      for (const row of rows) {
        const obj = hydrate(session, root, row, null, populateExisting);
        if (obj === null) continue;
        if (lastHydrateCreated) {
          out.push(obj);
          seen?.add(obj);
        } else {
          seen ??= new Set(out);
          if (!seen.has(obj)) {
            seen.add(obj);
            out.push(obj);
          }
        }
        if (joined.length === 0) continue;
        const st = stateOf(obj);
        for (const j of joined) {
          if (st.relations.has(j.rel.name) && !populateExisting && !collections.get(st)?.has(j.rel))
            continue;
          const child = hydrate(session, j.target, row, j.keys, populateExisting);
          if (!j.rel.collection) {
            setLoaded(st, j.rel, child);
            continue;
          }
          let byRel = collections.get(st);
          if (byRel === undefined) collections.set(st, (byRel = new Map()));
          let list = byRel.get(j.rel);
          if (list === undefined) byRel.set(j.rel, (list = []));
          if (child !== null && !list.includes(child)) list.push(child);
        }
      }
      for (const [st, byRel] of collections)
        for (const [rel, list] of byRel) setLoaded(st, rel, list);
      return out;
    };
    return { statement, joined, selectinOptions, collect };
  }

  private async loadSelectin(
    objects: readonly object[],
    options: readonly LoadOption[],
  ): Promise<void> {
    if (objects.length === 0 || options.length === 0) return;
    const roots = objects.map((o) => stateOf(o));
    for (const opt of options) {
      let level: InstanceState[] = roots;
      let mapper = this.mapper;
      for (let i = 0; i < opt.path.length; i++) {
        if (level.length === 0) break;
        const rel = mapper.relation(opt.path[i] as string);
        const last = i === opt.path.length - 1;
        const children = await selectinLoad(
          this.session,
          level,
          rel,
          this.s.populateExisting,
          this.s.populateExisting,
          !last,
        );
        // The next level's parents; none needed after the path's last step.
        if (!last) level = [...new Set(children)].map((o) => stateOf(o));
        mapper = rel.target();
      }
    }
  }
}

interface JoinedPlan {
  readonly rel: RelationMapping;
  readonly target: Mapper;
  /** Row keys of the target's properties (aliased selections). */
  readonly keys: readonly string[];
}

function checkCount(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0)
    throw new OrmError(`${what}() takes a non-negative integer, got ${String(n)}`);
  return n;
}

function countStar(): ExpressionNode {
  return node({
    kind: 'function',
    name: 'count',
    args: [],
    distinct: false,
    star: true,
    resultType: INTEGER,
  });
}
