/**
 * One output folder, one schema. Generating a second schema into a folder that holds the
 * first one's client would replace its index and delete its table files as stale, with no
 * word said (two generate scripts sharing `--out generated` would undo each other on every
 * run). The client's `package.json` names its schema relative to the folder (header.ts),
 * so the answer does not depend on where the generator runs from.
 *
 * A folder whose schema file no longer exists is taken over: that is a renamed or moved
 * schema, not a second one. So is a folder written by a dbgen that did not name its schema.
 */
import { readFile, realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ownerOfPackageJson } from './header.js';
import { portablePath } from './portable-path.js';
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
 * than `schema` that still exists. Paths in the message are relative to `cwd`.
 */
export async function assertOwnOutput(out: string, schema: string, cwd: string): Promise<void> {
  let content: string;
  try {
    content = await readFile(join(out, 'package.json'), 'utf8');
  } catch {
    return; // no client there yet (or not readable: writing will say why)
  }
  const owner = ownerOfPackageJson(content);
  if (owner === null) return; // not dbgen's (writeClient refuses it), or from before owners
  const previous = await existingFile(resolve(out, owner));
  if (previous === null) return;
  if (previous === ((await existingFile(schema)) ?? schema)) return;
  throw new OutputConflictError(
    `${portablePath(cwd, out) || '.'}/ holds the client generated from ${portablePath(cwd, previous)}; ` +
      `generating ${portablePath(cwd, schema)} into it would replace that client and delete its table files. ` +
      'Give each schema its own output folder (--out), or delete the folder first if it no longer serves the other schema.',
  );
}
