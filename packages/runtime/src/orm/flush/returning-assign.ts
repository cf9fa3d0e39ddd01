/**
 * Copies what an INSERT ... RETURNING sent back (generated keys, server defaults) onto the
 * inserted objects, with the property names written out per column list.
 *
 * Why generated: the object gets its key and defaults as new properties here (a new
 * object has only what its init gave). Stored through a loop over the names
 * (`o[p] = row[p]`), every store is a keyed store that adds a property, which V8 handles
 * generically; written out (`o["id"] = row["id"]`) each store site sees one name and one
 * shape change and takes its fast path. It was half of the persister's own time on W3 of
 * the peer benchmark (10,000 new objects, PostgreSQL CPU profile). Where code generation
 * from strings is disallowed, the loop serves.
 */
type Obj = Record<string, unknown>;

/** Copies the listed properties of `row` onto `obj`. */
export type ReturningAssign = (obj: Obj, row: Obj) => void;

const made = new Map<string, ReturningAssign>();

/** The {@link ReturningAssign} for `props` (one per distinct list, made on first use). */
export function returningAssign(props: readonly string[]): ReturningAssign {
  const key = props.join('\u0000');
  let fn = made.get(key);
  if (fn === undefined) {
    fn = generate(props) ?? loop(props);
    made.set(key, fn);
  }
  return fn;
}

function generate(props: readonly string[]): ReturningAssign | null {
  try {
    const body = props
      .map((p) => `o[${JSON.stringify(p)}] = row[${JSON.stringify(p)}];`)
      .join('\n');
    return new Function('o', 'row', body) as ReturningAssign;
  } catch {
    return null;
  }
}

function loop(props: readonly string[]): ReturningAssign {
  return (o, row) => {
    for (let i = 0; i < props.length; i++) {
      const p = props[i] as string;
      o[p] = row[p];
    }
  };
}
