/**
 * Checks of strings shared by the text-like types and JSON: no NUL character (PostgreSQL
 * cannot store one in text, and C-string APIs cut at it) and no lone UTF-16 surrogate
 * (the drivers encode strings as UTF-8, which replaces one with U+FFFD without a word).
 */

/** What is wrong with `text` for storage, or null when nothing is. */
export function textProblem(text: string, allowNul = false): string | null {
  const nul = allowNul ? -1 : text.indexOf('\u0000');
  if (nul >= 0) return `a string with a NUL character (U+0000) at index ${nul}`;
  if (!(text as unknown as { isWellFormed(): boolean }).isWellFormed()) {
    return `a string with a lone UTF-16 surrogate at index ${loneSurrogateIndex(text)}`;
  }
  return null;
}

function loneSurrogateIndex(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdfff) continue;
    const next = text.charCodeAt(i + 1);
    if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
    else return i;
  }
  return -1;
}

/** The number of characters (Unicode code points) of `text`, as SQL counts them. */
export function codePointLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}
