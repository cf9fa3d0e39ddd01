/** A small two-file schema joined by `use`, written to a fresh folder for each test file. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const AUTH = `Table users {
  id int [pk]
  email varchar(255) [not null, unique, note: 'login name']
  Note: 'People who sign in'
}
`;

export const MAIN = `use { table users } from './auth'

Enum post_status {
  draft [note: 'not yet public']
  published
}

TablePartial stamped {
  created_at timestamp [not null, default: \`now()\`]
}

Table posts {
  id int [pk, increment]
  author_id int [not null, ref: > users.id]
  status post_status [not null, default: 'draft']
  ~stamped
  Note: 'Blog posts'
}

Table comments {
  id int [pk]
  post_id int [not null]
  body text
  indexes {
    (post_id, id)
  }
}

Ref: comments.post_id > posts.id
`;

export interface Workspace {
  readonly dir: string;
  readonly auth: string;
  readonly main: string;
  remove(): void;
}

export function makeWorkspace(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'dbgen-lsp-'));
  const auth = join(dir, 'auth.dbml');
  const main = join(dir, 'main.dbml');
  writeFileSync(auth, AUTH);
  writeFileSync(main, MAIN);
  return { dir, auth, main, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
