/**
 * Types that generated `.d.ts` files refer to instead of spelling the same shapes out for
 * every table. A user's `tsc` parses and binds every table file of a client on every run
 * (the index re-exports them all), so each token saved there is saved a thousand times on
 * a large schema; these aliases are resolved only where a program uses them. Type-only.
 */
import type { Session } from '../session/session.js';

/**
 * What `new Model(init)` takes, from the row type: the `Required` columns, every other
 * column optional but the `Generated` ones (the database computes those), and `Refs`
 * (related objects the init may give instead of foreign keys).
 */
export type InitOf<
  Row,
  Required extends keyof Row,
  Refs = unknown,
  Generated extends keyof Row = never,
> = Pick<Row, Required> & Partial<Omit<Row, Required | Generated>> & Refs;

/** `Model.get(session, ...key)` / `Model.getBy...(session, ...values)`: the one object, or null. */
export type GetMethod<M, Key extends unknown[]> = (
  session: Session,
  ...key: Key
) => Promise<M | null>;

/** `Model.findBy...(session, ...values)`: every object with these (indexed) values. */
export type FindMethod<M, Values extends unknown[]> = (
  session: Session,
  ...values: Values
) => Promise<M[]>;

/** `Model.load...(session, object)`: loads relation `R` into the object and returns it. */
export type LoadMethod<M, R extends keyof M> = (session: Session, object: M) => Promise<M[R]>;
