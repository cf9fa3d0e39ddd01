// `npm run demo` (after `npm run build`): a guided tour of dbgen on a SQLite file.
//   node scripts/demo.mjs [--keep] [--db FILE]
// --keep leaves the database file (default ./demo.db) behind for you to open; without it
// the demo removes it and leaves nothing behind. The tour itself is TypeScript (it runs
// the examples/), so it runs under tsx: see scripts/demo/run.ts.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', join(here, 'demo', 'run.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
