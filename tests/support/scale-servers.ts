/**
 * Test support for the scale-out tests: a real streaming replica (scripts/replica.sh) and
 * a real PgBouncer in transaction mode (scripts/pgbouncer.sh), brought up by a test file
 * and torn down after it. When the machine cannot run them (not root, no PostgreSQL
 * cluster tools, apt unreachable for PgBouncer) the suite is skipped with a loud message
 * naming why, never silently passed.
 */
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPTS = fileURLToPath(new URL('../../scripts/', import.meta.url));

export const REPLICA_PORT = 5433;

/** Why the scale servers cannot run here, or null when they can. */
export function scaleServersUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'not root (the scripts create clusters and start PgBouncer)';
  try {
    execFileSync('sh', ['-c', 'command -v pg_createcluster && command -v pg_ctlcluster'], {
      stdio: 'ignore',
    });
  } catch {
    return 'pg_createcluster/pg_ctlcluster (postgresql-common) are not installed';
  }
  return null;
}

/** Logs a loud skip line and returns the skip reason for `describe(..., { skip })`. */
export function skipReason(what: string, reason: string | null): string | false {
  if (reason === null) return false;
  const line = `SKIPPED ${what}: ${reason}`;
  console.error(`\n${'!'.repeat(line.length)}\n${line}\n${'!'.repeat(line.length)}\n`);
  return line;
}

async function script(name: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await run('bash', [`${SCRIPTS}${name}`, ...args], {
      env: { ...process.env, DBGEN_REPLICA_HOLDER: String(process.pid) },
      maxBuffer: 1 << 20,
    });
    return stdout.trim();
  } catch (error) {
    const failed = error as { stderr?: string; message: string };
    throw new Error(`scripts/${name} ${args.join(' ')} failed: ${failed.stderr || failed.message}`);
  }
}

/** Brings the replica up (shared with other holders) and waits until it streams. */
export async function replicaUp(): Promise<void> {
  await script('replica.sh', ['up']);
}

/** Releases this process's hold; the replica is removed when nobody else holds it. */
export async function replicaDown(): Promise<void> {
  await script('replica.sh', ['down']);
}

/** Stops or starts the replica's server (its cluster stays). */
export async function replicaServer(action: 'stop' | 'start'): Promise<void> {
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', '15', 'dbgen_replica', action]);
}

/** Starts a PgBouncer (transaction pooling) in front of 127.0.0.1:5432; resolves to its port. */
export async function pgbouncerStart(): Promise<number> {
  const out = await script('pgbouncer.sh', ['start']);
  const port = Number(out.split('\n').pop());
  if (!Number.isInteger(port)) throw new Error(`scripts/pgbouncer.sh start printed ${out}`);
  return port;
}

export async function pgbouncerStop(port: number): Promise<void> {
  await script('pgbouncer.sh', ['stop', String(port)]);
}

/** Why PgBouncer cannot run here (installing it when missing), or null when it can. */
export function pgbouncerUnavailable(): string | null {
  const servers = scaleServersUnavailable();
  if (servers !== null) return servers;
  try {
    execFileSync('bash', [`${SCRIPTS}pgbouncer.sh`, 'install'], { stdio: 'pipe' });
    return null;
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim();
    return `pgbouncer is missing and could not be installed (${stderr || 'apt-get failed'})`;
  }
}

/** The same database URL on another port. */
export function onPort(url: string, port: number): string {
  const copy = new URL(url);
  copy.port = String(port);
  return copy.toString();
}
