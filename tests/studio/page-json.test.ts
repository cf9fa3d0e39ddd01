/**
 * The studio page sends a JSON document as the text typed (`{ $json: text }`), not through
 * the browser's JSON.parse, which rounds an integer past 2^53: a document typed with such
 * an integer is refused with the server's message naming the column, and one that fits is
 * stored as typed. (The page's parsing is the same on every dialect; the server's checks
 * are tested on all three in strict-values.test.ts.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from '@dbgen/runtime';
import { skipLoudly } from '../support/chromium.js';
import { pageSuite } from './page-suite.js';

const suite = pageSuite(`Table t {\n  id integer [pk]\n  doc json [null]\n}`, async (engine) => {
  await engine.execute(sql`insert into t (id, doc) values (1, '{"x": 1}')`);
});

declare const document: { querySelector(selector: string): { textContent: string | null } | null };

test('the page sends JSON as typed: a rounded integer is refused, the rest stored as typed', async (t) => {
  const { engine, studio, browser, skipReason } = suite;
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
