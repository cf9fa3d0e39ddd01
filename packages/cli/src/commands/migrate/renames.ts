/** Deciding which removed-and-added names are renames: `--rename` flags, else a prompt. */
import {
  normalizeSchema,
  renameQuestions,
  tableKey,
  type RenameQuestion,
  type Renames,
  type SchemaIR,
} from '@dbgen/runtime';
import { CliError } from '../../errors.js';
import { ask, interactive } from './common.js';

/** `--rename users.name=full_name` (a column) or `--rename users=people` (a table). */
export function parseRenames(specs: readonly string[], from: SchemaIR): Renames {
  const tables: Record<string, string> = {};
  const columns: Record<string, Record<string, string>> = {};
  for (const spec of specs) {
    const match = /^([^=]+)=([^=.]+)$/.exec(spec.trim());
    if (!match)
      throw new CliError(
        `--rename ${spec}: expected table.old_column=new_column or old_table=new_table`,
        2,
      );
    const [, left = '', to = ''] = match;
    const asTable = from.tables.find((t) => t.key === tableKey(left));
    if (asTable) {
      tables[asTable.key] = to;
      continue;
    }
    const dot = left.lastIndexOf('.');
    const table = from.tables.find((t) => dot > 0 && t.key === tableKey(left.slice(0, dot)));
    const column = left.slice(dot + 1);
    if (!table || !table.columns.some((c) => c.name === column)) {
      throw new CliError(`--rename ${spec}: the last migration has no table or column "${left}"`);
    }
    columns[table.key] = { ...columns[table.key], [column]: to };
  }
  return { tables, columns };
}

function describeQuestion(q: RenameQuestion): string {
  return q.kind === 'table'
    ? `tables removed: ${q.removed.join(', ')}; tables added: ${q.added.join(', ')}`
    : `in ${q.table}: columns removed: ${q.removed.join(', ')}; columns added: ${q.added.join(', ')}`;
}

/** Settles every possible rename: from flags, then a prompt, else refuses. */
export async function settleRenames(
  from: SchemaIR,
  to: SchemaIR,
  specs: readonly string[],
  dropAndAdd: boolean,
): Promise<{ renames: Renames; renamesDecided: boolean }> {
  let renames = parseRenames(specs, from);
  const open = renameQuestions(normalizeSchema(from), normalizeSchema(to), renames);
  if (open.length === 0 || dropAndAdd) return { renames, renamesDecided: true };
  if (!interactive()) {
    throw new CliError(
      `the schema removes and adds names that may be renames (${open.map(describeQuestion).join('; ')}). ` +
        `Say which are renames with --rename table.old_column=new_column or --rename old_table=new_table, ` +
        `or pass --drop-and-add if they really are drops and adds.`,
    );
  }
  const answers: string[] = [...specs];
  for (const q of open) {
    for (const removed of q.removed) {
      const label = q.kind === 'table' ? `table ${removed}` : `column ${q.table}.${removed}`;
      const answer = await ask(
        `Was ${label} renamed to one of [${q.added.join(', ')}]? Type the new name, or press Enter if it was dropped:`,
      );
      if (answer === '') continue;
      const name = answer.includes('.') ? answer.slice(answer.lastIndexOf('.') + 1) : answer;
      if (!q.added.some((a) => a === name || a.endsWith(`.${name}`)))
        throw new CliError(`"${answer}" is not one of ${q.added.join(', ')}`);
      answers.push(q.kind === 'table' ? `${removed}=${name}` : `${q.table}.${removed}=${name}`);
    }
  }
  renames = parseRenames(answers, from);
  return { renames, renamesDecided: true };
}
