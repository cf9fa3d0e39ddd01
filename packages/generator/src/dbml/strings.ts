/**
 * String literal decoding: escapes, line continuations and the indentation
 * normalisation of `'''` block strings (spec: language-basics.md, "Multi-line String").
 */

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
};

/** The first malformed `\u` escape in `body` (offset within body and its text), if any. */
export function findInvalidUnicodeEscape(
  body: string,
): { readonly index: number; readonly text: string } | null {
  for (let i = body.indexOf('\\'); i !== -1 && i < body.length; i = body.indexOf('\\', i + 2)) {
    if (body[i + 1] !== 'u') continue;
    if (/^[0-9a-fA-F]{4}$/.test(body.slice(i + 2, i + 6))) continue;
    const hex = /^[0-9a-fA-F]{0,3}/.exec(body.slice(i + 2))?.[0] ?? '';
    return { index: i, text: `\\u${hex}` };
  }
  return null;
}

/** Decodes backslash escapes; an unknown escape `\x` stands for `x`, `\` + newline for nothing. */
export function unescapeString(body: string): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\' || i + 1 >= body.length) {
      out += ch;
      continue;
    }
    const next = body[++i]!;
    if (next === '\r' && body[i + 1] === '\n') {
      i++; // line continuation over CRLF
    } else if (next === '\n' || next === '\r') {
      // line continuation: the backslash and the line break vanish
    } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 1, i + 5))) {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else {
      out += SIMPLE_ESCAPES[next] ?? next;
    }
  }
  return out;
}

/**
 * A `'''` string's value: escapes decoded, leading blank lines dropped, and the smallest
 * indentation among the non-blank lines removed from every line (blank lines lose at most
 * that much), exactly as the reference parser does.
 */
export function normalizeBlockString(body: string): string {
  const lines = unescapeString(body).split(/\r\n|\r|\n/);
  let first = 0;
  while (first < lines.length && lines[first]!.trim() === '') first++;
  const kept = lines.slice(first);
  let indent = Infinity;
  for (const line of kept) {
    if (line.trim() === '') continue;
    const lead = /^[ \t]*/.exec(line)![0].length;
    if (lead < indent) indent = lead;
  }
  if (indent === Infinity) indent = 0;
  return kept
    .map((line) => {
      const lead = /^[ \t]*/.exec(line)![0].length;
      return line.slice(Math.min(lead, indent));
    })
    .join('\n');
}

/** The body of a quoted token: its text without the delimiters (tolerates a missing close). */
export function stripDelimiters(text: string, delimiter: string): string {
  const start = delimiter.length;
  const end =
    text.length >= 2 * start && text.endsWith(delimiter) ? text.length - start : text.length;
  return text.slice(start, end);
}
