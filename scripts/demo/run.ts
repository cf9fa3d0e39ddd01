// Entry of `npm run demo` (started by scripts/demo.mjs under tsx): reads the flags and runs the tour.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runDemo } from './main.js';

const { values } = parseArgs({
  options: {
    keep: { type: 'boolean', default: false },
    db: { type: 'string', default: 'demo.db' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log('usage: npm run demo [-- --keep] [-- --db FILE]');
  process.exit(0);
}
try {
  await runDemo({ db: resolve(values.db), keep: values.keep, print: (line) => console.log(line) });
} catch (error) {
  console.error(
    `\ndemo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exit(1);
}
