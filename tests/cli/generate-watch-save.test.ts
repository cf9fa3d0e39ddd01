/**
 * `generate --watch` and an editor's in-place save (truncate, then write): a run reading
 * the file between the two compiled an empty schema (valid: no tables) and deleted every
 * table's files; one reading a file that changed while it was read wrote what it read.
 * Now an empty entry is "being saved" (nothing written, said so), and a run whose files
 * changed since it began writes nothing and runs again.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { watchSuite } from '../support/cli-watch.js';

const table = (name: string): string => `Table ${name} {\n  id integer [pk]\n  label text\n}\n`;
const CLIENT = ['enums', 'index', 'posts', 'users'].flatMap((f) => [`${f}.d.ts`, `${f}.js`]);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dbgen-watch-save-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('generate --watch during an in-place save', () => {
  const startWatch = watchSuite();
  const args = ['generate', '--watch', '--schema', 'schema.dbml', '--out', 'gen'];

  it("an emptied entry file writes nothing and says so; the save's content then regenerates", async () => {
    const schema = join(dir, 'schema.dbml');
    writeFileSync(schema, table('users') + table('posts'));
    const watch = startWatch(dir, args);
    await watch.waitFor('out', /watching schema\.dbml for changes/);

    writeFileSync(schema, ''); // the editor's truncation
    const seen = await watch.waitFor('out', /schema\.dbml is empty|deleted/);
    assert.match(
      seen,
      /^schema\.dbml is empty \(an editor in the middle of saving it\?\); nothing written to gen\/$/m,
    );
    for (const file of CLIENT) assert.ok(readdirSync(join(dir, 'gen')).includes(file), file);

    writeFileSync(schema, `${table('users')}${table('posts')}${table('tags')}`); // its write
    const wrote = await watch.waitFor('out', /gen\/: wrote/);
    assert.match(wrote, /wrote index\.d\.ts, index\.js, tags\.d\.ts, tags\.js \(/);
    assert.doesNotMatch(watch.stdout(), /deleted/);
    watch.child.kill('SIGINT');
    assert.equal(await watch.exited, 0);
  });

  it('a run whose schema changed while it was read writes nothing and runs again', async () => {
    // Big enough that a run takes a while: the rest of the save lands during it.
    const many = Array.from({ length: 2500 }, (_, i) => table(`t${i}`)).join('');
    const schema = join(dir, 'schema.dbml');
    writeFileSync(schema, table('users') + many + table('posts'));
    const watch = startWatch(dir, args);
    await watch.waitFor('out', /watching schema\.dbml for changes/);

    // An editor writing the file in two parts: the first ends before `posts`.
    writeFileSync(schema, table('users') + many);
    await new Promise((r) => setTimeout(r, 150)); // past the debounce: the run has begun
    writeFileSync(schema, `${table('users')}${many}${table('posts')}${table('tags')}`);
    await watch.waitFor('out', /gen\/: wrote .*tags\.js/);
    assert.doesNotMatch(watch.stdout(), /deleted/);
    assert.match(
      watch.stdout(),
      /^schema\.dbml changed while it was read \(a save in progress\); nothing written to gen\/$/m,
    );
    assert.ok(readdirSync(join(dir, 'gen')).includes('posts.js'));
    watch.child.kill('SIGINT');
    assert.equal(await watch.exited, 0);
  });
});
