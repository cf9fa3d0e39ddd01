/**
 * Names written through an alias still reach the declaration, and a rename keeps them:
 * a `use { table users as u }` import alias and a `Table users as U` table alias both
 * still name the renamed table. TableGroup members and enum types are renamed too.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { compileSchema } from '@dbgen/generator';
import {
  DefinitionRequest,
  HoverRequest,
  RenameRequest,
  type Location,
  type MarkupContent,
} from 'vscode-languageserver-protocol';
import { applyEdits, LspClient, positionOf, uriOf } from './client.js';

const PEOPLE = `Enum role {
  admin
  member
}

Table users as U {
  id int [pk]
  role role [not null]
  manager_id int
}

TableGroup people {
  users
}

Ref: U.manager_id > users.id
`;

const APP = `use { table users as u } from './people'

Table sessions {
  id int [pk]
  user_id int [not null, ref: > u.id]
}
`;

describe('dbgen lsp: aliases', { timeout: 60_000 }, () => {
  let dir: string;
  let people: string;
  let app: string;
  let client: LspClient;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dbgen-lsp-alias-'));
    people = join(dir, 'people.dbml');
    app = join(dir, 'app.dbml');
    writeFileSync(people, PEOPLE);
    writeFileSync(app, APP);
    client = new LspClient(dir);
    await client.initialize(dir);
    assert.deepEqual(await client.open(app, APP), []);
  });
  after(async () => {
    assert.equal(await client.close(), 0);
    rmSync(dir, { recursive: true, force: true });
  });

  test('an import alias goes to the table it names', async () => {
    const result = (await client.alive(
      client.connection.sendRequest(DefinitionRequest.type, {
        textDocument: { uri: uriOf(app) },
        position: positionOf(APP, 'u.id', 0, 0),
      }),
    )) as Location[];
    assert.deepEqual(
      result.map((l) => [l.uri, l.range.start.line, l.range.start.character]),
      [[uriOf(people), 5, 6]],
    );
  });

  test('hover on an import alias names the table as declared', async () => {
    const result = await client.alive(
      client.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri: uriOf(app) },
        position: positionOf(APP, 'u.id', 0, 0),
      }),
    );
    const text = (result?.contents as MarkupContent).value;
    assert.match(text, /Table users as U/);
    assert.match(text, /3 columns/);
  });

  test('renaming the table keeps both aliases and renames the group member', async () => {
    const edit = await client.alive(
      client.connection.sendRequest(RenameRequest.type, {
        textDocument: { uri: uriOf(app) },
        position: positionOf(APP, 'u.id', 0, 0),
        newName: 'accounts',
      }),
    );
    const changes = edit?.changes ?? {};
    const renamedPeople = applyEdits(PEOPLE, changes[uriOf(people)] ?? []);
    const renamedApp = applyEdits(APP, changes[uriOf(app)] ?? []);
    assert.equal(
      renamedPeople,
      PEOPLE.replace('Table users', 'Table accounts')
        .replace('  users\n', '  accounts\n')
        .replace('> users.id', '> accounts.id'),
    );
    assert.equal(renamedApp, APP.replace('table users as u', 'table accounts as u'));
    const files = new Map([
      [people, renamedPeople],
      [app, renamedApp],
    ]);
    assert.deepEqual(compileSchema(app, { readFile: (p) => files.get(p) }).diagnostics, []);
  });

  test('renaming an enum renames the columns typed with it', async () => {
    await client.open(people, PEOPLE);
    const edit = await client.alive(
      client.connection.sendRequest(RenameRequest.type, {
        textDocument: { uri: uriOf(people) },
        position: positionOf(PEOPLE, 'Enum role', 0, 6),
        newName: 'user_role',
      }),
    );
    assert.deepEqual(Object.keys(edit?.changes ?? {}), [uriOf(people)]);
    const renamed = applyEdits(PEOPLE, edit!.changes![uriOf(people)]!);
    assert.match(renamed, /^Enum user_role \{/);
    assert.match(renamed, /^ {2}role user_role \[not null\]$/m, 'the column keeps its name');
  });
});
