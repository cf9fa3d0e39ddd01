/**
 * The studio's row form keeps text as it is: editing one column of a row leaves a
 * multi-line text in another column as stored. An <input> drops line breaks from its
 * value, and the form sent every field whose value differed from the row's, so any edit
 * of such a row wrote the text back without its line breaks. Text is edited in a
 * textarea now; a value no control can hold exactly (a carriage return, which a textarea
 * turns into a line feed) is shown read-only, never sent back changed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from '@dbgen/runtime';
import { skipLoudly } from '../support/chromium.js';
import { pageSuite } from './page-suite.js';

const BODY = 'line one\nline two\n\n  indented';
const CRLF = 'first\r\nsecond';

const suite = pageSuite(
  `Table t {\n  id integer [pk]\n  body text [null]\n  crlf text [null]\n  title varchar(20) [null]\n}`,
  async (engine) => {
    await engine.execute(
      sql`insert into t (id, body, crlf, title) values (1, ${BODY}, ${CRLF}, ${'old'})`,
    );
  },
);

declare const document: { querySelector(selector: string): unknown };

test('editing one column keeps the line breaks of the others', async (t) => {
  const { engine, studio, browser, skipReason } = suite;
  if (skipReason !== null) return skipLoudly(t, skipReason);
  const page = await browser!.newPage();
  await page.goto(studio.url);
  await page.click('nav button[data-table="public.t"]');
  const row = page.locator('#grid tbody tr').first();
  await row.waitFor();

  await row.getByRole('button', { name: 'Edit' }).click();
  assert.equal(await page.inputValue('#editor [name="body"]'), BODY);
  assert.equal(await page.getAttribute('#editor [name="crlf"]', 'readonly'), '');
  await page.fill('#editor [name="title"]', 'new');
  await page.click('#editor-stage');
  await page.locator('[data-testid="change"]').first().waitFor();
  // Only the column changed is written.
  const shown = await page.locator('[data-testid="sql"]').allTextContents();
  assert.equal(shown.length, 1);
  assert.match(shown[0]!, /^update `t` set `title` = \? where /);
  await page.click('#commit');
  await page.waitForFunction(() => document.querySelector('[data-testid="change"]') === null);

  const { rows } = await engine.execute(sql`select body, crlf, title from t where id = 1`);
  assert.deepEqual(rows[0], { body: BODY, crlf: CRLF, title: 'new' });

  // A text with line breaks is edited as typed.
  await row.getByRole('button', { name: 'Edit' }).click();
  await page.fill('#editor [name="body"]', 'a\nb');
  await page.click('#editor-stage');
  await page.locator('[data-testid="change"]').first().waitFor();
  await page.click('#commit');
  await page.waitForFunction(() => document.querySelector('[data-testid="change"]') === null);
  const after = await engine.execute(sql`select body, crlf from t where id = 1`);
  assert.deepEqual(after.rows[0], { body: 'a\nb', crlf: CRLF });
});
