/**
 * PostgreSQL array literals (`{a,"b c",NULL}`) as nested string arrays, through pg's own
 * parser, required on first use: the dialect's codecs run only on results the driver
 * produced, so pg is loaded by then, and importing the dialect never loads pg.
 */
import { createRequire } from 'node:module';

type TextArrayParser = (text: string) => unknown;
let parser: TextArrayParser | undefined;
const TEXT_ARRAY_OID = 1009;

export function parseTextArray(text: string): unknown {
  if (!parser) {
    const pg = createRequire(import.meta.url)('pg') as {
      types: { getTypeParser(oid: number, format: string): TextArrayParser };
    };
    parser = pg.types.getTypeParser(TEXT_ARRAY_OID, 'text');
  }
  return parser(text);
}
