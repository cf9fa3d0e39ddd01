/** Doc comments built from schema text (notes), which may contain anything. */

/** A one-line JSDoc; `*\/` and line breaks in the text cannot end or break the comment. */
export function docComment(text: string): string {
  const clean = text
    .replace(/\*\//g, '*\\/')
    .replace(/\s*\r?\n\s*/g, ' ')
    .trim();
  return `/** ${clean} */`;
}

/**
 * A schema name quoted for a comment: as a JSON string, with `*\/` broken (it would end a
 * block comment) and U+2028/U+2029 escaped (JavaScript ends a line comment at them).
 */
export function nameInComment(name: string): string {
  return JSON.stringify(name)
    .replace(/\*\//g, '*\\/')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A JSDoc for a schema note, possibly multi-line; empty when there is no note. */
export function noteComment(note: string | null): string {
  if (note === null || note.trim() === '') return '';
  const lines = note
    .replace(/\*\//g, '*\\/')
    .trim()
    .split(/\r?\n/)
    .map((l) => l.trimEnd());
  if (lines.length === 1) return `/** ${lines[0]} */\n`;
  return `/**\n${lines.map((l) => (l === '' ? ' *' : ` * ${l}`)).join('\n')}\n */\n`;
}
