/**
 * The studio's page: plain HTML, CSS and JavaScript modules in `static/` beside this file,
 * with no build step. The folder is found from `src/studio/` and from `dist/studio/` alike
 * (both are two levels below the package, and the package ships `src`), so the built and
 * the published CLI serve the same files.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const STATIC_DIR = fileURLToPath(new URL('../../src/studio/static/', import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

// `/` is the page; otherwise a plain file name (no dots or slashes but the extension's):
// nothing outside the folder can be named.
const ASSET_PATH = /^\/([a-z][a-z-]*)\.(js|css)$/;

/** The asset served at `path`, or null when there is none. */
export async function readAsset(path: string): Promise<{ body: Buffer; type: string } | null> {
  const match = path === '/' ? ['/index.html', 'index', 'html'] : ASSET_PATH.exec(path);
  if (!match) return null;
  const [, name, extension] = match as [string, string, string];
  try {
    return { body: await readFile(`${STATIC_DIR}${name}.${extension}`), type: TYPES[extension]! };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
