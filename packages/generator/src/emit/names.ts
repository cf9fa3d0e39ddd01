/**
 * Identifiers and file names for generated code. Schema names can be anything DBML allows
 * (quoted names with spaces, reserved words, leading digits), so every name that becomes
 * TypeScript syntax or a file path passes through here.
 */

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends ' +
    'false finally for function if import in instanceof new null return super switch this throw ' +
    'true try typeof var void while with as implements interface let package private protected ' +
    'public static yield await any boolean number string symbol bigint object never unknown ' +
    'undefined arguments eval type of infer keyof readonly unique'
  ).split(' '),
);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PROPERTY_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Words of a name: `user_id`, `userId`, `User ID` → `user`, `id`. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0);
}

function upperFirst(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Makes `name` a valid, non-reserved identifier without changing a name that already is one. */
export function safeIdentifier(name: string): string {
  let id = IDENTIFIER.test(name) ? name : name.replace(/[^A-Za-z0-9_]+/g, '_');
  if (id.length === 0) id = '_';
  if (/^[0-9]/.test(id)) id = `_${id}`;
  return RESERVED.has(id) ? `${id}_` : id;
}

/** `user_accounts` → `UserAccounts`. */
export function pascalCase(name: string): string {
  const joined = words(name).map(upperFirst).join('');
  return safeIdentifier(joined.length > 0 ? joined : '_');
}

/** `user_accounts` → `userAccounts`. */
export function camelCase(name: string): string {
  const pascal = words(name).map(upperFirst).join('');
  const camel = pascal.charAt(0).toLowerCase() + pascal.slice(1);
  return safeIdentifier(camel.length > 0 ? camel : '_');
}

/** A property key as written in an interface or class: bare when it can be, quoted otherwise. */
export function propertyKey(name: string): string {
  return PROPERTY_NAME.test(name) ? name : quote(name);
}

/**
 * A string literal as prettier prints it: single quotes, unless the text holds more single
 * than double quotes; only the enclosing quote is escaped.
 */
export function quote(text: string): string {
  const body = JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"');
  const singles = (text.match(/'/g) ?? []).length;
  const doubles = (text.match(/"/g) ?? []).length;
  return singles > doubles ? `"${body.replace(/"/g, '\\"')}"` : `'${body.replace(/'/g, "\\'")}'`;
}

/**
 * Hands out unique names: the first asker gets the name, later ones a numbered variant.
 * Comparison ignores case when `caseInsensitive` (file names on macOS and Windows).
 */
export class NameAllocator {
  private readonly taken = new Set<string>();

  constructor(
    reserved: Iterable<string> = [],
    private readonly caseInsensitive = false,
  ) {
    for (const name of reserved) this.taken.add(this.fold(name));
  }

  private fold(name: string): string {
    return this.caseInsensitive ? name.toLowerCase() : name;
  }

  allocate(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.taken.has(this.fold(name)); n++) name = `${wanted}${n}`;
    this.taken.add(this.fold(name));
    return name;
  }
}

/** A file name (without extension) for a table: safe on every file system. */
export function fileBaseName(schema: string, name: string): string {
  const full = schema === 'public' ? name : `${schema}.${name}`;
  const safe = full.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[.-]+/, '_');
  return safe.length > 0 ? safe : '_';
}

/** Case-insensitive order that does not depend on the machine's locale (determinism). */
export function compareNames(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
