/**
 * The files the server works on: the editor's open documents (their unsaved text wins
 * over the disk) and the DBML files under the workspace folders, which find-references
 * and rename must search even when they are not open (an importer of the file being
 * edited is usually closed).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ReadFile } from './scope.js';

/** A bound on the workspace scan, so a folder holding a huge tree never stalls the editor. */
const MAX_SCANNED_ENTRIES = 20_000;
/** Folders no schema lives in, skipped by the scan. */
const SKIPPED = new Set(['node_modules', 'dist', 'build', 'coverage']);

/** The absolute path of a `file:` URI; undefined for any other scheme (untitled:, git:...). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return resolve(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

function readFromDisk(path: string): string | undefined {
  try {
    return statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** The `.dbml` files under `root`, depth first, hidden and build folders skipped. */
function scanDbmlFiles(root: string): string[] {
  const found: string[] = [];
  const pending = [root];
  let seen = 0;
  while (pending.length > 0 && seen < MAX_SCANNED_ENTRIES) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable: nothing of it can be shown anyway
    }
    for (const entry of entries) {
      if (++seen > MAX_SCANNED_ENTRIES) break;
      if (entry.name.startsWith('.') || SKIPPED.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile() && entry.name.endsWith('.dbml')) found.push(path);
    }
  }
  return found;
}

export class Workspace {
  /** Workspace folders (absolute paths), from `initialize`. */
  private roots: string[] = [];

  constructor(private readonly openDocuments: () => readonly TextDocument[]) {}

  setRoots(uris: readonly string[]): void {
    this.roots = uris.map(uriToPath).filter((p): p is string => p !== undefined);
  }

  /** The open document at `path`, if any. */
  document(path: string): TextDocument | undefined {
    return this.openDocuments().find((d) => uriToPath(d.uri) === path);
  }

  /** The URI the editor knows `path` by (its own spelling for an open document). */
  uri(path: string): string {
    return this.document(path)?.uri ?? pathToUri(path);
  }

  /** Open documents' text first, then the disk. */
  readonly readFile: ReadFile = (path) => this.document(path)?.getText() ?? readFromDisk(path);

  /** The paths of the open DBML documents. */
  openPaths(): string[] {
    return this.openDocuments()
      .map((d) => uriToPath(d.uri))
      .filter((p): p is string => p !== undefined);
  }

  /**
   * Every DBML file a reference may be in: the open documents and the files under the
   * workspace folders (found afresh on each call: files come and go).
   */
  candidateFiles(): string[] {
    const files = new Set(this.openPaths());
    for (const root of this.roots) for (const path of scanDbmlFiles(root)) files.add(path);
    return [...files];
  }
}
