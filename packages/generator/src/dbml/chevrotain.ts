/**
 * chevrotain's runtime values, loaded from the single-file ES module bundle the package
 * itself ships (`lib/chevrotain.mjs`, the same version's code with lodash-es inlined).
 *
 * Why: the package's `exports` point at `lib/src/api.js`, whose import graph is about
 * 680 small modules (chevrotain's own plus lodash-es, one module per function). Node
 * resolves, reads and compiles each of them: about 330 ms of CPU before the first schema
 * could be parsed, the largest part of a `dbgen generate` start. The bundle loads in about
 * 10 ms. The bundle is not in `exports`, so it is found beside the resolved entry point;
 * when it is not there (another layout of a future version) the package entry is used.
 *
 * Every runtime use of chevrotain in the generator goes through this module, so one copy is
 * loaded (token types, `EOF` and the lexer must come from the same copy). Types still come
 * from `'chevrotain'` itself.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

type Chevrotain = typeof import('chevrotain');

async function loadChevrotain(): Promise<Chevrotain> {
  try {
    const entry = createRequire(import.meta.url).resolve('chevrotain'); // .../lib/src/api.js
    const bundle = join(dirname(entry), '..', 'chevrotain.mjs');
    if (existsSync(bundle)) return (await import(pathToFileURL(bundle).href)) as Chevrotain;
  } catch {
    // No resolvable entry (an unusual install): the plain import below says what is wrong.
  }
  return import('chevrotain');
}

const chevrotain = await loadChevrotain();

export const { CstParser, EMPTY_ALT, EOF, Lexer, createToken, tokenMatcher } = chevrotain;
