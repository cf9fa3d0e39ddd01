/**
 * `dbgen studio` in a real browser (Debian's Chromium through playwright-core), served by
 * the BUILT `dbgen` bin on a real SQLite file: it opens, browses, filters, follows a
 * relation both ways, stages two edits, shows their SQL, commits, and the database holds
 * the change; requests without the token, or from another page's origin, are refused. The
 * screenshot of the staged changes is docs/studio.png (the README's picture).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { createEngine, sql } from '@dbgen/runtime';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, skipLoudly } from '../support/chromium.js';
import { createStudioTables, STUDIO_SCHEMA } from './support.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SCREENSHOT = join(ROOT, 'docs/studio.png');

let dir = '';
let dbUrl = '';
let cli: ChildProcess | null = null;
let studioUrl = '';
let browser: Browser | null = null;
let skipReason: string | null = null;

before(
  async () => {
    // The test drives the built CLI, as a user runs it: build it (incremental, quick when current).
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'packages/cli'],
      {
        cwd: ROOT,
      },
    );
    dir = mkdtempSync(join(tmpdir(), 'dbgen-studio-'));
    writeFileSync(join(dir, 'schema.dbml'), STUDIO_SCHEMA);
    dbUrl = `sqlite:${join(dir, 'app.db')}`;
    const engine = createEngine({ url: dbUrl });
    await createStudioTables(engine, 'sqlite');
    await engine.close();

    cli = spawn(
      process.execPath,
      [join(ROOT, 'packages/cli/bin/dbgen.js'), 'studio', '--url', dbUrl],
      {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const stderr: string[] = [];
    cli.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    studioUrl = await new Promise<string>((resolveUrl, reject) => {
      createInterface({ input: cli!.stdout! }).on('line', (line) => {
        const match = /^dbgen studio: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)$/.exec(line);
        if (match) resolveUrl(match[1]!);
      });
      cli!.once('exit', (code) =>
        reject(new Error(`dbgen studio exited (${code}): ${stderr.join('')}`)),
      );
    });

    const chromium = await launchChromium();
    if ('skip' in chromium) skipReason = chromium.skip;
    else browser = chromium.browser;
  },
  { timeout: 600_000 },
);

after(async () => {
  await browser?.close();
  if (cli && cli.exitCode === null) {
    const exited = new Promise((r) => cli!.once('exit', r));
    cli.kill('SIGTERM');
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Page-side predicates run in the browser (functions: the page's CSP forbids eval of
// strings); the tests are type-checked without the DOM library, hence this much of it.
declare const document: {
  querySelector(selector: string): { textContent: string | null } | null;
  querySelectorAll(selector: string): { length: number };
};
const rowCount = (page: Page, n: number) =>
  page.waitForFunction((want) => document.querySelectorAll('#grid tbody tr').length === want, n);
const titled = (page: Page, table: string) =>
  page.waitForFunction(
    (want) => document.querySelector('#table-title')?.textContent === want,
    table,
  );
const cells = (page: Page, column: string) =>
  page
    .locator(`#grid tbody td[data-column="${column}"]`)
    .evaluateAll((tds) => tds.map((td) => td.firstChild?.textContent ?? ''));

test('studio: browse, filter, follow relations, stage two edits, see their SQL, commit', async (t) => {
  if (skipReason !== null) return skipLoudly(t, skipReason);
  const page = await browser!.newPage({ viewport: { width: 1400, height: 540 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(studioUrl);
  await page.locator('nav button[data-table="public.posts"]').waitFor();
  // The token left the address bar (and the history) once the page had it.
  assert.equal(new URL(page.url()).search, '');

  // Browse: every post.
  await page.click('nav button[data-table="public.posts"]');
  await rowCount(page, 3);
  assert.equal(await page.textContent('#page-info'), 'rows 1–3 of 3');
  // Sort: by title, then the other way.
  await page.click('#grid th[data-column="title"]');
  await page.locator('#grid th[data-column="title"]', { hasText: '▲' }).waitFor();
  const ascending = await cells(page, 'title');
  assert.deepEqual(ascending, [...ascending].sort());
  await page.click('#grid th[data-column="title"]');
  await page.locator('#grid th[data-column="title"]', { hasText: '▼' }).waitFor();
  assert.deepEqual(await cells(page, 'title'), [...ascending].reverse());

  // Filter: titles containing "engine", any case.
  await page.selectOption('#filter-column', 'title');
  await page.selectOption('#filter-op', 'contains');
  await page.fill('#filter-value', 'engine');
  await page.click('#filter-form button[type="submit"]');
  await rowCount(page, 2);
  // (still sorted by title, descending)
  assert.deepEqual(await cells(page, 'title'), [
    'Sketch of the Engine',
    'Notes on the Analytical Engine',
  ]);

  // Follow the foreign key to the parent row: the author.
  await page.locator('#grid tbody tr').first().locator('[data-testid="parent-link"]').click();
  await titled(page, 'users');
  await rowCount(page, 1);
  assert.deepEqual(await cells(page, 'email'), ['ada@example.org']);
  // And back from the parent to its child rows.
  await page.locator('#grid tbody tr').first().locator('[data-testid="child-link"]').click();
  await titled(page, 'posts');
  await rowCount(page, 2);
  assert.equal(await page.textContent('#filters'), 'author_id = 1×');

  // Edit 1: rename Grace (an update).
  await page.click('nav button[data-table="public.users"]');
  await rowCount(page, 5);
  const grace = page.locator('#grid tbody tr', { hasText: 'grace@example.org' });
  await grace.getByRole('button', { name: 'Edit' }).click();
  await page.fill('#editor [name="name"]', 'Rear Admiral Grace Hopper');
  await page.click('#editor-stage');
  await page.locator('[data-testid="change"]').first().waitFor();

  // Edit 2: a new post by her (an insert).
  await page.click('nav button[data-table="public.posts"]');
  await rowCount(page, 3);
  await page.click('#new-row');
  await page.fill('#editor input[name="author_id"]', '3');
  await page.fill('#editor [name="title"]', 'The First Bug');
  await page.click('#editor-stage');
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid="change"]').length === 2,
  );

  // The SQL commit will run, with its values.
  const shown = await page.locator('[data-testid="sql"]').allTextContents();
  assert.deepEqual(shown, [
    'update `users` set `name` = ?, `version` = `users`.`version` + ? where `users`.`id` = ? and `users`.`version` = ?',
    'insert into `posts` (`author_id`, `title`) values (?, ?)',
  ]);
  const parameters = await page.locator('#changes .params').allTextContents();
  assert.deepEqual(parameters, [
    'parameters: ["Rear Admiral Grace Hopper",1,3,1]',
    'parameters: [3,"The First Bug"]',
  ]);
  const database = createEngine({ url: dbUrl });
  try {
    const before = await database.execute(sql`select name from users where id = 3`);
    assert.deepEqual(before.rows, [{ name: 'Grace Hopper' }], 'staged, not yet written');
    await page.screenshot({ path: SCREENSHOT });

    await page.click('#commit');
    await page.waitForFunction(() =>
      document.querySelector('#message')?.textContent?.startsWith('committed'),
    );
    assert.equal(await page.textContent('#message'), 'committed 2 change(s) in one transaction');
    assert.equal(await page.locator('[data-testid="change"]').count(), 0);
    await rowCount(page, 4);

    const grace = await database.execute(sql`select name, version from users where id = 3`);
    assert.deepEqual(grace.rows, [{ name: 'Rear Admiral Grace Hopper', version: 2 }]);
    const bug = await database.execute(
      sql`select author_id from posts where title = ${'The First Bug'}`,
    );
    assert.deepEqual(bug.rows, [{ author_id: 3 }]);
  } finally {
    await database.close();
  }
  assert.deepEqual(pageErrors, []);
  await page.close();
});

test('studio: a request without the token, or from another page, is refused', async (t) => {
  if (skipReason !== null) return skipLoudly(t, skipReason);
  const origin = new URL(studioUrl).origin;
  const token = new URL(studioUrl).searchParams.get('token')!;
  const page = await browser!.newPage();
  await page.goto(studioUrl);
  await page.locator('nav button').first().waitFor();
  // The studio's own page, without the header: 401, nothing returned.
  const refused = await page.evaluate(async () => {
    const response = await fetch('/api/schema');
    return { status: response.status, body: await response.json() };
  });
  assert.deepEqual(refused, {
    status: 401,
    body: { error: 'missing or wrong x-studio-token header' },
  });
  // Another page (another origin) that even knows the token cannot call the API: the
  // header needs a CORS preflight, which the studio refuses.
  const other = await browser!.newPage();
  await other.goto('about:blank');
  const crossOrigin = await other.evaluate(
    async ({ origin, token }) => {
      try {
        const response = await fetch(`${origin}/api/discard`, {
          method: 'POST',
          headers: { 'X-Studio-Token': token, 'Content-Type': 'application/json' },
          body: '{}',
        });
        return `answered ${response.status}`;
      } catch (error) {
        return `blocked: ${(error as Error).name}`;
      }
    },
    { origin, token },
  );
  assert.equal(crossOrigin, 'blocked: TypeError');
  await other.close();
  await page.close();
});

test('studio: a row changed since it was read is shown as a conflict, not overwritten', async (t) => {
  if (skipReason !== null) return skipLoudly(t, skipReason);
  const page = await browser!.newPage();
  await page.goto(studioUrl);
  await page.click('nav button[data-table="public.users"]');
  await rowCount(page, 5);
  const alan = page.locator('#grid tbody tr', { hasText: 'alan@example.org' });
  await alan.getByRole('button', { name: 'Edit' }).click();
  await page.fill('#editor [name="name"]', 'A. M. Turing');
  await page.click('#editor-stage');
  await page.locator('[data-testid="change"]').waitFor();
  // Someone else saves the row meanwhile.
  const database = createEngine({ url: dbUrl });
  try {
    await database.execute(
      sql`update users set name = ${'Alan Mathison Turing'}, version = version + 1 where id = 2`,
    );
    await page.click('#commit');
    await page.locator('#message.error').waitFor();
    assert.match(
      (await page.textContent('#message')) ?? '',
      /^stale rows: change #\d+ targets a row that changed since it was read; nothing was written$/,
    );
    const conflict = await page.locator('#changes li.conflict').textContent();
    assert.match(
      conflict ?? '',
      /now in the database: .*"name":"Alan Mathison Turing".*"version":2/,
    );
    const stored = await database.execute(sql`select name from users where id = 2`);
    assert.deepEqual(stored.rows, [{ name: 'Alan Mathison Turing' }]);
    await page.click('#discard');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="change"]').length === 0,
    );
    assert.equal(await page.textContent('#message'), 'discarded 1 change(s); nothing was written');
  } finally {
    await database.close();
  }
  await page.close();
});

test('Ctrl-C (SIGTERM) stops the studio cleanly', async () => {
  assert.ok(cli && cli.exitCode === null, 'the studio is still serving');
  const exited = new Promise<number | null>((resolveExit) => cli!.once('exit', resolveExit));
  cli.kill('SIGTERM');
  assert.equal(await exited, 0);
});
