/**
 * `ParseCache` (watch mode): compiling again re-parses only the files whose text changed,
 * and the result is the one a fresh compile gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSchema, ParseCache, type DbmlFile } from '@dbgen/generator';

const USERS = 'Table users {\n  id int [pk]\n  name text\n}\n';
const POSTS =
  "use { table users } from './users'\nTable posts {\n  id int [pk]\n  author_id int [ref: > users.id]\n}\n";

test('an unchanged file keeps its AST; a changed one is parsed again; results equal a fresh compile', () => {
  const files = new Map([
    ['/s/posts.dbml', POSTS],
    ['/s/users.dbml', USERS],
  ]);
  const parsed: string[] = [];
  const cache = new ParseCache();
  const original = cache.parse.bind(cache);
  const seen = new Map<string, DbmlFile>();
  // Which files were parsed, told by whether their AST object is new.
  cache.parse = (source, path) => {
    const result = original(source, path);
    if (seen.get(path) !== result.file) parsed.push(path);
    seen.set(path, result.file);
    return result;
  };
  const compile = () =>
    compileSchema('/s/posts.dbml', { readFile: (p) => files.get(p), parseCache: cache });

  const first = compile();
  assert.deepEqual(parsed.sort(), ['/s/posts.dbml', '/s/users.dbml']);
  assert.ok(first.ir);

  parsed.length = 0;
  files.set('/s/users.dbml', USERS.replace('name text', 'name text\n  email text'));
  const second = compile();
  assert.deepEqual(parsed, ['/s/users.dbml']);
  const fresh = compileSchema('/s/posts.dbml', { readFile: (p) => files.get(p) });
  assert.deepEqual(second.ir, fresh.ir);
  assert.deepEqual(second.diagnostics, fresh.diagnostics);
  assert.deepEqual(
    second.ir?.tables.find((t) => t.name === 'users')?.columns.map((c) => c.name),
    ['id', 'name', 'email'],
  );

  // An error in the changed file is reported, and fixing it gives the IR back.
  parsed.length = 0;
  files.set('/s/posts.dbml', POSTS.replace('[pk]', '[pk'));
  assert.equal(compile().ir, null);
  files.set('/s/posts.dbml', POSTS);
  const third = compile();
  assert.deepEqual(parsed, ['/s/posts.dbml', '/s/posts.dbml']);
  assert.deepEqual(third.ir, fresh.ir); // the files are as when `fresh` was compiled
});
