/**
 * Empty arrays that V8 already treats as holding any value, for the per-session and
 * per-flush lists the unit of work pushes objects into.
 *
 * Why: V8 makes `[]` an array of small integers and moves it to "any value" at its first
 * object. Code compiled while one session's list was moving learnt that move; the same
 * code, handed the fresh `[]` of the next session, met an integer array again and was
 * thrown away ("not a Smi" in `--trace-deopt`, at the push of the pending set and of the
 * journal), so the second to fifth flush of a process ran the rest of their 10,000
 * objects in the interpreter. Measured on W3 of the peer benchmark (PostgreSQL, a full
 * collection before each run, as the peer harness does): runs 2-4 took 90-100 ms, and
 * 64-76 ms with these (docs/orm.md, "Where the time goes").
 */
export function objectArray<T>(): T[] {
  // `undefined` is not a small integer: the literal is born "any value", and emptying it
  // keeps that (an array's elements kind only ever widens).
  const list = [undefined] as unknown as T[];
  list.length = 0;
  return list;
}
