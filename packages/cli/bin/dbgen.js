#!/usr/bin/env node
// The `dbgen` command. This small file is committed (dist/ is not) so that npm links the
// bin when it installs the workspace: on a fresh clone `npm install` runs before the build,
// and npm links no bin whose file is missing, after which `npx dbgen` would go looking on
// the public registry.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('error: dbgen is not built yet: run `npm run build` first\n');
  process.exit(1);
}
await import(entry.href);
