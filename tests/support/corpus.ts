/**
 * Where the DBML conformance corpus is: `$DBGEN_CORPUS`, else `shared/dbml-corpus` beside
 * the repository, as the workspace and CI lay it out. The corpus is the DBML spec and the
 * reference parser's (`@dbml/core`) own fixtures; it is not part of the repository.
 *
 * Without it the tests that read it are skipped, loudly: each importing file registers one
 * skipped test saying why, and `corpusFilesUnder` lists nothing. In CI (`CI=true`) a missing
 * corpus is an error, so that a green CI always ran the conformance tests.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const repoRoot = resolve(import.meta.dirname, '..', '..');

export const CORPUS = process.env['DBGEN_CORPUS'] ?? join(repoRoot, '..', 'shared', 'dbml-corpus');

/** Whether the corpus is there (its `valid/` folder exists). */
export const CORPUS_PRESENT = existsSync(join(CORPUS, 'valid'));

/** The reason given by every test skipped for want of the corpus, or false when it is there. */
export const SKIP_WITHOUT_CORPUS: string | false = CORPUS_PRESENT
  ? false
  : `the DBML conformance corpus is not at ${CORPUS} (put shared/dbml-corpus beside the repository or set DBGEN_CORPUS)`;

if (!CORPUS_PRESENT) {
  if (process.env['CI'] === 'true') {
    throw new Error(`CI needs the DBML conformance corpus: ${SKIP_WITHOUT_CORPUS}`);
  }
  test('DBML conformance corpus', { skip: SKIP_WITHOUT_CORPUS }, () => {});
}

/** Every `.dbml` file under `folder` of the corpus, sorted; none when the corpus is absent. */
export function corpusFilesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .sort()
    .flatMap((entry) => {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) return corpusFilesUnder(path);
      return entry.endsWith('.dbml') ? [path] : [];
    });
}
