/**
 * Which modules a run of the built CLI (dist, as a user's install runs it) loads: a module
 * hook, registered with `node --import`, logs every module resolved. Used to check that
 * the command catalog stays lazy.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { pathToFileURL } from 'node:url';

const BIN = join(import.meta.dirname, '..', '..', 'packages', 'cli', 'dist', 'bin.js');

export type LoggedRun = SpawnSyncReturns<string> & {
  /** The URLs of the modules the run resolved, in order. */
  readonly loaded: string[];
};

export interface ModuleLog {
  /**
   * Runs `dbgen <args>` with `env` added to the environment, in the suite's folder (made
   * before its tests, removed after them).
   */
  run(args: readonly string[], env?: Record<string, string>): LoggedRun;
}

/**
 * For a `describe`: a temporary folder with the hook in it. With `hide`, a specifier that
 * starts with it cannot be found when the run's environment sets HIDE (a package the user
 * has not installed). `files` are written into the folder too.
 */
export function moduleLog(
  options: { hide?: string; files?: Readonly<Record<string, string>> } = {},
): ModuleLog {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'dbgen-module-log-'));
    const hide =
      options.hide === undefined
        ? ''
        : `  if (process.env.HIDE && specifier.startsWith(${JSON.stringify(options.hide)})) {
    const error = new Error("Cannot find package '" + specifier + "' imported from " + context.parentURL);
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }\n`;
    writeFileSync(
      join(dir, 'hooks.mjs'),
      `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
${hide}  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(join(dir, 'loaded.log'))}, result.url + '\\n');
  return result;
}\n`,
    );
    writeFileSync(
      join(dir, 'register.mjs'),
      `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`,
    );
    for (const [name, text] of Object.entries(options.files ?? {}))
      writeFileSync(join(dir, name), text);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  return {
    run(args, env = {}) {
      rmSync(join(dir, 'loaded.log'), { force: true });
      const result = spawnSync(
        process.execPath,
        ['--import', join(dir, 'register.mjs'), BIN, ...args],
        { cwd: dir, encoding: 'utf8', input: '', timeout: 60_000, env: { ...process.env, ...env } },
      );
      const loaded = readFileSync(join(dir, 'loaded.log'), 'utf8').split('\n');
      return { ...result, loaded };
    },
  };
}
