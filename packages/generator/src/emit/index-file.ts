/**
 * `index.js` and `index.d.ts` (the same text): re-export every generated file, so users
 * import from the folder.
 */
import { headerLine } from './header.js';
import { quote } from './names.js';
import type { ClientPlan } from './plan.js';

export function emitIndexFile(plan: ClientPlan, schemaPath: string): string {
  const lines = [`${headerLine(schemaPath)}\n`, `export * from './enums.js';\n`];
  for (const t of plan.tables) lines.push(`export * from ${quote(`./${t.file}.js`)};\n`);
  return lines.join('');
}
