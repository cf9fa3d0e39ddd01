/**
 * One output folder, one schema. Every generated file's header names the schema it came
 * from (header.ts). Generating a second schema into a folder that holds the first one's
 * client would replace its index and delete its table files as stale, with no word said
 * (two generate scripts sharing `--out generated` would undo each other on every run).
 * The client's `index.js` tells whose client the folder holds.
 *
 * A folder whose schema file no longer exists is taken over: that is a renamed or moved
 * schema (the usual case), not a second one. The header's path is relative to the folder
 * the generator ran in; read from elsewhere it may name no file, and then the folder is
 * taken over as before this check.
 */
import { readFile, realpath } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { schemaOfHeader } from './header.js';
import { OutputConflictError } from './write-client.js';

/** The absolute path of a file, through symbolic links; null when there is none. */
async function existingFile(path: string): Promise<string | null> {
  try {
    return await realpath(path);
  } catch {
    return null;
  }
}

/**
 * Throws {@link OutputConflictError} when `out` holds the client of another schema file
 * than `schema` that still exists. `cwd` is the folder the headers' paths are relative to.
 */
export async function assertOwnOutput(out: string, schema: string, cwd: string): Promise<void> {
  let index: string;
  try {
    index = await readFile(join(out, 'index.js'), 'utf8');
  } catch {
    return; // no client there yet (or not readable: writing will say why)
  }
  const shown = schemaOfHeader(index);
  if (shown === null) return; // not dbgen's: writeClient refuses to touch it
  const previous = await existingFile(resolve(cwd, shown));
  if (previous === null) return;
  const current = (await existingFile(schema)) ?? schema;
  if (previous === current) return;
  const folder = relative(cwd, out) || '.';
  throw new OutputConflictError(
    `${folder}/ holds the client generated from ${shown}; generating ${relative(cwd, schema)} into it would replace that client and delete its table files. ` +
      'Give each schema its own output folder (--out), or delete the folder first if it no longer serves the other schema.',
  );
}
