/**
 * The setup of a studio page test: a SQLite file with a schema's tables, rows put in, the
 * studio serving it and a real Chromium (or the reason it is skipped), made before the
 * file's tests and closed after them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { compileSchemaSource } from '@dbgen/generator';
import { createEngine, type Engine, type SchemaIR } from '@dbgen/runtime';
import { startStudio, type RunningStudio } from '@dbgen/cli';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { createTables } from '../support/create-tables.js';

export interface PageSuite {
  readonly engine: Engine;
  readonly studio: RunningStudio;
  /** Null when Chromium is not there: then `skipReason` says why. */
  readonly browser: Browser | null;
  readonly skipReason: string | null;
}

/** Registers the hooks (call at the top level of a test file); the handles once `before` ran. */
export function pageSuite(dbml: string, fill: (engine: Engine) => Promise<void>): PageSuite {
  const ir: SchemaIR = compileSchemaSource(dbml, '/p/s.dbml').ir!;
  let dir = '';
  const suite: { -readonly [K in keyof PageSuite]?: PageSuite[K] } = { skipReason: null };
  before(
    async () => {
      dir = mkdtempSync(join(tmpdir(), 'dbgen-page-'));
      suite.engine = createEngine({ url: `sqlite:${join(dir, 'app.db')}` });
      await createTables(suite.engine, ir, 'sqlite');
      await fill(suite.engine);
      suite.studio = await startStudio({ engine: suite.engine, schema: ir, log: () => {} });
      const chromium = await launchChromium();
      if ('skip' in chromium) suite.skipReason = chromium.skip;
      else suite.browser = chromium.browser;
    },
    { timeout: 600_000 },
  );
  after(async () => {
    await suite.browser?.close();
    await suite.studio?.close();
    await suite.engine?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get engine() {
      return suite.engine!;
    },
    get studio() {
      return suite.studio!;
    },
    get browser() {
      return suite.browser ?? null;
    },
    get skipReason() {
      return suite.skipReason ?? null;
    },
  };
}
