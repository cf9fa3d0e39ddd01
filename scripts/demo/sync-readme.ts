// Rewrites README.md's marked TypeScript blocks from the examples' regions:
//   node --import tsx scripts/demo/sync-readme.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syncReadme } from './readme-regions.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
const path = join(repoRoot, 'README.md');
const before = readFileSync(path, 'utf8');
const after = await syncReadme(before, repoRoot);
writeFileSync(path, after);
console.log(
  before === after ? 'README.md: up to date' : 'README.md: blocks updated from examples/',
);
