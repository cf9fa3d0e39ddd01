/**
 * Text made safe to write to a terminal. A schema file (or a binary file given as one) can
 * hold escape sequences that would drive the terminal, bidirectional overrides that make
 * the text read differently than it is (the "Trojan Source" trick), and invisible
 * characters: each of those is written as `<U+XXXX>`, so what is printed is what is there.
 * Tabs stay (source lines keep their indentation); lone UTF-16 surrogates, which no
 * terminal can show, are written the same way.
 */

// C0 controls but tab, DEL and C1 controls; ALM, LRM/RLM, bidi embeddings/overrides and
// isolates; zero-width characters, word joiner, line/paragraph separators, BOM; and
// surrogates that are not part of a pair.
const UNSAFE =
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `text` with each unsafe character written as `<U+XXXX>`; `keepNewlines` keeps `\n`. */
export function visible(text: string, keepNewlines = false): string {
  return text.replace(UNSAFE, (ch) =>
    keepNewlines && ch === '\n'
      ? ch
      : `<U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`,
  );
}
