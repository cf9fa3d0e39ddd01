/**
 * Type-level facts about a select list beyond its row type (selection.ts): which output
 * names it repeats.
 *
 * Nothing here exists at run time. The types are resolved per `select(...)` call, never
 * by the declarations of a generated client.
 */
import type { Aliased, Expression } from './expression.js';
import type { RawSql } from './raw.js';
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
