/**
 * Eager-loading options for `query(...).options(...)`, chosen per query (SQLAlchemy's
 * loader options). Paths are relation names, dotted for nested relations: `'posts.tags'`.
 */
export interface LoadOption {
  readonly strategy: 'selectin' | 'joined';
  readonly path: readonly string[];
}

function option(strategy: LoadOption['strategy'], path: string): LoadOption {
  const parts = path.split('.').filter((p) => p.length > 0);
  if (parts.length === 0)
    throw new TypeError(`${strategy}load: expected a relation name, got ${JSON.stringify(path)}`);
  return Object.freeze({ strategy, path: Object.freeze(parts) });
}

/**
 * Loads a relation with one extra SELECT per level (`WHERE fk IN (...)`, keys in chunks of
 * 1,000): never one query per object. Best for collections.
 */
export function selectinload(path: string): LoadOption {
  return option('selectin', path);
}

/**
 * Loads a relation in the same SELECT with a LEFT OUTER JOIN. Best for many-to-one. The
 * first level joins; deeper levels of a dotted path load select-in. A joined collection
 * under `limit`/`offset` loads select-in instead (a join would cut the limit across rows).
 */
export function joinedload(path: string): LoadOption {
  return option('joined', path);
}
