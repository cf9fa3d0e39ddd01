/**
 * Offsets ↔ LSP positions. The editor's line and UTF-16 column counting is the
 * text-document library's (`positionAt`), applied to the text the server read: the open
 * document's or the file on disk.
 */
import type { Location, Position, Range } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileRange } from './navigation.js';
import type { Workspace } from './workspace.js';
import { pathToUri } from './workspace.js';

export class Positions {
  private readonly texts = new Map<string, TextDocument>();

  constructor(private readonly workspace: Workspace) {}

  /** The open document at `path`, or a snapshot of the file on disk. */
  private document(path: string): TextDocument {
    const open = this.workspace.document(path);
    if (open) return open;
    let text = this.texts.get(path);
    if (!text) {
      text = TextDocument.create(pathToUri(path), 'dbml', 0, this.workspace.readFile(path) ?? '');
      this.texts.set(path, text);
    }
    return text;
  }

  uri(path: string): string {
    return this.workspace.uri(path);
  }

  offset(path: string, position: Position): number {
    return this.document(path).offsetAt(position);
  }

  range(range: FileRange): Range {
    const doc = this.document(range.file);
    return { start: doc.positionAt(range.offset), end: doc.positionAt(range.endOffset) };
  }

  location(range: FileRange): Location {
    return { uri: this.uri(range.file), range: this.range(range) };
  }
}
