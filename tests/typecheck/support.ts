/**
 * Type-checks generated clients with `tsc` under the strictest settings a user may have
 * (strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes, module nodenext, plus
 * noUnused*, verbatimModuleSyntax), against the BUILT runtime: generated code imports
 * `@dbgen/runtime`, which resolves through node_modules to packages/runtime's `types`
 * (dist). Output goes to `.tmp/` inside the repo so that resolution works.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { compileSchemaSource, emitClient } from '@dbgen/generator';
import type { SchemaIR } from '@dbgen/runtime';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

export const STRICT_OPTIONS = {
  target: 'ES2022',
  lib: ['ES2023'],
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noImplicitOverride: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  // The client is .d.ts files: skipLibCheck would skip exactly what these tests check.
  skipLibCheck: false,
  noEmit: true,
  types: ['node'],
};

/** Builds the runtime's declarations (incremental: quick when they are up to date). */
export function buildRuntime(): void {
  const result = spawnSync(process.execPath, [tsc, '-b', join(repoRoot, 'packages/runtime')], {
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`building the runtime failed:\n${result.stdout}${result.stderr}`);
}

/** A fresh folder under `<repo>/.tmp/`, an ES module scope; remove it with `rmSync`. */
export function makeTempRoot(name: string): string {
  const root = join(repoRoot, '.tmp', `${name}-${process.pid}-${Date.now()}`);
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'package.json'), '{ "type": "module", "private": true }\n');
  return root;
}

export function removeTempRoot(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

export function writeFiles(dir: string, files: ReadonlyMap<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of files) writeFileSync(join(dir, name), content);
}

export interface TscError {
  /** Relative to the checked root, with forward slashes. */
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** Runs tsc over every .ts file under `root`; returns the errors it reported. */
export function typecheck(root: string, include: readonly string[] = ['**/*.ts']): TscError[] {
  writeFileSync(
    join(root, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: STRICT_OPTIONS, include }, null, 2),
  );
  const result = spawnSync(process.execPath, [tsc, '-p', root, '--pretty', 'false'], {
    encoding: 'utf8',
    cwd: root,
  });
  const errors: TscError[] = [];
  for (const line of result.stdout.split('\n')) {
    const match = /^(.+?)\((\d+),\d+\): error (TS\d+: .*)$/.exec(line);
    if (match) {
      errors.push({
        file: relative(root, resolve(root, match[1] ?? ''))
          .split('\\')
          .join('/'),
        line: Number(match[2]),
        message: match[3] ?? '',
      });
    } else if (line.startsWith('error') || line.includes('): error')) {
      errors.push({ file: '', line: 0, message: line });
    }
  }
  if (result.status !== 0 && errors.length === 0) {
    errors.push({ file: '', line: 0, message: `tsc failed: ${result.stdout}${result.stderr}` });
  }
  return errors;
}

/** A schema's client, emitted and type-checked with a usage file beside it. */
export interface CheckedClient {
  readonly ir: SchemaIR;
  /** The temp folder holding `client/` and `usage.ts`: remove it with {@link removeTempRoot}. */
  readonly root: string;
  /** What tsc reported on the usage file (an unused `@ts-expect-error` included). */
  readonly errors: TscError[];
  /** The emitted client's module, for behaviour tests on the same models. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly client: any;
}

/**
 * Compiles `schema` (which must have no diagnostics), emits its client into a fresh temp
 * folder named after `name`, writes `usage` beside it, type-checks the usage file against the
 * built runtime and imports the client.
 */
export async function typecheckedClient(
  name: string,
  schema: string,
  usage: string,
): Promise<CheckedClient> {
  const schemaPath = `${name}.dbml`;
  const compiled = compileSchemaSource(schema, schemaPath);
  assert.deepEqual(
    compiled.diagnostics.map((d) => d.message),
    [],
  );
  assert.ok(compiled.ir);
  buildRuntime();
  const root = makeTempRoot(`typecheck-${name}`);
  writeFiles(join(root, 'client'), await emitClient(compiled.ir, { schemaPath }));
  writeFileSync(join(root, 'usage.ts'), usage);
  const errors = typecheck(root, ['usage.ts']);
  const client: unknown = await import(pathToFileURL(join(root, 'client', 'index.js')).href);
  return { ir: compiled.ir, root, errors, client };
}

/**
 * {@link typecheckedClient} for the whole test file: made in a before() hook (so a test's
 * first look at it sees the client), its temp folder removed in after(). Read its fields in
 * tests and hooks only.
 */
export function typecheckedClientSuite(name: string, schema: string, usage: string): CheckedClient {
  let checked: CheckedClient | null = null;
  before(async () => {
    checked = await typecheckedClient(name, schema, usage);
  });
  after(() => {
    // Nothing to remove when before() failed; the failure is reported there.
    if (checked) removeTempRoot(checked.root);
  });
  const get = (): CheckedClient => {
    if (!checked) throw new Error('typecheckedClientSuite(): read it inside a test or hook');
    return checked;
  };
  return {
    get ir() {
      return get().ir;
    },
    get root() {
      return get().root;
    },
    get errors() {
      return get().errors;
    },
    get client() {
      return get().client;
    },
  };
}
