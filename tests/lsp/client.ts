/**
 * A real LSP client for the tests: spawns `dbgen lsp --stdio` (the CLI's source bin, as
 * the tests run the packages from source) and talks JSON-RPC to it over its stdin/stdout
 * with `vscode-jsonrpc`, using the protocol's own request and notification types.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import {
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  type Diagnostic,
  type InitializeResult,
  type Position,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-protocol';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'packages', 'cli', 'src', 'bin.ts');
/** tsx by URL: `--import tsx` would be resolved from the server's cwd (the test's folder). */
const TSX = import.meta.resolve('tsx');

export const uriOf = (path: string): string => pathToFileURL(path).href;

export class LspClient {
  readonly connection: MessageConnection;
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;
  /** Every publishDiagnostics received, by URI, oldest first. */
  private readonly published = new Map<string, Diagnostic[][]>();
  /** The document version each publishDiagnostics named, by URI, oldest first. */
  private readonly versions = new Map<string, (number | undefined)[]>();
  private waiters: {
    uri: string;
    seen: number;
    accept: (d: Diagnostic[]) => boolean;
    resolve: (d: Diagnostic[]) => void;
  }[] = [];
  stderr = '';

  constructor(cwd: string) {
    this.child = spawn(
      process.execPath,
      ['--conditions=dbgen-source', '--import', TSX, BIN, 'lsp', '--stdio'],
      { cwd, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.connection = createMessageConnection(
      new StreamMessageReader(this.child.stdout!),
      new StreamMessageWriter(this.child.stdin!),
    );
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const list = this.published.get(params.uri) ?? [];
      list.push(params.diagnostics);
      this.published.set(params.uri, list);
      this.versions.set(params.uri, [...(this.versions.get(params.uri) ?? []), params.version]);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri !== params.uri || list.length <= w.seen || !w.accept(params.diagnostics))
          return true;
        w.resolve(params.diagnostics);
        return false;
      });
    });
    this.connection.listen();
  }

  /** `promise`, or a failure naming the server's stderr if the server dies first. */
  alive<T>(promise: Promise<T>): Promise<T> {
    const died = this.exited.then((code): never => {
      throw new Error(`dbgen lsp exited (${code}) early:\n${this.stderr}`);
    });
    return Promise.race([promise, died]);
  }

  async initialize(rootPath: string, initializationOptions?: object): Promise<InitializeResult> {
    const result = await this.alive(
      this.connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: uriOf(rootPath),
        workspaceFolders: [{ uri: uriOf(rootPath), name: 'test' }],
        capabilities: {},
        ...(initializationOptions === undefined ? {} : { initializationOptions }),
      }),
    );
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  /** How many diagnostics notifications `uri` has had so far. */
  diagnosticsCount(uri: string): number {
    return this.published.get(uri)?.length ?? 0;
  }

  /** The document version the latest diagnostics of `uri` were for, if they named one. */
  lastVersion(uri: string): number | undefined {
    return this.versions.get(uri)?.at(-1);
  }

  /**
   * The first diagnostics published for `uri` after the first `seen` ones that `accept`
   * takes (any, by default). A server may publish a file's diagnostics more than once
   * (its own check, an importer's), so tests wait for the state they expect.
   */
  nextDiagnostics(
    uri: string,
    seen: number,
    accept: (d: Diagnostic[]) => boolean = () => true,
  ): Promise<Diagnostic[]> {
    const list = this.published.get(uri) ?? [];
    const ready = list.slice(seen).find(accept);
    if (ready) return Promise.resolve(ready);
    return this.alive(new Promise((resolve) => this.waiters.push({ uri, seen, accept, resolve })));
  }

  /** Opens a document and resolves with the first diagnostics published for it. */
  async open(path: string, text: string): Promise<Diagnostic[]> {
    const uri = uriOf(path);
    const seen = this.diagnosticsCount(uri);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'dbml', version: 1, text },
    });
    return this.nextDiagnostics(uri, seen);
  }

  /** Replaces a document's whole text (unsaved: the disk is not touched). */
  async change(path: string, text: string, version: number): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: uriOf(path), version },
      contentChanges: [{ text }],
    });
  }

  /** Tells the server the document was saved (the test writes the disk itself if it must). */
  async save(path: string): Promise<void> {
    await this.connection.sendNotification(DidSaveTextDocumentNotification.type, {
      textDocument: { uri: uriOf(path) },
    });
  }

  /** Shuts the server down as an editor does; resolves to its exit code. */
  async close(): Promise<number | null> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}

/** The position of the `nth` (0-based) occurrence of `needle` in `text`, plus `shift` chars. */
export function positionOf(text: string, needle: string, nth = 0, shift = 0): Position {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`"${needle}" #${nth} not in the text`);
  }
  const offset = index + shift;
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

function offsetAt(text: string, position: Position): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < position.line; i++) offset += (lines[i]?.length ?? 0) + 1;
  return offset + position.character;
}

/** The text a range covers. */
export function textAt(text: string, range: Range): string {
  return text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
}

/** `text` with `edits` applied (non-overlapping, as the protocol requires). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort(
    (a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start),
  );
  let result = text;
  for (const edit of sorted) {
    result =
      result.slice(0, offsetAt(result, edit.range.start)) +
      edit.newText +
      result.slice(offsetAt(result, edit.range.end));
  }
  return result;
}
