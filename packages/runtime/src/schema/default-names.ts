/**
 * The names dbgen gives a key or index made without one, as PostgreSQL names them
 * (`users_email_key`, `posts_title_idx`, numbered `users_email_key1` when taken):
 * migrate/names.ts names a schema's unnamed keys with them, and MySQL's introspection
 * (dialects/mysql/key-names.ts) gives them to the keys MySQL named clashingly. They live
 * here because dialects may not import migrate/ (tests/architecture/layers.test.ts), and
 * the two must name a key alike: a pulled name that differed from the one a push gives
 * would show up as drift.
 */
import type { IndexIR } from './ir.js';

/** PostgreSQL truncates identifiers to 63 bytes; names are kept within that. */
const MAX_NAME_BYTES = 63;

/** `base_suffix`, the base cut so that the name fits in 63 bytes. */
export function fitName(base: string, suffix: string): string {
  const room = MAX_NAME_BYTES - suffix.length - 1;
  return `${Buffer.from(base).subarray(0, room).toString()}_${suffix}`;
}

/** The start of an index's default name: its table, then its columns (`expr` for an expression). */
export function indexNameBase(table: string, index: IndexIR): string {
  const parts = index.parts.map((part) => (part.kind === 'column' ? part.name : 'expr'));
  return [table, ...parts].join('_');
}

/** Makes names unique within one namespace by appending 1, 2, ... before the suffix. */
export class NameAllocator {
  private readonly used = new Set<string>();

  /** Marks a name as taken: a name allocated later never equals it. */
  reserve(name: string): void {
    this.used.add(name);
  }

  /** `base_suffix` (fitted), or `base_suffix1`, `base_suffix2`... when that is taken. */
  allocate(base: string, suffix: string): string {
    let name = fitName(base, suffix);
    for (let n = 1; this.used.has(name); n += 1) name = fitName(base, `${suffix}${n}`);
    this.used.add(name);
    return name;
  }
}
