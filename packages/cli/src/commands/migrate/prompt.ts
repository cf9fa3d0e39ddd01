/**
 * Questions on a terminal (`migrate new`: was it renamed? `migrate up`: drop data?).
 * Every prompt has the safe answer as its default and asks again on an answer it does
 * not understand, instead of taking it for the destructive one.
 */
import { createInterface } from 'node:readline/promises';
import { CliError } from '../../errors.js';

export const interactive = (): boolean => Boolean(process.stdin.isTTY && process.stdout.isTTY);

/** Asks on the terminal; Ctrl+C or Ctrl+D stops the command, changing nothing. */
export async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(`${question} `)).trim();
  } catch (error) {
    if ((error as Error).name === 'AbortError') {
      throw new CliError('no answer (the prompt was closed); nothing was changed');
    }
    throw error;
  } finally {
    rl.close();
  }
}

/** Prompts that get no clear answer this many times stop the command (stdin at its end, say). */
const MAX_ATTEMPTS = 5;

/** An answer the prompt asks again on, saying why. */
export interface UnclearAnswer {
  readonly kind: 'unclear';
  readonly why: string;
}

function isUnclear(answer: { readonly kind: string }): answer is UnclearAnswer {
  return answer.kind === 'unclear';
}

/** Asks `question` until `read` makes sense of the answer. */
export async function askUntilClear<T extends { readonly kind: string }>(
  question: string,
  read: (answer: string) => T,
): Promise<Exclude<T, UnclearAnswer>> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const decision = read(await ask(question));
    if (!isUnclear(decision)) return decision as Exclude<T, UnclearAnswer>;
    process.stdout.write(`${decision.why}\n`);
  }
  throw new CliError(`no clear answer after ${MAX_ATTEMPTS} tries; nothing was changed`);
}

/**
 * An answer to a "[y/N]" question whose yes is the step that cannot be taken back: no is
 * the default (Enter, `n`); only `y` says yes; anything else asks again, naming what each
 * answer does (`yes`, `no`: "drop", "keep").
 */
export function readYesNo(
  answer: string,
  yes: string,
  no: string,
): { kind: 'yes' } | { kind: 'no' } | UnclearAnswer {
  const text = answer.trim();
  if (/^(y|yes)$/i.test(text)) return { kind: 'yes' };
  if (text === '' || /^(n|no)$/i.test(text)) return { kind: 'no' };
  return { kind: 'unclear', why: `answer y to ${yes}, or n (or Enter) to ${no}` };
}

/** An answer to "drop it? [y/N]": keeping the data is the default ({@link readYesNo}). */
export function readDropAnswer(
  answer: string,
): { kind: 'drop' } | { kind: 'keep' } | UnclearAnswer {
  const read = readYesNo(answer, 'drop', 'keep');
  return read.kind === 'yes' ? { kind: 'drop' } : read.kind === 'no' ? { kind: 'keep' } : read;
}
