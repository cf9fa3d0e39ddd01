// Per-suite setup of the events and criteria tests: one recording engine per dialect with
// the fixture schema, tables emptied before each test, sessions closed after it.
import { afterEach, beforeEach } from 'node:test';
import { Session, sql, type Engine, type SessionOptions } from '@dbgen/runtime';
import type { MakeEngine, TestDialect } from '../../../support/databases.js';
import { recordingEngine, type Recorder } from '../fixtures/db.js';
import { ddl, TABLES } from './fixtures.js';

export interface EventsSuite {
  readonly engine: Engine;
  readonly rec: Recorder;
  /** A new session, closed after the test. */
  session(options?: SessionOptions): Session;
  /** Rows of a raw query, outside any session. */
  rows(text: string): Promise<Record<string, unknown>[]>;
  /** Runs raw statements outside any session (seeding another tenant's rows). */
  run(...statements: string[]): Promise<void>;
}

export function eventsSuite(dialect: TestDialect, makeEngine: MakeEngine): EventsSuite {
  let engine: Engine | null = null;
  let rec: Recorder | null = null;
  const sessions: Session[] = [];
  const run = async (...statements: string[]): Promise<void> => {
    for (const s of statements) await (engine as Engine).execute(sql.raw(s));
  };
  beforeEach(async () => {
    if (engine === null) {
      ({ engine, rec } = recordingEngine(makeEngine));
      await run(...ddl(dialect));
      if (dialect === 'sqlite') await run('pragma foreign_keys = on');
    }
    for (const t of TABLES) await run(`delete from ${t}`);
    rec?.clear();
  });
  afterEach(async () => {
    for (const s of sessions.splice(0)) await s.close();
  });
  return {
    get engine() {
      return engine as Engine;
    },
    get rec() {
      return rec as Recorder;
    },
    session(options) {
      const s = new Session(engine as Engine, options);
      sessions.push(s);
      return s;
    },
    async rows(text) {
      return (await (engine as Engine).execute(sql.raw(text))).rows as Record<string, unknown>[];
    },
    run,
  };
}
