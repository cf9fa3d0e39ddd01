import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/cli.js';
import { watchSuite } from '../support/cli-watch.js';

const USERS = `Table users {
  id integer [pk]
  email varchar [not null, unique]
}
`;
const POSTS = `Table posts {
  id integer [pk]
  author_id integer [not null, ref: > users.id]
}
`;

describe('dbgen diagram', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'dbgen-diagram-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes an SVG, then says it is up to date with the same bytes', async () => {
    writeFileSync(join(dir, 'schema.dbml'), USERS + POSTS);
    const first = await runCli(['diagram', '--schema', 'schema.dbml', '--out', 'er.svg'], dir);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^er\.svg: drew 2 tables and 1 relations in \d+ ms$/);
    const svg = readFileSync(join(dir, 'er.svg'), 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /data-table="public\.posts"/);
    const second = await runCli(['diagram', '--schema', 'schema.dbml', '--out', 'er.svg'], dir);
    assert.equal(second.code, 0);
    assert.match(second.stdout, /^er\.svg: up to date \(2 tables\) in \d+ ms$/);
    assert.equal(readFileSync(join(dir, 'er.svg'), 'utf8'), svg);
  });

  it('writes an HTML page for .html, and prints the SVG without --out', async () => {
    const page = await runCli(['diagram', '--schema', 'schema.dbml', '--out', 'er.html'], dir);
    assert.equal(page.code, 0, page.stderr);
    assert.match(readFileSync(join(dir, 'er.html'), 'utf8'), /^<!doctype html>/);
    const printed = await runCli(['diagram', '--schema', 'schema.dbml'], dir);
    assert.equal(printed.code, 0);
    assert.equal(`${printed.stdout}\n`, readFileSync(join(dir, 'er.svg'), 'utf8'));
  });

  it('refuses an unknown format, --watch without --out, and a schema with errors', async () => {
    const png = await runCli(['diagram', '--schema', 'schema.dbml', '--out', 'er.png'], dir);
    assert.equal(png.code, 2);
    assert.match(
      png.stderr,
      /cannot tell the diagram format from "er\.png": name a \.svg or \.html file/,
    );
    const format = await runCli(['diagram', '--schema', 'schema.dbml', '--format', 'pdf'], dir);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /unknown diagram format "pdf": use svg or html/);
    const watch = await runCli(['diagram', '--schema', 'schema.dbml', '--watch'], dir);
    assert.equal(watch.code, 2);
    assert.match(watch.stderr, /--watch needs --out/);
    writeFileSync(join(dir, 'bad.dbml'), 'Table t {\n  id integer [pk\n}\n');
    const bad = await runCli(['diagram', '--schema', 'bad.dbml', '--out', 'bad.svg'], dir);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /bad\.dbml:\d+:\d+/);
    assert.match(bad.stderr, /bad\.dbml: \d+ error\(s\); no diagram drawn/);
    assert.doesNotMatch(bad.stderr, /\n\s+at /); // no stack trace
    assert.equal(existsSync(join(dir, 'bad.svg')), false);
    const missing = await runCli(['diagram', '--schema', 'nope.dbml', '--out', 'x.svg'], dir);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /schema file not found/);
  });

  it('an --out it cannot write is one line naming it, with no temporary file left', async () => {
    mkdirSync(join(dir, 'folder.svg'));
    const folder = await runCli(['diagram', '--schema', 'schema.dbml', '--out', 'folder.svg'], dir);
    assert.equal(folder.code, 1);
    assert.equal(
      folder.stderr,
      'error: cannot write folder.svg: it is a folder; name a .svg or .html file',
    );
    const nowhere = await runCli(['diagram', '--schema', 'schema.dbml', '--out', 'no/er.svg'], dir);
    assert.equal(nowhere.code, 1);
    assert.match(nowhere.stderr, /^error: cannot write no\/er\.svg: ENOENT: .*'[^']*no\/er\.svg'$/);
    assert.doesNotMatch(`${folder.stderr}${nowhere.stderr}`, /\.tmp|\n\s+at /);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.endsWith('.tmp')),
      [],
    );
  });
});

describe('dbgen diagram --watch (child process)', () => {
  let dir = '';
  const startWatch = watchSuite(() => rmSync(dir, { recursive: true, force: true }));
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'dbgen-diagram-watch-'));
  });

  it('redraws on save, keeps the last drawing through errors, stops on SIGINT', async () => {
    const schema = join(dir, 'schema.dbml');
    const out = join(dir, 'er.html');
    writeFileSync(schema, USERS);
    const watch = startWatch(dir, [
      'diagram',
      '--watch',
      '--schema',
      'schema.dbml',
      '--out',
      'er.html',
    ]);
    const { child, exited, waitFor } = watch;

    const started = await waitFor('out', /watching schema\.dbml for changes; press Ctrl-C to stop/);
    assert.match(started, /er\.html: drew 1 tables and 0 relations in \d+ ms/);
    assert.doesNotMatch(readFileSync(out, 'utf8'), /data-table="public\.posts"/);

    writeFileSync(schema, USERS + POSTS);
    await waitFor('out', /er\.html: drew 2 tables and 1 relations in \d+ ms/);
    const drawn = readFileSync(out, 'utf8');
    assert.match(drawn, /data-table="public\.posts"/);

    writeFileSync(schema, `${USERS}Table posts {\n  id integer [pk\n}\n`);
    const broken = await waitFor('err', /kept the last good output; watching for changes/);
    assert.match(broken, /schema\.dbml:\d+:\d+/);
    assert.equal(readFileSync(out, 'utf8'), drawn);

    child.kill('SIGINT');
    assert.equal(await exited, 0);
    assert.match(watch.unseenStdout(), /stopped watching/);
  });
});
