// `npm run demo`: grows with the product (see README). For now: the CLI's help.
import { spawnSync } from 'node:child_process';

const result = spawnSync(process.execPath, ['packages/cli/dist/bin.js', '--help'], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
