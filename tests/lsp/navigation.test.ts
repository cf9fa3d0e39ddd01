/**
 * `dbgen lsp` hover, go to definition, find references and rename, through a real client
 * over stdio, across two files joined by `use` (auth.dbml is never opened: the server
 * finds it through the `use` and the workspace folder).
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { compileSchema } from '@dbgen/generator';
import {
  DefinitionRequest,
  DocumentSymbolRequest,
  HoverRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  type DocumentSymbol,
  type Location,
  type MarkupContent,
  type Position,
} from 'vscode-languageserver-protocol';
import { applyEdits, positionOf, textAt, uriOf } from './client.js';
import { AUTH, MAIN } from './fixture.js';
import { lspSession } from './session.js';

describe('dbgen lsp: navigation across files', { timeout: 60_000 }, () => {
  const lsp = lspSession();
  before(async () => {
    await lsp.client.open(lsp.ws.main, MAIN);
  });

  const at = (position: Position, path = lsp.ws.main) => ({
    textDocument: { uri: uriOf(path) },
    position,
  });
  const hoverText = async (position: Position, path = lsp.ws.main): Promise<string> => {
    const result = await lsp.client.alive(
      lsp.client.connection.sendRequest(HoverRequest.type, at(position, path)),
    );
    assert.ok(result, 'a hover');
    return (result.contents as MarkupContent).value;
  };
  const definition = async (position: Position): Promise<Location[]> => {
    const result = await lsp.client.alive(
      lsp.client.connection.sendRequest(DefinitionRequest.type, at(position)),
    );
    return (Array.isArray(result) ? result : result ? [result] : []) as Location[];
  };
  /** `path:line:text` for each location, in a stable order. */
  const describeLocations = (locations: readonly Location[]): string[] =>
    locations
      .map((l) => {
        const file =
          l.uri === uriOf(lsp.ws.auth) ? 'auth' : l.uri === uriOf(lsp.ws.main) ? 'main' : l.uri;
        const text = file === 'auth' ? AUTH : MAIN;
        return `${file}:${l.range.start.line}:${textAt(text, l.range)}`;
      })
      .sort();

  test('hover on a column: its type, settings and note', async () => {
    const text = await hoverText(positionOf(MAIN, 'author_id int', 0, 2));
    assert.match(text, /posts\.author_id int \[not null, ref: > users\.id\]/);
    const imported = await hoverText(positionOf(MAIN, 'users.id', 0, 7));
    assert.match(imported, /users\.id int \[pk\]/);
    const noted = await hoverText(positionOf(AUTH, 'email', 0, 1), lsp.ws.auth);
    assert.match(noted, /users\.email varchar\(255\) \[not null, unique\]/);
    assert.match(noted, /login name/);
  });

  test('hover on a table (its column count, partials included, and note) and on an enum', async () => {
    const posts = await hoverText(positionOf(MAIN, 'posts.id', 0, 1));
    assert.match(posts, /Table posts/);
    assert.match(posts, /4 columns/, 'id, author_id, status and created_at from ~stamped');
    assert.match(posts, /Blog posts/);
    const users = await hoverText(positionOf(MAIN, 'users.id', 0, 1));
    assert.match(users, /Table users/);
    assert.match(users, /2 columns/);
    assert.match(users, /People who sign in/);
    const status = await hoverText(positionOf(MAIN, 'status post_status', 0, 10));
    assert.match(status, /Enum post_status/);
    assert.match(status, /`draft` — not yet public/);
    assert.match(status, /`published`/);
  });

  test('go to definition: a table and a column in the imported file', async () => {
    const table = await definition(positionOf(MAIN, 'users.id', 0, 2));
    assert.deepEqual(describeLocations(table), ['auth:0:users']);
    const column = await definition(positionOf(MAIN, 'users.id', 0, 6));
    assert.deepEqual(describeLocations(column), ['auth:1:id']);
    const selection = await definition(positionOf(MAIN, '{ table users }', 0, 9));
    assert.deepEqual(describeLocations(selection), ['auth:0:users']);
  });

  test("go to definition on a use's path opens the imported file", async () => {
    const file = await definition(positionOf(MAIN, "'./auth'", 0, 3));
    assert.deepEqual(
      file.map((l) => [l.uri, l.range.start.line, l.range.start.character]),
      [[uriOf(lsp.ws.auth), 0, 0]],
    );
  });

  test('go to definition: an enum type, a partial, a column of a ref and of an index', async () => {
    const type = await definition(positionOf(MAIN, 'status post_status', 0, 8));
    assert.deepEqual(describeLocations(type), ['main:2:post_status']);
    const partial = await definition(positionOf(MAIN, '~stamped', 0, 3));
    assert.deepEqual(describeLocations(partial), ['main:7:stamped']);
    const refColumn = await definition(positionOf(MAIN, 'comments.post_id >', 0, 10));
    assert.deepEqual(describeLocations(refColumn), ['main:21:post_id']);
    const indexColumn = await definition(positionOf(MAIN, '(post_id, id)', 0, 11));
    assert.deepEqual(describeLocations(indexColumn), ['main:20:id']);
  });

  test('find references of a table from its declaration in the other file', async () => {
    const result = await lsp.client.alive(
      lsp.client.connection.sendRequest(ReferencesRequest.type, {
        ...at(positionOf(AUTH, 'users', 0, 1), lsp.ws.auth),
        context: { includeDeclaration: true },
      }),
    );
    assert.deepEqual(describeLocations(result ?? []), [
      'auth:0:users',
      'main:0:users',
      'main:13:users',
    ]);
    const withoutDeclaration = await lsp.client.alive(
      lsp.client.connection.sendRequest(ReferencesRequest.type, {
        ...at(positionOf(MAIN, 'users.id', 0, 0)),
        context: { includeDeclaration: false },
      }),
    );
    assert.deepEqual(describeLocations(withoutDeclaration ?? []), [
      'main:0:users',
      'main:13:users',
    ]);
  });

  test('find references of a column and of a partial', async () => {
    const id = await lsp.client.alive(
      lsp.client.connection.sendRequest(ReferencesRequest.type, {
        ...at(positionOf(MAIN, 'id int [pk, increment]', 0, 0)),
        context: { includeDeclaration: true },
      }),
    );
    assert.deepEqual(describeLocations(id ?? []), ['main:12:id', 'main:28:id']);
    const partial = await lsp.client.alive(
      lsp.client.connection.sendRequest(ReferencesRequest.type, {
        ...at(positionOf(MAIN, 'TablePartial stamped', 0, 14)),
        context: { includeDeclaration: false },
      }),
    );
    assert.deepEqual(describeLocations(partial ?? []), ['main:15:stamped']);
  });

  test('rename a table: one WorkspaceEdit changing both files; the result compiles', async () => {
    const prepared = await lsp.client.alive(
      lsp.client.connection.sendRequest(
        PrepareRenameRequest.type,
        at(positionOf(MAIN, 'users.id', 0, 3)),
      ),
    );
    assert.ok(prepared && 'placeholder' in prepared);
    assert.equal(prepared.placeholder, 'users');
    const edit = await lsp.client.alive(
      lsp.client.connection.sendRequest(RenameRequest.type, {
        ...at(positionOf(MAIN, 'users.id', 0, 3)),
        newName: 'accounts',
      }),
    );
    const changes = edit?.changes ?? {};
    assert.deepEqual(Object.keys(changes).sort(), [uriOf(lsp.ws.auth), uriOf(lsp.ws.main)].sort());
    const auth = applyEdits(AUTH, changes[uriOf(lsp.ws.auth)]!);
    const main = applyEdits(MAIN, changes[uriOf(lsp.ws.main)]!);
    assert.match(auth, /^Table accounts \{/);
    assert.match(main, /use \{ table accounts \} from '\.\/auth'/);
    assert.match(main, /ref: > accounts\.id/);
    assert.doesNotMatch(auth + main, /\busers\b/);
    const files = new Map([
      [lsp.ws.auth, auth],
      [lsp.ws.main, main],
    ]);
    const compiled = compileSchema(lsp.ws.main, { readFile: (p) => files.get(p) });
    assert.deepEqual(compiled.diagnostics, []);
    assert.ok(compiled.ir?.tables.some((t) => t.name === 'accounts'));
    assert.equal(compiled.ir?.refs.length, 2, 'both refs still resolve');
  });

  test('rename a column of the imported table from a reference', async () => {
    const edit = await lsp.client.alive(
      lsp.client.connection.sendRequest(RenameRequest.type, {
        ...at(positionOf(MAIN, 'users.id', 0, 7)),
        newName: 'user id',
      }),
    );
    const changes = edit?.changes ?? {};
    const auth = applyEdits(AUTH, changes[uriOf(lsp.ws.auth)]!);
    const main = applyEdits(MAIN, changes[uriOf(lsp.ws.main)]!);
    assert.match(auth, /^ {2}"user id" int \[pk\]$/m, 'a name that needs quotes gets them');
    assert.match(main, /ref: > users\."user id"/);
    assert.match(main, /comments\.post_id > posts\.id/, "posts.id is another table's column");
  });

  test('the outline: tables with their columns, partials, enums with their values', async () => {
    const symbols = (await lsp.client.alive(
      lsp.client.connection.sendRequest(DocumentSymbolRequest.type, {
        textDocument: { uri: uriOf(lsp.ws.main) },
      }),
    )) as DocumentSymbol[];
    const tree = (list: readonly DocumentSymbol[]): unknown[] =>
      list.map((s) => (s.children?.length ? [s.name, tree(s.children)] : s.name));
    assert.deepEqual(tree(symbols), [
      ['post_status', ['draft', 'published']],
      ['stamped', ['created_at']],
      ['posts', ['id', 'author_id', 'status']],
      ['comments', ['id', 'post_id', 'body']],
    ]);
    const posts = symbols[2]!;
    assert.equal(textAt(MAIN, posts.selectionRange), 'posts');
    assert.equal(posts.range.start.line, 11);
    assert.equal(posts.range.end.line, 17);
  });

  // A name its neighbour has was renamed to without a word, and the schema then held two
  // tables (or columns) of one name.
  test('rename to a name another table or column has is refused, naming it', async () => {
    for (const [from, offset, newName, message] of [
      ['Table comments', 7, 'posts', /the name posts is taken: table public\.posts has it/],
      ['body text', 1, 'post_id', /taken: column post_id of table public\.comments has it/],
      ['author_id int', 1, 'created_at', /taken: column created_at of partial stamped has it/],
      ['Enum post_status', 6, 'users', null],
    ] as const) {
      const request = lsp.client.connection.sendRequest(RenameRequest.type, {
        ...at(positionOf(MAIN, from, 0, offset)),
        newName,
      });
      if (message === null) {
        // An enum may share a table's name: they are named apart.
        assert.ok(await lsp.client.alive(request), from);
      } else {
        await assert.rejects(request, message, from);
      }
    }
  });

  test('rename where there is nothing to rename is refused with a message', async () => {
    await assert.rejects(
      lsp.client.connection.sendRequest(RenameRequest.type, {
        ...at(positionOf(MAIN, "'draft'", 0, 2)),
        newName: 'x',
      }),
      /no table, column, enum or partial here/,
    );
  });
});
