/**
 * JSON documents from the browser for json/jsonb columns. JSON.parse reads every number
 * as a double, so an integer past 2^53 (12345678901234567890) comes out rounded, and the
 * rounded value would be stored without a word. The page therefore sends a document as
 * the text typed, `{ "$json": "..." }`, which is checked and written as it is (the
 * database keeps its digits); an integer in it past 2^53 - 1 is refused all the same,
 * since the studio reads documents back through JSON.parse and shows them rounded: the
 * stored 9007199254740993 is shown as 9007199254740992, which a double holds, so a test
 * of the typed digits alone let an edit of another key write it back rounded. Such a
 * document is edited with SQL. A document sent as plain JSON
 * (an API client) has been through JSON.parse already: an integer past 2^53 in it may
 * have been rounded, and is refused.
 */
import { sql } from '@dbgen/runtime';

/** `{ "$json": text }`: a document as the text typed. */
export function isJsonText(wire: unknown): wire is { $json: string } {
  return (
    typeof wire === 'object' &&
    wire !== null &&
    !Array.isArray(wire) &&
    Object.keys(wire).length === 1 &&
    typeof (wire as { $json?: unknown }).$json === 'string'
  );
}

/**
 * The value to write for a document, or the reason it is refused: JSON text is bound as
 * it is (checked to be JSON, its integers exact); a parsed document is written as given.
 */
export function jsonInput(
  wire: unknown,
): { readonly value: unknown } | { readonly problem: string } {
  if (isJsonText(wire)) {
    const text = wire.$json;
    try {
      JSON.parse(text);
    } catch (error) {
      return { problem: `not valid JSON text (${(error as Error).message})` };
    }
    const inexact = inexactInteger(text);
    if (inexact !== null) return { problem: roundedProblem(inexact) };
    return { value: sql`${text}`.asExpression() };
  }
  const rounded = unsafeInteger(wire);
  return rounded === null ? { value: wire } : { problem: roundedProblem(rounded) };
}

function roundedProblem(number: string): string {
  return (
    `the integer ${number} is past 2^53 - 1, which JSON numbers (doubles) do not hold exactly: ` +
    'it would be stored rounded; edit this document with SQL, or write the number as a string'
  );
}

/** A JSON number literal, read at a position (sticky). */
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** The first integer literal of valid JSON `text` past ±(2^53 - 1), or null. */
function inexactInteger(text: string): string | null {
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '"') {
      // Skip the string, its escapes included.
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (c !== '-' && (c < '0' || c > '9')) continue;
    NUMBER.lastIndex = i;
    const token = (NUMBER.exec(text) as RegExpExecArray)[0];
    i += token.length - 1;
    if (/^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token))) return token;
  }
  return null;
}

/** The first integer past ±2^53 in a parsed document (likely rounded on the way), or null. */
function unsafeInteger(value: unknown): string | null {
  if (typeof value === 'number')
    return Number.isInteger(value) && !Number.isSafeInteger(value) ? String(value) : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    const found = unsafeInteger(item);
    if (found !== null) return found;
  }
  return null;
}
