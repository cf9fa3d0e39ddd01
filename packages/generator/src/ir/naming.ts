/**
 * Naming rules for generated code: singular/plural English nouns and camel/Pascal case.
 *
 * Hand-written because the job is small and must be deterministic across versions (a
 * changed inflection would rename a generated class): table names are mostly regular
 * English plurals, and anything odd can be overridden from the schema (`@dbgen class:`).
 */

/**
 * Plural → singular for words whose plural is not regular. Read through Maps (below): as
 * plain objects, `constructor` or `toString` found Object.prototype's functions, and a
 * table named `constructor` got the class `FunctionObjectNativeCode`.
 */
const IRREGULAR_PLURAL_WORDS: Readonly<Record<string, string>> = {
  people: 'person',
  men: 'man',
  women: 'woman',
  children: 'child',
  teeth: 'tooth',
  feet: 'foot',
  mice: 'mouse',
  geese: 'goose',
  oxen: 'ox',
  indices: 'index',
  matrices: 'matrix',
  vertices: 'vertex',
  criteria: 'criterion',
  phenomena: 'phenomenon',
  analyses: 'analysis',
  bases: 'base',
  theses: 'thesis',
  crises: 'crisis',
  diagnoses: 'diagnosis',
  quizzes: 'quiz',
  data: 'datum',
  media: 'medium',
  leaves: 'leaf',
  lives: 'life',
  wives: 'wife',
  knives: 'knife',
  halves: 'half',
  shelves: 'shelf',
  wolves: 'wolf',
  movies: 'movie',
  cookies: 'cookie',
  pies: 'pie',
  ties: 'tie',
  lies: 'lie',
  caches: 'cache',
  niches: 'niche',
  aliases: 'alias',
  statuses: 'status',
  buses: 'bus',
  viruses: 'virus',
  responses: 'response',
  databases: 'database',
  licenses: 'license',
  releases: 'release',
  purchases: 'purchase',
  courses: 'course',
  houses: 'house',
  horses: 'horse',
  cases: 'case',
  phases: 'phase',
  uses: 'use',
  causes: 'cause',
  clauses: 'clause',
  expenses: 'expense',
  warehouses: 'warehouse',
  addresses: 'address',
};

/** Words that are the same in singular and plural (or are not countable). */
const UNCOUNTABLE = new Set([
  'sheep',
  'fish',
  'deer',
  'series',
  'species',
  'news',
  'information',
  'equipment',
  'metadata',
  'feedback',
  'software',
  'hardware',
  'staff',
  'analytics',
  'access',
  'audio',
  'info',
  'inventory',
  'money',
  'music',
  'rice',
  'traffic',
]);

const IRREGULAR_PLURALS: ReadonlyMap<string, string> = new Map(
  Object.entries(IRREGULAR_PLURAL_WORDS),
);
const IRREGULAR_SINGULARS: ReadonlyMap<string, string> = new Map(
  Object.entries(IRREGULAR_PLURAL_WORDS).map(([plural, singular]) => [singular, plural]),
);

/** Keeps the case shape of `original` (all caps, capitalised) on `replacement`. */
function matchCase(original: string, replacement: string): string {
  if (original.length > 1 && original === original.toUpperCase()) return replacement.toUpperCase();
  if (original[0] !== undefined && original[0] === original[0].toUpperCase()) {
    return replacement.charAt(0).toUpperCase() + replacement.slice(1);
  }
  return replacement;
}

function singularWord(word: string): string {
  const lower = word.toLowerCase();
  if (lower.length <= 2 || UNCOUNTABLE.has(lower)) return word;
  const irregular = IRREGULAR_PLURALS.get(lower);
  if (irregular !== undefined) return matchCase(word, irregular);
  if (IRREGULAR_SINGULARS.has(lower)) return word;
  const rules: readonly [RegExp, string][] = [
    [/([^aeiou])ies$/i, '$1y'],
    [/(ss|x|z|ch|sh|o)es$/i, '$1'],
    [/([^aeiou])ves$/i, '$1f'],
    [/(us|ss|is)$/i, '$1'], // status, class, analysis: already singular
    [/s$/i, ''],
  ];
  for (const [pattern, replacement] of rules) {
    if (pattern.test(word)) return word.replace(pattern, replacement);
  }
  return word;
}

function pluralWord(word: string): string {
  const lower = word.toLowerCase();
  if (lower.length === 0 || UNCOUNTABLE.has(lower)) return word;
  const irregular = IRREGULAR_SINGULARS.get(lower);
  if (irregular !== undefined) return matchCase(word, irregular);
  if (IRREGULAR_PLURALS.has(lower)) return word; // already plural
  if (/[^aeiou]y$/i.test(word)) return word.replace(/y$/i, 'ies');
  if (/(ss|x|z|ch|sh|us)$/i.test(word)) return `${word}es`;
  if (/[^aeiou]is$/i.test(word)) return word.replace(/is$/i, 'es'); // analysis → analyses
  if (/s$/i.test(word)) return word; // `posts`: already plural
  return `${word}s`;
}

/** Splits `post_tags`, `PostTags`, `post-tags`, `HTTPRequests` into words. */
export function splitWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** Applies `change` to the last word of a snake/camel name, keeping the rest: `post_tags` → `post_tag`. */
function onLastWord(name: string, change: (word: string) => string): string {
  const match = /([A-Za-z][A-Za-z0-9]*)([^A-Za-z0-9]*)$/.exec(name);
  if (!match || match[1] === undefined) return name;
  // In camelCase the last word starts at the last capital.
  const tail = match[1];
  const capital = tail.search(/[A-Z][a-z]*$/);
  const start = match.index + (capital > 0 ? capital : 0);
  const word = name.slice(start, match.index + tail.length);
  return name.slice(0, start) + change(word) + name.slice(match.index + tail.length);
}

/**
 * Memoises a pure string function: schemas repeat the same names (`id`, `created_at`) in
 * every table, and naming runs for every column of every table. Bounded so that a long
 * watch session does not grow without limit.
 */
function memo(fn: (name: string) => string): (name: string) => string {
  const cache = new Map<string, string>();
  return (name) => {
    let result = cache.get(name);
    if (result === undefined) {
      result = fn(name);
      if (cache.size > 50_000) cache.clear();
      cache.set(name, result);
    }
    return result;
  };
}

/** The singular of a table name: `users` → `user`, `post_tags` → `post_tag`, `categories` → `category`. */
export const singularize = memo((name) => onLastWord(name, singularWord));

/** The plural of a name: `post` → `posts`, `category` → `categories`, `reply` → `replies`. */
export const pluralize = memo((name) => onLastWord(name, pluralWord));

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** `created_at` → `createdAt`; `ID` → `id`; `HTTPCode` → `httpCode`. Keeps a leading `$`/`_`. */
export const camelCase = memo(camelCaseOf);

function camelCaseOf(name: string): string {
  const words = splitWords(name);
  if (words.length === 0) return name;
  const joined = words
    .map((w, i) => {
      const normal = w === w.toUpperCase() ? w.toLowerCase() : w;
      return i === 0 ? normal.charAt(0).toLowerCase() + normal.slice(1) : capitalize(normal);
    })
    .join('');
  const lead = /^[$_]+/.exec(name)?.[0] ?? '';
  return /^[0-9]/.test(joined) ? `_${joined}` : lead + joined;
}

/** `post_tags` → `PostTags`. */
export function pascalCase(name: string): string {
  const camel = camelCase(name);
  return camel.startsWith('_') ? camel : capitalize(camel);
}

/** The model class name of a table: singular PascalCase, `post_tags` → `PostTag`. */
export function className(tableName: string): string {
  return pascalCase(singularize(tableName));
}

/** True when `name` can be written as a bare TypeScript identifier. */
export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}
