/**
 * The studio's page: plain HTML, CSS and JavaScript files in `static/` beside this file, with
 * no build step. The folder is found from `src/studio/` and from `dist/studio/` alike (both
 * are two levels below the package, and the package ships `src`), so the built and the
 * published CLI serve the same files.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const STATIC_DIR = fileURLToPath(new URL('../../src/studio/static/', import.meta.url));

const ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

/** The asset served at `path`, or null when there is none. */
export async function readAsset(path: string): Promise<{ body: Buffer; type: string } | null> {
  const asset = ASSETS[path];
  if (!asset) return null;
  return { body: await readFile(`${STATIC_DIR}${asset.file}`), type: asset.type };
}
