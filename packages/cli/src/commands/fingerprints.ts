/**
 * What `generate --watch` last saw of each watched file (inode, size, modification time),
 * so that a periodic check can notice a save whose file event never arrived: events can be
 * lost on a busy machine, and never come at all on some mounts (network and container file
 * systems), where this check is what keeps watch mode working.
 */
import { statSync } from 'node:fs';

/** How often the watched files are compared with what was last seen. */
export const FINGERPRINT_CHECK_MS = 1_000;

function fingerprint(file: string): string {
  try {
    const s = statSync(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

export class Fingerprints {
  private readonly seen = new Map<string, string>();

  /** Records the files as they are now (call before reading them). */
  record(files: Iterable<string>): void {
    this.seen.clear();
    for (const file of files) this.seen.set(file, fingerprint(file));
  }

  /** Records the files not recorded yet (imports a run just found), leaving the others. */
  recordNew(files: Iterable<string>): void {
    for (const file of files) if (!this.seen.has(file)) this.seen.set(file, fingerprint(file));
  }

  /** True when some recorded file changed, appeared or vanished since {@link record}. */
  changed(): boolean {
    for (const [file, print] of this.seen) if (fingerprint(file) !== print) return true;
    return false;
  }
}
