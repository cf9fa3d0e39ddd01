import { relative, sep } from 'node:path';

/** `path` relative to `from`, with forward slashes: as headers and messages show paths. */
export function portablePath(from: string, path: string): string {
  return relative(from, path).split(sep).join('/');
}
