/**
 * A column's `ColumnTypeIR` from its type node: the logical type, arguments, array
 * dimensions and enum, shared between columns that spell their type alike.
 */
import type { ColumnTypeIR } from '@dbgen/runtime';
import type { ColumnTypeNode } from '../dbml/ast.js';
import { splitName, type Scope } from './scope.js';
import { floatLogicalType, logicalTypeOf, normalizeTypeName } from './types.js';

/**
 * Column types repeat (`integer`, `varchar(255)` in every table): one immutable
 * `ColumnTypeIR` is shared per spelling and scope, which saves most of the allocations
 * of large schemas. Looked up by the type's text as written (`raw`), then matched on
 * the parts it was read from (two spellings can share a text: `"a.b"` and `a.b`); a key
 * string joined from those parts per column was itself a visible cost.
 */
interface CachedType {
  readonly parts: readonly string[];
  readonly args: readonly string[];
  readonly arrayDims: number;
  readonly type: ColumnTypeIR;
}

interface TypeCache {
  readonly byRaw: Map<string, CachedType[]>;
  /**
   * Past `MAX_SAME_RAW` spellings of one text, by the full key as before: a file of
   * thousands of columns sharing a text, each split differently, must not make each
   * lookup scan all the others (its cost would grow with the square of its size).
   */
  readonly byKey: Map<string, ColumnTypeIR>;
  size: number;
}

const MAX_SAME_RAW = 8;

const newCache = (): TypeCache => ({ byRaw: new Map(), byKey: new Map(), size: 0 });
const typeCache = new WeakMap<Scope, TypeCache>();
const unscopedTypes: TypeCache = newCache();

function fullKey(node: ColumnTypeNode): string {
  return `${node.name.parts.join('\u0001')}\u0000${node.args.join(',')}\u0000${node.arrayDims}\u0000${node.raw}`;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `ColumnTypeIR` of a type as written, resolving enum names through `scope`. */
export function columnType(node: ColumnTypeNode, scope: Scope | undefined): ColumnTypeIR {
  let cache = scope === undefined ? unscopedTypes : typeCache.get(scope);
  if (cache === undefined) {
    cache = newCache();
    if (scope !== undefined) typeCache.set(scope, cache);
  }
  const parts = node.name.parts;
  let list = cache.byRaw.get(node.raw);
  if (list !== undefined) {
    for (const entry of list) {
      if (
        entry.arrayDims === node.arrayDims &&
        sameStrings(entry.parts, parts) &&
        sameStrings(entry.args, node.args)
      )
        return entry.type;
    }
    if (list.length >= MAX_SAME_RAW) {
      const key = fullKey(node);
      const known = cache.byKey.get(key);
      if (known !== undefined) return known;
    }
  }
  const type = computeColumnType(node, scope);
  if (cache.size > 10_000) {
    cache.byRaw.clear();
    cache.byKey.clear();
    cache.size = 0;
    list = undefined;
  }
  if (list === undefined) cache.byRaw.set(node.raw, (list = []));
  if (list.length < MAX_SAME_RAW)
    list.push({ parts, args: node.args, arrayDims: node.arrayDims, type });
  else cache.byKey.set(fullKey(node), type);
  cache.size++;
  return type;
}

function computeColumnType(node: ColumnTypeNode, scope: Scope | undefined): ColumnTypeIR {
  const args: number[] = [];
  const quoted = splitQuotedType(node.name.parts[node.name.parts.length - 1] ?? node.raw);
  for (const arg of quoted?.args ?? node.args) {
    const n = Number(arg);
    if (Number.isFinite(n)) args.push(n);
  }
  const arrayDims = node.arrayDims + (quoted?.arrayDims ?? 0);
  const enumDecl = scope?.lookupEnum(node.name);
  const raw = node.raw;
  const baseName = quoted?.name ?? node.name.parts[node.name.parts.length - 1] ?? raw;
  if (enumDecl !== undefined) {
    const { schema, name } = splitName(enumDecl.node.name);
    return {
      logical: 'enum',
      raw,
      name: baseName.toLowerCase(),
      args,
      arrayDims,
      enum: { schema, name },
    };
  }
  // A qualified name that is not an enum (`pg_catalog.int4`): the last part is the type.
  // `bit(8)` is a bit string; only `bit` / `bit(1)` is a flag.
  const bitString = normalizeTypeName(baseName) === 'bit' && (args[0] ?? 1) > 1;
  const logical = bitString ? 'unknown' : logicalTypeOf(baseName);
  return {
    logical: normalizeTypeName(baseName) === 'float' ? floatLogicalType(args, null) : logical,
    raw,
    name: normalizeTypeName(baseName),
    args,
    arrayDims,
  };
}

/**
 * A quoted type name that carries its own arguments or array brackets (`"text[]"`,
 * `"character varying[]"`, `"varchar(255)"`, as schema exporters quote them) read as the
 * unquoted form would be; null for a plain name.
 */
function splitQuotedType(name: string): { name: string; args: string[]; arrayDims: number } | null {
  if (!/[[(]/.test(name)) return null;
  // Words, optional (arguments), optional trailing words (`timestamp(3) with time zone`,
  // `varchar(255) binary`, `int(11) unsigned`), optional [] brackets.
  const match = /^([^()[\]]+?)\s*(?:\(([^()]*)\)\s*([^()[\]]*?))?\s*((?:\[\s*\d*\s*\])*)$/.exec(
    name.trim(),
  );
  if (match === null) return null;
  const args = match[2] === undefined ? [] : match[2].split(',').map((a) => a.trim());
  const arrayDims = (match[4] ?? '').split('[').length - 1;
  const words = [match[1] ?? name, match[3] ?? ''].filter((w) => w !== '').join(' ');
  return { name: words, args, arrayDims };
}
