/**
 * `dbgen lsp`: the DBML language server, on the protocol library `vscode-languageserver`
 * (the JSON-RPC framing, the lifecycle and the document sync are that library's). The
 * features live in their own files and work on paths and offsets; this file only wires
 * them to the protocol. Loaded by the `lsp` command alone (the command catalog is lazy),
 * so no other command pays for the protocol library.
 */
import {
  CompletionItemKind,
  createConnection,
  SymbolKind,
  type DocumentSymbol,
  LSPErrorCodes,
  MarkupKind,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CompletionItem,
  type InitializeResult,
  type TextDocumentPositionParams,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CheckScheduler, checkDelay } from './check-scheduler.js';
import { complete, type CompletionKind } from './completion.js';
import { DiagnosticsTracker } from './diagnostics.js';
import { formatSource } from './formatting.js';
import { outline, type OutlineItem, type OutlineKind } from './outline.js';
import { hover } from './hover.js';
import { definition, prepareRename, references, rename, RenameRefused } from './navigation.js';
import { Positions } from './positions.js';
import { ScopeCache, ScopeStore } from './scope.js';
import { uriToPath, Workspace } from './workspace.js';

const COMPLETION_KINDS: Record<CompletionKind, CompletionItemKind> = {
  table: CompletionItemKind.Class,
  column: CompletionItemKind.Field,
  type: CompletionItemKind.TypeParameter,
  enum: CompletionItemKind.Enum,
  enumValue: CompletionItemKind.EnumMember,
  setting: CompletionItemKind.Property,
};

const SYMBOL_KINDS: Record<OutlineKind, SymbolKind> = {
  table: SymbolKind.Class,
  partial: SymbolKind.Interface,
  column: SymbolKind.Field,
  enum: SymbolKind.Enum,
  enumValue: SymbolKind.EnumMember,
  group: SymbolKind.Namespace,
  ref: SymbolKind.Key,
};

/**
 * Serves the protocol on `input`/`output` until the client says `exit` (or closes the
 * stream); the protocol library then ends the process, with code 0 after a `shutdown`.
 */
export function startLanguageServer(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): void {
  const connection = createConnection(input, output);
  // stdout carries the protocol: a stray console.log would corrupt it.
  console.log = console.info = (...args: unknown[]) => connection.console.log(args.join(' '));

  const documents = new TextDocuments(TextDocument);
  const workspace = new Workspace(() => documents.all());
  const diagnostics = new DiagnosticsTracker(workspace.readFile);
  const store = new ScopeStore();

  /** The request's file, its offset, and fresh scopes for one request. */
  const at = (params: TextDocumentPositionParams) => {
    const path = uriToPath(params.textDocument.uri);
    if (path === undefined) return undefined;
    const positions = new Positions(workspace);
    return {
      path,
      offset: positions.offset(path, params.position),
      positions,
      scopes: new ScopeCache(workspace.readFile, store),
    };
  };

  const isOpen = (path: string): boolean => workspace.document(path) !== undefined;
  const publish = (path: string): void => {
    for (const [file, list] of diagnostics.check(path, isOpen)) {
      const version = workspace.document(file)?.version;
      void connection.sendDiagnostics({
        uri: workspace.uri(file),
        ...(version === undefined ? {} : { version }),
        diagnostics: list,
      });
    }
  };
  /** Checks each open document affected by a changed file once: itself and its importers. */
  const recheck = (changed: readonly string[]): void => {
    const open = workspace.openPaths();
    const affected = new Set(changed.flatMap((path) => diagnostics.affectedBy(path, open)));
    for (const path of affected) publish(path);
  };
  // Replaced at `initialize`, where the editor may ask for another delay.
  let checks = new CheckScheduler(recheck, checkDelay(undefined));
  /** Opened documents whose first content event is their opening, not an edit. */
  const opening = new Set<string>();

  connection.onInitialize((params): InitializeResult => {
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? [];
    if (folders.length === 0 && params.rootUri) folders.push(params.rootUri);
    workspace.setRoots(folders);
    checks.dispose();
    checks = new CheckScheduler(recheck, checkDelay(params.initializationOptions));
    return {
      capabilities: {
        textDocumentSync: {
          openClose: true,
          change: TextDocumentSyncKind.Incremental,
          save: { includeText: false },
        },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        completionProvider: { triggerCharacters: ['.', '[', ','] },
        documentFormattingProvider: true,
        documentSymbolProvider: true,
      },
      serverInfo: { name: 'dbgen', version: '0.1.0' },
    };
  });

  documents.onDidOpen((event) => {
    const path = uriToPath(event.document.uri);
    if (path === undefined) return;
    opening.add(path);
    checks.changedNow(path);
  });
  documents.onDidChangeContent((event) => {
    const path = uriToPath(event.document.uri);
    if (path === undefined || opening.delete(path)) return;
    checks.changedLater(path);
  });
  // Saved: what the editor shows now is checked now, pending edits of any file included.
  documents.onDidSave(() => checks.flush());
  documents.onDidClose((event) => {
    const path = uriToPath(event.document.uri);
    if (path === undefined) {
      void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
      return;
    }
    for (const file of diagnostics.forget(path)) {
      void connection.sendDiagnostics({ uri: workspace.uri(file), diagnostics: [] });
    }
    // Its importers now read it from disk, and speak for it again while it is closed.
    checks.changedNow(path);
  });

  // Saved elsewhere (git checkout, another editor): the open files reading it check again.
  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) {
      const path = uriToPath(change.uri);
      if (path !== undefined && workspace.document(path) === undefined) checks.changedLater(path);
    }
  });

  connection.onHover((params) => {
    const request = at(params);
    if (!request) return null;
    const found = hover(request.path, request.offset, request.scopes);
    if (!found) return null;
    return {
      contents: { kind: MarkupKind.Markdown, value: found.markdown },
      range: request.positions.range(found.range),
    };
  });

  connection.onDefinition((params) => {
    const request = at(params);
    if (!request) return [];
    return definition(request.path, request.offset, request.scopes).map((r) =>
      request.positions.location(r),
    );
  });

  connection.onReferences((params) => {
    const request = at(params);
    if (!request) return [];
    return references(
      request.path,
      request.offset,
      params.context.includeDeclaration,
      workspace.candidateFiles(),
      request.scopes,
    ).map((r) => request.positions.location(r));
  });

  connection.onPrepareRename((params) => {
    const request = at(params);
    if (!request) return null;
    const found = prepareRename(request.path, request.offset, request.scopes);
    return found
      ? { range: request.positions.range(found.range), placeholder: found.placeholder }
      : null;
  });

  connection.onRenameRequest((params): WorkspaceEdit => {
    const request = at(params);
    if (!request) return { changes: {} };
    try {
      const edits = rename(
        request.path,
        request.offset,
        params.newName,
        workspace.candidateFiles(),
        request.scopes,
      );
      const changes: NonNullable<WorkspaceEdit['changes']> = {};
      for (const edit of edits) {
        const uri = request.positions.uri(edit.file);
        (changes[uri] ??= []).push({ range: request.positions.range(edit), newText: edit.newText });
      }
      return { changes };
    } catch (error) {
      if (error instanceof RenameRefused)
        throw new ResponseError(LSPErrorCodes.RequestFailed, error.message);
      throw error;
    }
  });

  connection.onCompletion((params): CompletionItem[] => {
    const request = at(params);
    const doc = documents.get(params.textDocument.uri);
    if (!request || !doc) return [];
    return complete(request.path, doc.getText(), request.offset, request.scopes).map((c) => ({
      label: c.label,
      kind: COMPLETION_KINDS[c.kind],
      ...(c.detail === undefined ? {} : { detail: c.detail }),
      ...(c.insertText === undefined ? {} : { insertText: c.insertText }),
    }));
  });

  connection.onDocumentSymbol((params): DocumentSymbol[] => {
    const path = uriToPath(params.textDocument.uri);
    if (path === undefined) return [];
    const file = new ScopeCache(workspace.readFile, store).get(path).file;
    const positions = new Positions(workspace);
    const toSymbol = (item: OutlineItem): DocumentSymbol => ({
      name: item.name || '(unnamed)',
      kind: SYMBOL_KINDS[item.kind],
      ...(item.detail === undefined ? {} : { detail: item.detail }),
      range: positions.range(item.span),
      selectionRange: positions.range(item.nameSpan),
      children: item.children.map(toSymbol),
    });
    return file ? outline(file).map(toSymbol) : [];
  });

  connection.onDocumentFormatting((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const source = doc.getText();
    const formatted = formatSource(source, uriToPath(doc.uri) ?? doc.uri);
    if (formatted === undefined || formatted === source) return [];
    const end = doc.positionAt(source.length);
    return [{ range: { start: { line: 0, character: 0 }, end }, newText: formatted }];
  });

  connection.onShutdown(() => checks.dispose());

  documents.listen(connection);
  connection.listen();
}
