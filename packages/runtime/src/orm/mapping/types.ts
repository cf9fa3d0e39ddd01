/** Type helpers over generated models, for generated code and for users. */
import type { Model } from './model.js';

type RelationValue = Model | readonly Model[];

/** Keys of `M` that are relations (values are models or arrays of models). */
export type RelationNames<M> = {
  [K in keyof M]-?: K extends string
    ? NonNullable<M[K]> extends RelationValue
      ? K
      : never
    : never;
}[keyof M];

/** Keys of `M` that are columns (not relations, not methods). */
export type ColumnNames<M> = {
  [K in keyof M]-?: K extends string
    ? NonNullable<M[K]> extends RelationValue
      ? never
      : M[K] extends (...args: never[]) => unknown
        ? never
        : K
    : never;
}[keyof M];

/** Keys of `M` that are to-one relations (a model or null, not an array). */
export type ToOneRelationNames<M> = {
  [K in RelationNames<M>]-?: NonNullable<M[K]> extends readonly Model[] ? never : K;
}[RelationNames<M>];

/**
 * What `query.filterBy` takes: column values, and related objects of to-one relations
 * (`filterBy({ author: ann })`). Collections are left out: "has this child" is `has()`.
 */
export type FilterByValues<M> = Partial<
  ColumnValues<M> & { [R in ToOneRelationNames<M>]: M[R] | null }
>;

/** A model's column values keyed by property name: `ColumnValues<User>` ≈ `UserRow`. */
export type ColumnValues<M> = { [K in ColumnNames<M>]: M[K] };

/** The target model of a relation `R` of `M`: `RelationTarget<User, 'posts'>` is `Post`. */
export type RelationTarget<M, R extends RelationNames<M>> =
  NonNullable<M[R]> extends readonly (infer T)[] ? T : NonNullable<M[R]>;

/** A concrete mapped model class whose instances are `M`. */
export type ModelClass<M extends Model = Model> = (abstract new (...args: never[]) => M) & {
  readonly name: string;
};
