/**
 * The Query API: `session.query(User).filter(...).join('posts').orderBy(...).all()`.
 * Immutable: every method returns a new Query. Statements are Core nodes compiled by the
 * Core's compiler; results go through the session's identity map.
 */
import { Expression, toOrderNode, type OrderBy } from '../../core/expression.js';
import { node, type SelectionNode, type StatementNode } from '../../core/nodes.js';
import { MultipleResultsFoundError, NoResultFoundError, OrmError } from '../errors.js';
import { filterByConditions } from './filter-by.js';
import type { Mapper } from '../mapping/mapper.js';
import type { Model } from '../mapping/model.js';
import type { LoadOption } from './options.js';
import type { QuerySession } from './query-session.js';
import { iteratePages } from './iterate-pages.js';
import { loadSelectinPaths, planQuery } from './query-plan.js';
import {
  checkCount,
  countStar,
  initialQueryState,
  INTEGER,
  queryParts,
  type QueryState,
} from './query-state.js';
import { relationJoins } from '../relations/relation-sql.js';
import { andNode, selectNode, selection } from '../sql.js';
import type { FilterByValues, RelationNames } from '../mapping/types.js';

type Obj = Record<string, unknown>;

/** A relation name of `M`, or a dotted path starting with one (`'posts.tags'`). */
export type RelationPath<M> = RelationNames<M> | `${RelationNames<M>}.${string}`;

/** The row type of an `aggregate({...})` call. */
export type AggregateRow<S> = { [K in keyof S]: S[K] extends Expression<infer T> ? T : never };

export class Query<M extends Model> {
  private readonly s: QueryState;

  constructor(
    private readonly session: QuerySession,
    private readonly mapper: Mapper,
    state?: QueryState,
  ) {
    this.s = state ?? initialQueryState(mapper);
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

  /**
   * Equality conditions by property name: `filterBy({ email: x })`, and related objects of
   * to-one relations: `filterBy({ author: ann })` (see orm/query/filter-by.ts).
   */
  filterBy(values: FilterByValues<M>): Query<M> {
    const conds = Object.entries(values).flatMap(([prop, value]) =>
      filterByConditions(this.mapper, prop, value),
    );
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
    let repeatsRows = this.s.repeatsRows;
    parts.forEach((name, i) => {
      const rel = mapper.relation(name);
      if (rel.collection) repeatsRows = true;
      const target = rel.target();
      const wanted = i === parts.length - 1 && alias !== undefined ? alias : null;
      const targetQualifier = wanted ?? (used.includes(target.ir.name) ? rel.name : target.ir.name);
      joins.push(...relationJoins(rel, qualifier, targetQualifier, type, used));
      used.push(targetQualifier);
      mapper = target;
      qualifier = targetQualifier;
    });
    return this.with({ joins, used, repeatsRows });
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

  /**
   * Also the rows the built-in `softDelete` filter hides (tables declared with `@dbgen
   * softDelete`), in this query and the relations it loads.
   */
  withDeleted(): Query<M> {
    return this.withoutFilters('softDelete');
  }

  /**
   * Leaves the session's filters named here out of this query and the relations it
   * loads: `query(Post).withoutFilters('published')`. (A filter that guards writes still
   * guards the session's writes.)
   */
  withoutFilters(...names: string[]): Query<M> {
    for (const n of names) this.session.filters.check(n);
    const off = new Set(this.s.filtersOff ?? []);
    for (const n of names) off.add(n);
    return this.with({ filtersOff: off });
  }

  /** The session as this query reads through it (with the filters it switched off). */
  private get reader(): QuerySession {
    const off = this.s.filtersOff;
    return off === null ? this.session : this.session.withFiltersOff(off);
  }

  /** Rows overwrite objects already in the identity map, unflushed changes included. */
  populateExisting(): Query<M> {
    return this.with({ populateExisting: true });
  }

  // ---- execution ----------------------------------------------------------------------

  /** Every matching object, each once, in result order. */
  async all(): Promise<M[]> {
    const reader = this.reader;
    await reader.autoflushNow();
    const ex = await reader.executor();
    const plan = planQuery(reader, this.mapper, this.s);
    const { rows, arrays } = await ex.select(plan.statement);
    // The driver's array is ours: the objects take the rows' places (query-plan.ts).
    const objects = plan.collect(rows as unknown[], arrays);
    await loadSelectinPaths(
      reader,
      this.mapper,
      objects,
      plan.selectinOptions,
      this.s.populateExisting,
    );
    await reader.afterLoad();
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
    const ex = await this.reader.executor();
    const inner = selectNode({
      ...queryParts(
        this.mapper,
        this.s,
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
    const ex = await this.reader.executor();
    const stmt = selectNode({
      ...queryParts(this.mapper, this.s, [
        selection(node({ kind: 'value', value: 1, type: INTEGER }), 'one'),
      ]),
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
    const ex = await this.reader.executor();
    const sels: SelectionNode[] = Object.entries(selections).map(([k, e]) => selection(e.node, k));
    const stmt = selectNode({ ...queryParts(this.mapper, this.s, sels), distinct: false });
    return (await ex.run(stmt)).rows as AggregateRow<S>[];
  }

  /**
   * Iterates a large result in batches: `for await (const u of query.iterate(1000))`.
   * Without eager-load options the rows stream from a cursor: while it is open, another
   * statement of this session fails with a ConnectionBusyError on PostgreSQL and MySQL
   * (one statement per connection at a time: it would wait forever). With select-in options each
   * batch's relations are loaded before it is yielded; a cursor would hold the connection
   * (PostgreSQL runs one statement per connection at a time), so the batches are read as
   * pages instead: keyset pages in the query's order, or by a list of keys read first when
   * the ORDER BY is not on the queried table's columns (iterate-pages.ts). Each object
   * comes once, whatever the loop writes.
   */
  async *iterate(batchSize = 1000): AsyncIterable<M> {
    checkCount(batchSize, 'iterate');
    if (batchSize === 0) throw new OrmError('iterate() needs a batch size of at least 1');
    const reader = this.reader;
    await reader.autoflushNow();
    const plan = planQuery(reader, this.mapper, this.s);
    if (plan.joined.length > 0)
      throw new OrmError(
        'iterate() does not combine with joinedload(); use selectinload() (it loads per batch)',
      );
    if (plan.selectinOptions.length === 0) {
      const stream = await reader.stream(plan.statement, batchSize);
      // Rows of a collection join that kept its repeats (an ORDER BY on the joined table,
      // key-filtered.ts) are deduplicated per batch: a parent is yielded once in all.
      const yielded = this.s.repeatsRows ? new Set<M>() : null;
      const fresh = (objects: M[]): M[] =>
        yielded === null ? objects : objects.filter((o) => !yielded.has(o) && yielded.add(o));
      let batch: Obj[] = [];
      for await (const row of stream) {
        batch.push(row as Obj);
        if (batch.length >= batchSize) {
          const objects = fresh(plan.collect(batch, false) as M[]);
          await reader.afterLoad();
          yield* objects;
          batch = [];
        }
      }
      if (batch.length > 0) {
        const objects = fresh(plan.collect(batch, false) as M[]);
        await reader.afterLoad();
        yield* objects;
      }
      return;
    }
    if (this.s.limit !== null || this.s.offset !== null) {
      yield* await this.all();
      return;
    }
    yield* iteratePages(
      reader,
      this.mapper,
      this.s,
      batchSize,
      plan.selectinOptions,
    ) as AsyncIterable<M>;
  }

  private checkPath(path: readonly string[]): void {
    let mapper = this.mapper;
    for (const name of path) mapper = mapper.relation(name).target();
  }
}
