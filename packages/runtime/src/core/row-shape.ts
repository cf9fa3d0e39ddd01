/**
 * Type-level facts about a select list beyond its row type (selection.ts): which output
 * names it repeats, and which FROM item each named column comes from, so that an outer
 * join can make the columns of its optional side `| null` after the row type was fixed by
 * `select(...)` (the select list comes before `from` and the joins).
 *
 * Nothing here exists at run time. The types are resolved per `select(...)` call and per
 * outer join, never by the declarations of a generated client.
 */
import type { Aliased, Expression } from './expression.js';
import type { RawSql } from './raw.js';
import type { SourceMark } from './source-mark.js';
import type { TableMembers } from './table.js';

/**
 * The output names a select argument gives its rows: none for an unnamed expression, nor
 * for an `any` (a dynamically imported client), which would otherwise name every string.
 */
type NamesOfArg<A> = 0 extends 1 & A
  ? never
  : A extends TableMembers<infer C>
    ? keyof C & string
    : A extends Aliased<infer _T, infer N>
      ? N
      : A extends Expression<infer _T> & { readonly __property?: infer P }
        ? string extends P
          ? never
          : P & string
        : A extends RawSql<infer _R>
          ? never
          : keyof A & string;

/** The first output name that two arguments of a select list share, or never. */
export type DuplicateName<
  A extends readonly unknown[],
  Seen extends string = never,
> = A extends readonly [infer H, ...infer R]
  ? [NamesOfArg<H> & Seen] extends [never]
    ? DuplicateName<R, Seen | NamesOfArg<H>>
    : NamesOfArg<H> & Seen
  : never;

/**
 * What `select(...)` gives for a list that names `Name` twice: no query, so `.from(...)`
 * fails to compile ("Property 'from' does not exist on type 'DuplicateOutputName<"id">'").
 * A row has one value per name; select such columns as an object with distinct keys
 * (`select({ ownerId: owners.id, thingId: things.id })`) or name one with `.as(...)`.
 */
export interface DuplicateOutputName<Name extends string> {
  readonly 'a select list names this column twice: select an object with distinct keys, or .as() one': Name;
}

/** Unwraps `__source` of a column: its FROM item, or never when not known. */
type SourceOf<E> = E extends { readonly __source?: infer S }
  ? unknown extends S
    ? never
    : S
  : never;

type SourcesOfArg<A> = 0 extends 1 & A
  ? Record<never, never>
  : A extends TableMembers<infer C>
    ? { [K in keyof C]: C }
    : A extends Aliased<infer _T, infer N>
      ? { [K in N]: SourceOf<A> }
      : A extends Expression<infer _T> & { readonly __property?: infer P }
        ? string extends P
          ? Record<never, never>
          : { [K in P & string]: SourceOf<A> }
        : A extends RawSql<infer _R>
          ? Record<never, never>
          : { [K in keyof A]: SourceOf<A[K]> };

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (
  x: infer I,
) => void
  ? I
  : never;

/**
 * Each named output's FROM item (never where it is not one table's or derived table's
 * column: an aggregate, an expression, a raw fragment).
 */
export type SourcesOfArgs<A extends readonly unknown[]> = A extends readonly []
  ? Record<never, never>
  : UnionToIntersection<SourcesOfArg<A[number]>>;

/** True when `A` and `B` are the same type (mutually assignable), without distributing. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** The type `SourceMark` records of a FROM item: a table's column map, a derived row. */
export type SourceKey<S> =
  S extends TableMembers<infer C> ? C : S extends SourceMark<infer R> ? R : never;

/**
 * The row after an outer join: the columns whose FROM item is on the join's optional side
 * become `| null`. `Side` says which that is: `{ optional: S }` for a LEFT JOIN of `S`,
 * `{ kept: S }` for a RIGHT JOIN of `S` (every other item becomes optional), `'all'` for a
 * FULL JOIN. Outputs of no known FROM item (aggregates, expressions) are left as typed.
 * A self-join (a table and its alias share one column map) makes both sides' columns
 * nullable: the types cannot tell them apart, and `| null` is the safe side of that.
 */
export type OuterJoined<Row, Sources, Side> = {
  [K in keyof Row]: K extends keyof Sources
    ? [Sources[K]] extends [never]
      ? Row[K]
      : Side extends { readonly optional: infer S }
        ? Same<Sources[K], S> extends true
          ? Row[K] | null
          : Row[K]
        : Side extends { readonly kept: infer S }
          ? Same<Sources[K], S> extends true
            ? Row[K]
            : Row[K] | null
          : Row[K] | null
    : Row[K];
};
