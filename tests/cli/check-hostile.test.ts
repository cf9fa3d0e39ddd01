/**
 * `dbgen check` on input that is no schema (issue 15, item 16) or has very many problems
 * (item 15): a binary file is "not a text file", output is capped and never carries
 * control bytes, and the process never reports an internal error.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliLines, type CliLines } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'dbgen-check-hostile-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]): Promise<CliLines> => runCliLines(args, dir);

/** Control characters a terminal acts on (newline separates lines and is allowed). */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

test('check on an executable: "not a text file", exit 1, a few lines without control bytes', async () => {
  const binary = existsSync('/bin/ls') ? '/bin/ls' : process.execPath;
  copyFileSync(binary, join(dir, 'ls.dbml'));
  const { code, out, err } = await run(['check', 'ls.dbml']);
  assert.equal(code, 1);
  const text = [...err, ...out].join('\n');
  assert.match(err[0] ?? '', /not a text file.*\[DBML152\]/);
  assert.ok(text.length < 2_000, `${text.length} characters of output`);
  assert.doesNotMatch(text, CONTROL);
  assert.deepEqual(out, ['ls.dbml: 1 error, 0 warnings']);
});

test('check on 2 MB of random text without NUL: capped output, no internal error, no control bytes', async () => {
  let x = 2;
  const chars: string[] = [];
  for (let i = 0; i < 2_000_000; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    chars.push(String.fromCharCode(1 + (x % 255)));
  }
  writeFileSync(join(dir, 'random.dbml'), chars.join(''), 'latin1');
  const { code, out, err } = await run(['check', 'random.dbml']);
  assert.equal(code, 1);
  const text = [...err, ...out].join('\n');
  assert.doesNotMatch(text, /internal|DBML129|DBML299/);
  assert.doesNotMatch(text, CONTROL);
  assert.equal(err.length, 51); // 50 diagnostics and the count of the rest
  assert.match(err[50]!, /^… and \d+ more \(\d+ errors?\) not shown$/);
  assert.ok(text.length < 200_000, `${text.length} characters of output`);
});

test('check with escape sequences in names: they are shown as <U+XXXX>, not sent to the terminal', async () => {
  writeFileSync(
    join(dir, 'escapes.dbml'),
    'Table t {\n  id int [pk]\n  \u001b[2Jx int\n  "a\u202eb" int\n  "a\u202eb" int\n}\n',
  );
  const { code, err } = await run(['check', 'escapes.dbml']);
  assert.equal(code, 1);
  const text = err.join('\n');
  assert.doesNotMatch(text, CONTROL);
  assert.match(text, /<U\+001B>/);
  assert.match(text, /a<U\+202E>b/);
});
