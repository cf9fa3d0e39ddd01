/**
 * The diagram's HTML page in a real browser (Debian's Chromium through playwright-core):
 * every table of schema.example.dbml is drawn and visible once the page has fitted the
 * drawing to the window, no two tables overlap on screen, and the wheel zooms. A
 * screenshot is kept in .tmp/artifacts/, and the README's picture (docs/diagram.png) is
 * made here from the same schema.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { compileSchema, compileSchemaSource, diagramModel, renderDiagram } from '@dbgen/generator';
import type { SchemaIR } from '@dbgen/runtime';
import { launchChromium, skipLoudly } from '../support/chromium.js';
import { bigSchema } from './big-schema.js';
import { overlap } from './svg-shapes.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const artifacts = join(repo, '.tmp', 'artifacts');

describe('dbgen diagram: the HTML page in Chromium', () => {
  let dir = '';
  let browser: Browser | null = null;
  let skip: string | null = null;
  let ir: SchemaIR;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dbgen-diagram-page-'));
    const compiled = compileSchema(join(repo, 'schema.example.dbml'));
    assert.ok(compiled.ir);
    ir = compiled.ir;
    const launched = await launchChromium();
    if ('skip' in launched) skip = launched.skip;
    else browser = launched.browser;
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows every table inside the window, none overlapping, and zooms with the wheel', async (t) => {
    if (skip !== null || browser === null) return skipLoudly(t, skip ?? 'no browser');
    const file = join(dir, 'schema.html');
    writeFileSync(file, await renderDiagram(ir, { format: 'html' }));
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction("'diagram' in window");

    const keys = diagramModel(ir).tables.map((table) => table.key);
    assert.equal(keys.length, 11);
    const boxes = [];
    for (const key of keys) {
      const table = page.locator(`g.table[data-table="${key}"]`);
      assert.equal(await table.isVisible(), true, `${key} is visible`);
      const box = await table.boundingBox();
      assert.ok(box, `${key} has a box on screen`);
      // fit: the whole drawing is inside the window, below the page's header bar
      assert.ok(
        box.x >= 0 && box.y >= 36,
        `${key} starts inside the window: ${JSON.stringify(box)}`,
      );
      assert.ok(box.x + box.width <= 1400 && box.y + box.height <= 900, `${key} ends inside`);
      boxes.push({ key, ...box });
    }
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++)
        assert.ok(!overlap(boxes[i]!, boxes[j]!), `${boxes[i]!.key} overlaps ${boxes[j]!.key}`);
    // Every relation is drawn, and notes are there as tooltips.
    assert.equal(await page.locator('g.relation').count(), ir.refs.length);
    assert.equal(
      await page.locator('g.table[data-table="public.users"] .table-head > title').textContent(),
      'users: Registered accounts',
    );

    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'diagram-page.png') });

    // The wheel zooms in around the pointer: a table grows on screen.
    const users = page.locator('g.table[data-table="public.users"]');
    const before = (await users.boundingBox())!;
    await page.mouse.move(before.x + before.width / 2, before.y + before.height / 2);
    await page.mouse.wheel(0, -400);
    // (A string: this file is type-checked without the DOM's types.)
    await page.waitForFunction(
      `document.querySelector('g.table[data-table="public.users"]')` +
        `.getBoundingClientRect().width > ${before.width * 1.2}`,
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('finds a table of a 200-table schema by name: zoomed to a readable size, centred, outlined', async (t) => {
    if (skip !== null || browser === null) return skipLoudly(t, skip ?? 'no browser');
    const big = compileSchemaSource(bigSchema(), join(dir, 'big.dbml'));
    assert.ok(big.ir);
    const file = join(dir, 'big.html');
    writeFileSync(file, await renderDiagram(big.ir, { format: 'html' }));
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction("'diagram' in window");
    assert.equal(await page.locator('g.table').count(), 200);
    const table = page.locator('g.table[data-table="public.t150"]');
    const fitted = (await table.boundingBox())!;
    await page.locator('#find').fill('t150');
    await page.locator('#find').press('Enter');
    const found = (await table.boundingBox())!;
    // 1.2 screen pixels per drawing unit: 12px text shows at 14px
    assert.ok(found.width > fitted.width * 5, `zoomed in: ${fitted.width} -> ${found.width}`);
    const centre = { x: found.x + found.width / 2, y: found.y + found.height / 2 };
    const middle = { x: 700, y: 36 + (900 - 36) / 2 };
    assert.ok(
      Math.abs(centre.x - middle.x) < 10 && Math.abs(centre.y - middle.y) < 10,
      `centred: ${JSON.stringify(centre)}`,
    );
    assert.equal(await table.evaluate((g) => g.classList.contains('found')), true);
    await page.screenshot({ path: join(artifacts, 'diagram-200-find.png') });
    // an unknown name marks the box, and moves nothing
    await page.locator('#find').fill('no_such_table');
    await page.locator('#find').press('Enter');
    assert.equal(await page.locator('#find.missing').count(), 1);
    assert.deepEqual(await table.boundingBox(), found);
    await page.close();
  });

  it('makes the README picture docs/diagram.png from schema.example.dbml', async (t) => {
    if (skip !== null || browser === null) return skipLoudly(t, skip ?? 'no browser');
    const svg = await renderDiagram(ir, { format: 'svg' });
    const size = /width="([\d.]+)" height="([\d.]+)"/.exec(svg);
    assert.ok(size);
    const file = join(dir, 'schema.svg');
    writeFileSync(file, svg);
    const page = await browser.newPage({
      viewport: { width: Math.ceil(Number(size[1])), height: Math.ceil(Number(size[2])) },
    });
    await page.goto(pathToFileURL(file).href);
    assert.equal(await page.locator('g.table').count(), 11);
    await page.screenshot({ path: join(repo, 'docs', 'diagram.png') });
    await page.close();
  });
});
