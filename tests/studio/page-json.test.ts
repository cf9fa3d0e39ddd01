/**
 * The studio page shows a JSON document as the database's text and sends it back as the
 * text typed (`{ $json: text }`), never through the browser's JSON.parse, which rounds an
 * integer past 2^53 and a number with more digits than a double holds: the form shows the
 * stored digits, and an edit of one key leaves the other numbers as they were. (The
 * server's side is tested on all three dialects in strict-values.test.ts.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from '@dbgen/runtime';
import { skipLoudly } from '../support/chromium.js';
import { pageSuite } from './page-suite.js';

const suite = pageSuite(`Table t {\n  id integer [pk]\n  doc json [null]\n}`, async (engine) => {
  await engine.execute(
    sql`insert into t (id, doc) values (1, '{"n": 12345678901234567890, "f": 1.10, "x": 1}')`,
  );
});

declare const document: { querySelector(selector: string): { textContent: string | null } | null };

test('the page shows a document as stored and sends it back as typed', async (t) => {
  const { engine, studio, browser, skipReason } = suite;
  if (skipReason !== null) return skipLoudly(t, skipReason);
  const page = await browser!.newPage();
  await page.goto(studio.url);
  await page.click('nav button[data-table="public.t"]');
  const row = page.locator('#grid tbody tr').first();
  await row.waitFor();

  await row.getByRole('button', { name: 'Edit' }).click();
  const shown = await page.inputValue('#editor [name="doc"]');
  assert.equal(shown, '{"n": 12345678901234567890, "f": 1.10, "x": 1}');
  await page.fill('#editor [name="doc"]', shown.replace('"x": 1', '"x": 2'));
  await page.click('#editor-stage');
  await page.locator('[data-testid="change"]').first().waitFor();
  await page.click('#commit');
  await page.waitForFunction(() => document.querySelector('[data-testid="change"]') === null);
  const { rows } = await engine.execute(sql`select doc from t where id = 1`);
  assert.equal(rows[0]?.['doc'], '{"n": 12345678901234567890, "f": 1.10, "x": 2}');
});
