/**
 * Whether an object's loaded relations hold unflushed changes: the autoflush check asks
 * it of every object with relation cells, and reloading an expired object asks it before
 * unloading its relations (query/hydrate.ts).
 */
import type { InstanceState } from './instance-state.js';

/** A loaded relation differs from its snapshot (another object, or other members). */
export function relationsChanged(st: InstanceState): boolean {
  for (const [name, value] of st.relations) {
    const snap = st.relationSnapshot.get(name);
    if (value === snap) continue;
    if (!Array.isArray(value) || !Array.isArray(snap) || value.length !== snap.length) return true;
    for (let i = 0; i < value.length; i++) if (value[i] !== snap[i]) return true;
  }
  return false;
}
