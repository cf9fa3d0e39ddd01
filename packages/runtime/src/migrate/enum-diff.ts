/** What of an enum's change the diff cannot say with added and dropped values: its order. */
import type { EnumIR } from '../schema/ir.js';
import type { Operation } from '../schema/operations.js';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The reorderEnum that puts `to`'s values in its order, when the adds and drops the diff
 * makes (each new value after the one before it) leave them in another.
 */
export function enumReorder(from: EnumIR, to: EnumIR): Operation | null {
  const order = from.values.map((v) => v.name).filter((n) => to.values.some((v) => v.name === n));
  to.values.forEach((value, i) => {
    if (order.includes(value.name)) return;
    const previous = to.values[i - 1]?.name;
    const at = previous === undefined ? order.length : order.indexOf(previous) + 1;
    order.splice(at === 0 ? order.length : at, 0, value.name);
  });
  const wanted = to.values.map((v) => v.name);
  return same(order, wanted)
    ? null
    : { kind: 'reorderEnum', enum: { schema: to.schema, name: to.name }, values: wanted };
}
