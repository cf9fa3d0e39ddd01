/**
 * JSON documents from the browser for json/jsonb columns. JSON.parse reads every number
 * as a double, so an integer past 2^53 (12345678901234567890) comes out rounded, and the
 * rounded value would be stored without a word. The page therefore gets a document as the
 * database's text and sends it as the text typed, `{ "$json": "..." }`, which is checked
 * to be JSON and written as it is: the database keeps its digits. A document sent as plain
 * JSON (an API client) has been through JSON.parse already: an integer past 2^53 in it may
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
 * it is (checked to be JSON); a parsed document is written as given.
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
    return { value: sql`${text}`.asExpression() };
  }
  const rounded = unsafeInteger(wire);
  return rounded === null ? { value: wire } : { problem: roundedProblem(rounded) };
}

function roundedProblem(number: string): string {
  return (
    `the integer ${number} is past 2^53 - 1, which JSON numbers (doubles) do not hold exactly: ` +
    'it may have been rounded already: send the document as its text, { "$json": "..." }'
  );
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
