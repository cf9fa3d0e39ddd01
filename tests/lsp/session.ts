/** The LSP tests' set-up: a fresh workspace and a server initialised on it, per suite. */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { LspClient } from './client.js';
import { makeWorkspace, type Workspace } from './fixture.js';

export interface LspSession {
  readonly ws: Workspace;
  readonly client: LspClient;
}

/**
 * For a `describe`: before its tests, a workspace (fixture.ts) and a `dbgen lsp` client
 * initialised on it; after them, the server must exit 0 on shutdown + exit, and the
 * workspace is removed.
 */
export function lspSession(initializationOptions?: object): LspSession {
  let ws: Workspace | undefined;
  let client: LspClient | undefined;
  before(async () => {
    ws = makeWorkspace();
    client = new LspClient(ws.dir);
    await client.initialize(ws.dir, initializationOptions);
  });
  after(async () => {
    if (client) {
      const code = await client.close();
      assert.equal(code, 0, `the server exits 0 after shutdown + exit\n${client.stderr}`);
    }
    ws?.remove();
  });
  return {
    get ws() {
      assert.ok(ws, 'the workspace is made before the tests');
      return ws;
    },
    get client() {
      assert.ok(client, 'the client is started before the tests');
      return client;
    },
  };
}
