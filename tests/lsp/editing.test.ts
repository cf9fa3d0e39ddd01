/**
 * `dbgen lsp` completion and formatting, through a real client over stdio: completion of
 * columns after `table.`, settings inside `[...]`, types (built-in and the schema's enums)
 * and tables; formatting answers with exactly what `dbgen format` writes.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  CompletionItemKind,
  CompletionRequest,
  DefinitionRequest,
  DocumentFormattingRequest,
  HoverRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  type CompletionItem,
  type MarkupContent,
  type Position,
} from 'vscode-languageserver-protocol';
import { runCli } from '../support/cli.js';
import { applyEdits, positionOf, uriOf } from './client.js';
import { MAIN } from './fixture.js';
import { lspSession } from './session.js';

describe('dbgen lsp: completion and formatting', { timeout: 60_000 }, () => {
  const lsp = lspSession();

  /** Opens `text` as `name` (unsaved) and completes at `position`. */
  let version = 0;
  const completeIn = async (text: string, position: Position): Promise<CompletionItem[]> => {
    const path = join(lsp.ws.dir, `draft${++version}.dbml`);
    await lsp.client.open(path, text);
    const result = await lsp.client.alive(
      lsp.client.connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri: uriOf(path) },
        position,
      }),
    );
    return Array.isArray(result) ? result : (result?.items ?? []);
  };
  const labels = (items: readonly CompletionItem[]): string[] => items.map((i) => i.label);

  test('after `table.` in a Ref: the columns of that table, from the imported file too', async () => {
    const text = `${MAIN}\nRef: comments.body > users.`;
    const items = await completeIn(text, positionOf(text, 'users.', 1, 6));
    assert.deepEqual(labels(items), ['id', 'email']);
    assert.equal(items[1]!.detail, 'varchar(255)');
    assert.ok(items.every((i) => i.kind === CompletionItemKind.Field));
    const partial = `${MAIN}\nRef: comments.body > posts.`;
    assert.deepEqual(labels(await completeIn(partial, positionOf(partial, 'posts.', 1, 6))), [
      'id',
      'author_id',
      'status',
      'created_at',
    ]);
  });

  test('inside [...] the column settings; after `ref: >` there, the tables', async () => {
    const text = 'Table t {\n  id int [pk, n]\n}\n';
    const settings = labels(await completeIn(text, positionOf(text, ', n', 0, 2)));
    for (const setting of ['pk', 'not null', 'unique', 'default:', 'ref:', 'note:', 'increment'])
      assert.ok(settings.includes(setting), `${setting} in ${settings.join(', ')}`);
    const ref = `${MAIN.replace('body text', 'body text [ref: > ]')}`;
    const tables = labels(await completeIn(ref, positionOf(ref, 'ref: > ]', 0, 7)));
    assert.deepEqual(tables.sort(), ['comments', 'posts', 'users']);
  });

  test("a column's type: built-in types and the schema's enums", async () => {
    const text = MAIN.replace('body text', 'body ');
    const items = await completeIn(text, positionOf(text, 'body ', 0, 5));
    const names = labels(items);
    for (const type of ['int', 'varchar', 'timestamp', 'text', 'uuid', 'jsonb', 'post_status'])
      assert.ok(names.includes(type), `${type} in the type completions`);
    assert.equal(items.find((i) => i.label === 'post_status')?.kind, CompletionItemKind.Enum);
    assert.ok(!names.includes('users'), 'no tables in a type position');
  });

  test('formatting answers with what `dbgen format` writes', async () => {
    const messy =
      "table   users{\nid  int [ pk ]\n  email   varchar  [note:'x',not null]\n}\nref:users.id<users.id\n";
    const path = join(lsp.ws.dir, 'messy.dbml');
    writeFileSync(path, messy);
    await lsp.client.open(path, messy);
    const edits = await lsp.client.alive(
      lsp.client.connection.sendRequest(DocumentFormattingRequest.type, {
        textDocument: { uri: uriOf(path) },
        options: { tabSize: 2, insertSpaces: true },
      }),
    );
    assert.ok(edits && edits.length > 0);
    const formatted = applyEdits(messy, edits);
    const run = await runCli(['format', path], lsp.ws.dir);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(formatted, readFileSync(path, 'utf8'));
    assert.notEqual(formatted, messy);
    // Formatting formatted text changes nothing.
    const again = join(lsp.ws.dir, 'formatted.dbml');
    await lsp.client.open(again, formatted);
    const none = await lsp.client.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri: uriOf(again) },
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.deepEqual(none, []);
  });

  test('a file with syntax errors is not reformatted (as dbgen format refuses it)', async () => {
    const broken = 'Table t {\n  id int [pk\n}\n';
    const path = join(lsp.ws.dir, 'broken.dbml');
    const diagnostics = await lsp.client.open(path, broken);
    assert.ok(diagnostics.some((d) => d.severity === 1));
    const edits = await lsp.client.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri: uriOf(path) },
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.deepEqual(edits, []);
  });

  test('answers follow unsaved edits (kept parses are dropped when the text changes)', async () => {
    const path = join(lsp.ws.dir, 'growing.dbml');
    const one = 'Table t {\n  id int [pk]\n}\n';
    await lsp.client.open(path, one);
    const hoverT = async (): Promise<string> => {
      const result = await lsp.client.alive(
        lsp.client.connection.sendRequest(HoverRequest.type, {
          textDocument: { uri: uriOf(path) },
          position: { line: 0, character: 7 },
        }),
      );
      return (result?.contents as MarkupContent).value;
    };
    assert.match(await hoverT(), /1 column\b/);
    await lsp.client.change(path, 'Table t {\n  id int [pk]\n  name text\n}\n', 2);
    assert.match(await hoverT(), /2 columns/);
  });

  test('half-typed and broken text: every request at every line answers, the server stays up', async () => {
    const path = join(lsp.ws.dir, 'typing.dbml');
    // What a file looks like mid-edit: unclosed blocks, settings and refs cut short.
    const text =
      "use { table users } from './auth'\nTable posts {\n  id int [pk, \n  author_id int [ref: > users.\n  ~\n" +
      'Ref: posts. > \nEnum {\n  a\nTablePartial {\n  x "unterminated\n';
    const diagnostics = await lsp.client.open(path, text);
    assert.ok(diagnostics.length > 0);
    const uri = uriOf(path);
    const lines = text.split('\n');
    for (let line = 0; line < lines.length; line++) {
      for (const character of [0, 3, lines[line]!.length]) {
        const position = { line, character };
        const doc = { textDocument: { uri }, position };
        await lsp.client.alive(lsp.client.connection.sendRequest(HoverRequest.type, doc));
        await lsp.client.alive(lsp.client.connection.sendRequest(CompletionRequest.type, doc));
        await lsp.client.alive(lsp.client.connection.sendRequest(DefinitionRequest.type, doc));
        await lsp.client.alive(lsp.client.connection.sendRequest(PrepareRenameRequest.type, doc));
        await lsp.client.alive(
          lsp.client.connection.sendRequest(ReferencesRequest.type, {
            ...doc,
            context: { includeDeclaration: true },
          }),
        );
        await lsp.client.alive(
          lsp.client.connection.sendRequest(DocumentFormattingRequest.type, {
            textDocument: { uri },
            options: { tabSize: 2, insertSpaces: true },
          }),
        );
      }
    }
    // Still the same server, still answering.
    const columns = await lsp.client.alive(
      lsp.client.connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri },
        position: { line: 3, character: lines[3]!.length },
      }),
    );
    assert.deepEqual(labels(Array.isArray(columns) ? columns : (columns?.items ?? [])), [
      'id',
      'email',
    ]);
  });
});
