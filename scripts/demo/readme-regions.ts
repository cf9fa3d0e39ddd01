/**
 * The README's TypeScript blocks are regions of the examples: a block follows a marker
 * `<!-- example: examples/raw-sql.ts#raw-sql -->`, and its text is the region between
 * `// #region raw-sql` and `// #endregion` in that file, dedented and laid out by prettier
 * (the README is formatted too, and a region's lines may fit wider there).
 * tests/readme.test.ts checks they are equal; `node --import tsx scripts/demo/sync-readme.ts`
 * rewrites the blocks from the examples.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';

export const MARKER = /^<!-- example: (\S+?)#(\S+) -->$/;

/** The regions of a source file, by name, dedented; a region must be closed. */
export function extractRegions(source: string, file: string): Map<string, string> {
  const regions = new Map<string, string>();
  const lines = source.split('\n');
  let open: { name: string; start: number } | null = null;
  lines.forEach((line, index) => {
    const start = /^\s*\/\/ #region (\S+)\s*$/.exec(line);
    if (start) {
      if (open)
        throw new Error(`${file}:${index + 1}: region ${start[1]} opens inside ${open.name}`);
      open = { name: start[1]!, start: index + 1 };
      return;
    }
    if (/^\s*\/\/ #endregion\s*$/.test(line)) {
      if (!open) throw new Error(`${file}:${index + 1}: #endregion without #region`);
      const body = lines.slice(open.start, index);
      const indent = Math.min(
        ...body.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length),
      );
      regions.set(open.name, body.map((l) => l.slice(indent)).join('\n'));
      open = null;
    }
  });
  if (open) throw new Error(`${file}: region ${(open as { name: string }).name} is not closed`);
  return regions;
}

export interface ReadmeBlock {
  /** 1-based line of the block's opening fence. */
  readonly line: number;
  readonly lang: string;
  readonly text: string;
  /** `file#region` of the marker right above the fence, if any. */
  readonly source: { file: string; region: string } | null;
}

/** The fenced code blocks of a Markdown text, with the example marker above each. */
export function readmeBlocks(readme: string): ReadmeBlock[] {
  const lines = readme.split('\n');
  const blocks: ReadmeBlock[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const fence = /^```(\w*)\s*$/.exec(lines[i]!);
    if (!fence) continue;
    const end = lines.findIndex((l, k) => k > i && l.startsWith('```'));
    if (end === -1) throw new Error(`README.md:${i + 1}: code block is not closed`);
    // The marker is right above the fence, or above the blank line prettier puts there.
    const marker =
      MARKER.exec(lines[i - 1] ?? '') ??
      (lines[i - 1] === '' ? MARKER.exec(lines[i - 2] ?? '') : null);
    blocks.push({
      line: i + 1,
      lang: fence[1] ?? '',
      text: lines.slice(i + 1, end).join('\n'),
      source: marker ? { file: marker[1]!, region: marker[2]! } : null,
    });
    i = end;
  }
  return blocks;
}

/** The region a marker names, read from the repository at `root`, as the README shows it. */
export async function regionText(root: string, file: string, region: string): Promise<string> {
  const regions = extractRegions(readFileSync(join(root, file), 'utf8'), file);
  const text = regions.get(region);
  if (text === undefined) throw new Error(`${file} has no region "${region}"`);
  const options = (await prettier.resolveConfig(join(root, 'README.md'))) ?? {};
  return (await prettier.format(text, { ...options, parser: 'typescript' })).trimEnd();
}

/** The README with every marked block replaced by its region's current text. */
export async function syncReadme(readme: string, root: string): Promise<string> {
  const lines = readme.split('\n');
  const blocks = readmeBlocks(readme);
  // Replace from the last block up, so earlier line numbers stay valid.
  for (const block of [...blocks].reverse()) {
    if (!block.source) continue;
    const text = await regionText(root, block.source.file, block.source.region);
    const bodyLines = block.text === '' ? 0 : block.text.split('\n').length;
    lines.splice(block.line, bodyLines, ...text.split('\n'));
  }
  return lines.join('\n');
}
