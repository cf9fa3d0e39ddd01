/**
 * The studio's row form tells NULL from the empty string. An empty field was NULL in a
 * nullable column and omitted on insert, so '' could not be written to a nullable text
 * column at all (clearing 'abc' wrote NULL), nor inserted into a required one. A nullable
 * column now has a "NULL" box; an empty text field is the empty string; an empty field of
 * a column with a default still takes the default on insert.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from '@dbgen/runtime';
import { skipLoudly } from '../support/chromium.js';
import { pageSuite } from './page-suite.js';

const suite = pageSuite(
  [
    'Table t {',
    '  id integer [pk]',
    '  note text [null]',
    '  n integer [null]',
    '  code varchar(5) [not null]',
    "  tag text [null, default: 'x']",
    '}',
  ].join('\n'),
  async (engine) => {
    await engine.execute(sql`insert into t (id, note, n, code, tag) values (1, null, 7, 'a', 'y')`);
  },
);

declare const document: { querySelector(selector: string): unknown };

test('NULL and the empty string are each written as chosen', async (t) => {
  const { engine, studio, browser, skipReason } = suite;
  if (skipReason !== null) return skipLoudly(t, skipReason);
  const page = await browser!.newPage();
  await page.goto(studio.url);
  await page.click('nav button[data-table="public.t"]');
  const row = page.locator('#grid tbody tr').first();
  await row.waitFor();
  const commit = async (): Promise<void> => {
    await page.click('#editor-stage');
    await page.locator('[data-testid="change"]').first().waitFor();
    await page.click('#commit');
    await page.waitForFunction(() => document.querySelector('[data-testid="change"]') === null);
  };
  const stored = async (id: number) =>
    (await engine.execute(sql`select note, n, code, tag from t where id = ${id}`)).rows[0];

  // A NULL shows as a ticked box; unticked and left empty, it is the empty string.
  await row.getByRole('button', { name: 'Edit' }).click();
  assert.equal(await page.isChecked('#editor [data-null-for="note"]'), true);
  assert.equal(await page.isDisabled('#editor [name="note"]'), true);
  await page.uncheck('#editor [data-null-for="note"]');
  await commit();
  assert.deepEqual(await stored(1), { note: '', n: 7, code: 'a', tag: 'y' });

  // The empty string shows as an empty field with the box clear; ticking it writes NULL,
  // and so does clearing a nullable integer.
  await row.getByRole('button', { name: 'Edit' }).click();
  assert.equal(await page.isChecked('#editor [data-null-for="note"]'), false);
  assert.equal(await page.inputValue('#editor [name="note"]'), '');
  await page.check('#editor [data-null-for="note"]');
  await page.fill('#editor [name="n"]', '');
  await commit();
  assert.deepEqual(await stored(1), { note: null, n: null, code: 'a', tag: 'y' });

  // Clearing a text keeps it a text: '' in a required column, '' in a nullable one.
  await row.getByRole('button', { name: 'Edit' }).click();
  await page.fill('#editor [name="code"]', '');
  await page.fill('#editor [name="tag"]', '');
  await commit();
  assert.deepEqual(await stored(1), { note: null, n: null, code: '', tag: '' });

  // Insert: an empty required text is '', an empty nullable text too, an empty integer is
  // NULL, an empty column with a default takes it; the NULL box overrides a default.
  await page.click('#new-row');
  await page.fill('#editor [name="id"]', '2');
  await commit();
  assert.deepEqual(await stored(2), { note: '', n: null, code: '', tag: 'x' });
  await page.click('#new-row');
  await page.fill('#editor [name="id"]', '3');
  await page.fill('#editor [name="code"]', 'c');
  await page.check('#editor [data-null-for="tag"]');
  await page.check('#editor [data-null-for="note"]');
  await commit();
  assert.deepEqual(await stored(3), { note: null, n: null, code: 'c', tag: null });
});
