/**
 * Where the DBML corpus (the reference parser's fixtures) is: `$DBGEN_CORPUS`, else
 * `shared/dbml-corpus` beside the repository, as the workspace and CI lay it out.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '..', '..');

export const CORPUS = process.env['DBGEN_CORPUS'] ?? join(repoRoot, '..', 'shared', 'dbml-corpus');

if (!existsSync(join(CORPUS, 'valid'))) {
  throw new Error(
    `the DBML corpus is not at ${CORPUS}; put shared/ beside the repository or set DBGEN_CORPUS`,
  );
}
