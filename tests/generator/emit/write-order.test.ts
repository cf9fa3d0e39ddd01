/**
 * `writeClient` when a run fails half-way, and the order files land in: the folder must
 * never hold a file that imports one that is not there (an app importing the client would
 * fail), a failed run must leave no temporary files and write nothing after it rejected,
 * and temporary files a killed run left are swept by the next one.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { watch } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { generateClient } from '@dbgen/generator';

const repo = resolve(import.meta.dirname, '..', '..', '..');
const V1 = 'Table users {\n  id integer [pk]\n}\n';
// users.js now imports posts.js (the inverse relation's class).
const V2 =
  'Table users {\n  id integer [pk]\n  name text\n}\n' +
  'Table posts {\n  id integer [pk]\n  user_id integer [ref: > users.id]\n}\n';

let root: string;
let out: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dbgen-write-order-'));
  out = join(root, 'gen');
  await mkdir(join(root, 'node_modules', '@dbgen'), { recursive: true });
  await symlink(join(repo, 'packages/runtime'), join(root, 'node_modules/@dbgen/runtime'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

async function generate(schema: string) {
  await writeFile(join(root, 'schema.dbml'), schema);
  return generateClient({ schema: 'schema.dbml', out: 'gen', cwd: root });
}

/** The folder's files and their contents. */
async function snapshot(): Promise<Record<string, string>> {
  const entries = await readdir(out, { withFileTypes: true });
  const files: Record<string, string> = {};
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    // A file renamed away between the listing and the read (a run still writing) shows.
    const read = readFile(join(out, e.name), 'utf8').catch(() => '<gone>');
    files[e.name] = e.isFile() ? await read : '<dir>';
  }
  return files;
}

/** What importing the client in a fresh process prints: its exports, or the error. */
function importClient(): string {
  const index = pathToFileURL(join(out, 'index.js')).href;
  const run = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import(${JSON.stringify(index)}).then((m) => console.log(Object.keys(m).sort().join(',')), (e) => console.log(e.message))`,
    ],
    { cwd: root, encoding: 'utf8' },
  );
  return run.stdout.trim();
}

/** The `./x.js` files a generated file imports (`.d.ts` files import `./x.js` for `x.d.ts`). */
function localImports(name: string, content: string): string[] {
  const ext = name.endsWith('.d.ts') ? '.d.ts' : '.js';
  return [...content.matchAll(/from '\.\/([^']+)\.js'/g)].map((m) => `${m[1]}${ext}`);
}

describe('writeClient: failures and order', () => {
  it('a run failing half-way leaves the previous client whole, no temporary files, and writes nothing after it rejected', async () => {
    assert.ok((await generate(V1)).ok);
    const before = await snapshot();
    // A directory where posts.js's temporary file goes: that write fails (EISDIR), while
    // the other files' writes are in flight.
    await mkdir(join(out, `.posts.js.${process.pid}.tmp`));
    await assert.rejects(generate(V2), /EISDIR|illegal operation on a directory/);
    const atRejection = await snapshot();
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(await snapshot(), atRejection, 'files landed after the run rejected');
    assert.deepEqual(atRejection, { ...before, [`.posts.js.${process.pid}.tmp`]: '<dir>' });
    assert.equal(importClient(), 'User,users');

    await rm(join(out, `.posts.js.${process.pid}.tmp`), { recursive: true });
    assert.ok((await generate(V2)).ok);
    assert.equal(importClient(), 'Post,User,posts,users');
  });

  it('puts files in place so that each finds the files it imports, index.* last', async () => {
    assert.ok((await generate(V1)).ok);
    const present = new Set(await readdir(out));
    const landed: string[] = [];
    const watcher = watch(out, (_event, name) => {
      if (name && !name.startsWith('.')) landed.push(name);
    });
    try {
      assert.ok((await generate(V2)).ok);
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      watcher.close();
    }
    const written = ['index.d.ts', 'index.js', 'posts.d.ts', 'posts.js', 'users.d.ts', 'users.js'];
    assert.deepEqual([...new Set(landed)].sort(), written);
    for (const name of landed) {
      for (const imported of localImports(name, await readFile(join(out, name), 'utf8'))) {
        assert.ok(present.has(imported), `${name} landed before ${imported}: ${landed.join(' ')}`);
      }
      present.add(name);
    }
    assert.deepEqual(landed.slice(-2).sort(), ['index.d.ts', 'index.js'], landed.join(' '));
  });

  it("sweeps the temporary files a killed run left, only dbgen's and not a running one's", async () => {
    assert.ok((await generate(V1)).ok);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const header = '// Generated by dbgen from schema.dbml. Do not edit.\nexport {};\n';
    await writeFile(join(out, `.users.js.${dead}.tmp`), header);
    await writeFile(join(out, `.notes.js.${dead}.tmp`), 'not ours\n');
    await writeFile(join(out, `.posts.js.${process.ppid}.tmp`), header);
    assert.ok((await generate(V1)).ok);
    const left = (await readdir(out)).filter((n) => n.endsWith('.tmp')).sort();
    assert.deepEqual(left, [`.notes.js.${dead}.tmp`, `.posts.js.${process.ppid}.tmp`]);
  });
});
