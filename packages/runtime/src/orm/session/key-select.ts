/**
 * The SELECT by primary key of `get` and `refresh`: one statement per mapper, the key
 * values as placeholders read by position (`ParamNode.index`).
 *
 * Why one node: the Core's compiler remembers a statement node with placeholders by
 * identity (`compileForRun`), so each `get` binds its values to the SQL it made once.
 * A fresh node per call (the key as literal values) was built, frozen and walked for its
 * shape every time: W1 of the peer benchmark makes 2,000 of them.
 */
import { node, type ParamNode, type SelectNode } from '../../core/nodes.js';
import type { Mapper } from '../mapping/mapper.js';
import { mapperSelections } from '../relations/loaders.js';
import { andNode, columnNode, eqNode, selectNode, tableNode } from '../sql.js';

const statements = new WeakMap<Mapper, SelectNode>();

/** The mapper's SELECT of its columns `WHERE` key = the values given as an array, in key order. */
export function keySelect(mapper: Mapper): SelectNode {
  let stmt = statements.get(mapper);
  if (stmt !== undefined) return stmt;
  const qualifier = mapper.ir.name;
  stmt = selectNode({
    selections: mapperSelections(mapper, qualifier, null),
    from: [tableNode(mapper.ir)],
    where: andNode(
      mapper.pkColumns.map((c, index) =>
        eqNode(
          columnNode(c, qualifier),
          node<ParamNode>({ kind: 'param', name: `key${index}`, type: c.type, index }),
        ),
      ),
    ),
  });
  statements.set(mapper, stmt);
  return stmt;
}
