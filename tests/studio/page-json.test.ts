/**
 * The studio page sends a JSON document as the text typed (`{ $json: text }`), not through
 * the browser's JSON.parse, which rounds an integer past 2^53: a document typed with such
 * an integer is refused with the server's message naming the column, and one that fits is
 * stored as typed. (The page's parsing is the same on every dialect; the server's checks
 * are tested on all three in strict-values.test.ts.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { compileSchemaSource } from '@dbgen/generator';
import { createEngine, sql, type Engine } from '@dbgen/runtime';
import { startStudio, type RunningStudio } from '@dbgen/cli';
import type { Browser } from 'playwright-core';
import { launchChromium, skipLoudly } from '../support/chromium.js';
import { createTables } from '../support/create-tables.js';

const ir = compileSchemaSource(
  `Table t {\n  id integer [pk]\n  doc json [null]\n}`,
  '/p/s.dbml',
).ir!;

let dir = '';
let engine: Engine;
let studio: RunningStudio;
let browser: Browser | null = null;
let skipReason: string | null = null;

before(
  async () => {
    dir = mkdtempSync(join(tmpdir(), 'dbgen-page-json-'));
    engine = createEngine({ url: `sqlite:${join(dir, 'app.db')}` });
    await createTables(engine, ir, 'sqlite');
    await engine.execute(sql`insert into t (id, doc) values (1, '{"x": 1}')`);
    studio = await startStudio({ engine, schema: ir, log: () => {} });
    const chromium = await launchChromium();
    if ('skip' in chromium) skipReason = chromium.skip;
    else browser = chromium.browser;
  },
  { timeout: 600_000 },
);

after(async () => {
  await browser?.close();
  await studio?.close();
  await engine?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

declare const document: { querySelector(selector: string): { textContent: string | null } | null };

test('the page sends JSON as typed: a rounded integer is refused, the rest stored as typed', async (t) => {
  if (skipReason !== null) return skipLoudly(t, skipReason);
  const page = await browser!.newPage();
  await page.goto(studio.url);
  await page.click('nav button[data-table="public.t"]');
  const row = page.locator('#grid tbody tr').first();
  await row.waitFor();

  await row.getByRole('button', { name: 'Edit' }).click();
  await page.fill('#editor [name="doc"]', '{"n": 12345678901234567890, "x": 2}');
  await page.click('#editor-stage');
  await page.waitForFunction(() =>
    /t\.doc: the integer 12345678901234567890 is past 2\^53/.test(
      document.querySelector('#message')?.textContent ?? '',
    ),
  );

  await page.fill('#editor [name="doc"]', '{"n": "12345678901234567890", "x": 2}');
  await page.click('#editor-stage');
  await page.locator('[data-testid="change"]').first().waitFor();
  await page.click('#commit');
  await page.waitForFunction(() => document.querySelector('[data-testid="change"]') === null);
  const { rows } = await engine.execute(sql`select doc from t where id = 1`);
  assert.equal(rows[0]?.['doc'], '{"n": "12345678901234567890", "x": 2}');
});
