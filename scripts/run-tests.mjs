// Runs the test suite with Node's own test runner, TypeScript through tsx, and the
// workspace packages resolved to their sources (the `dbgen-source` export condition).
// Usage: node scripts/run-tests.mjs [file-or-folder ...]   (default: every tests/**/*.test.ts)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function collect(path) {
  if (statSync(path).isFile()) return path.endsWith('.test.ts') ? [path] : [];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => (entry === 'node_modules' ? [] : collect(join(path, entry))));
}

const roots = process.argv.slice(2);
const files = (roots.length > 0 ? roots : ['tests']).flatMap(collect);
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--conditions=dbgen-source', '--import', 'tsx', '--test', '--test-concurrency=2', ...files],
  {
    stdio: 'inherit',
    // Every compile-cache hit is rendered again and compared (see core/compiler/shape.ts).
    env: { DBGEN_VERIFY_COMPILE_CACHE: '1', ...process.env },
  },
);
process.exit(result.status ?? 1);
