/** Deciding which removed-and-added names are renames: `--rename` flags, else a prompt. */
import type { Command } from 'commander';
import {
  normalizeSchema,
  renameQuestions,
  tableKey,
  type RenameQuestion,
  type Renames,
  type SchemaIR,
} from '@dbgen/runtime';
import { CliError } from '../../errors.js';
import { askUntilClear, interactive, type UnclearAnswer } from './prompt.js';

/** The `--rename` and `--drop-and-add` options of the commands that diff a schema (`migrate new`, `push`). */
export function renameOptions(command: Command): Command {
  return command
    .option(
      '--rename <spec>',
      'a rename: table.old=new (column) or old_table=new_table; repeatable',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--drop-and-add', 'removed and added names are drops and adds, not renames');
}

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

/** What an answer to "was it renamed?" decides; `unclear` asks again, saying why. */
export type RenameAnswer =
  { readonly kind: 'rename'; readonly to: string } | { readonly kind: 'drop' } | UnclearAnswer;

/** The question for one removed name; the default (Enter) is always the safe answer. */
export function renameQuestion(label: string, added: readonly string[]): string {
  const [only] = added;
  return added.length === 1 && only !== undefined
    ? `Was ${label} renamed to ${only}? [Y/n] (n: it was dropped, its data is lost)`
    : `Was ${label} renamed to one of [${added.join(', ')}]? Type the new name, or "drop" if it was dropped (its data is lost):`;
}

/**
 * Reads an answer. Keeping the data is the default: with one candidate, Enter or `y`
 * means renamed to it; a drop needs an explicit `n` or `drop`. With several candidates
 * Enter cannot choose, so it asks again, as does anything it does not understand.
 */
export function readRenameAnswer(answer: string, added: readonly string[]): RenameAnswer {
  const text = answer.trim();
  const [only] = added;
  if (/^(n|no|drop|dropped)$/i.test(text)) return { kind: 'drop' };
  if (text === '' || /^(y|yes)$/i.test(text)) {
    return added.length === 1 && only !== undefined
      ? { kind: 'rename', to: only.slice(only.lastIndexOf('.') + 1) }
      : { kind: 'unclear', why: `type one of ${added.join(', ')}, or "drop"` };
  }
  const name = text.includes('.') ? text.slice(text.lastIndexOf('.') + 1) : text;
  if (added.some((a) => a === name || a.endsWith(`.${name}`))) return { kind: 'rename', to: name };
  return {
    kind: 'unclear',
    why: `"${text}" is not one of ${added.join(', ')}; type one of them, or "drop"`,
  };
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
      const decision = await askUntilClear(renameQuestion(label, q.added), (answer) =>
        readRenameAnswer(answer, q.added),
      );
      if (decision.kind === 'drop') continue;
      answers.push(
        q.kind === 'table' ? `${removed}=${decision.to}` : `${q.table}.${removed}=${decision.to}`,
      );
    }
  }
  renames = parseRenames(answers, from);
  return { renames, renamesDecided: true };
}
