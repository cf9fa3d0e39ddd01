/**
 * Test support: a real headless Chromium (Debian's `/usr/bin/chromium`) driven by
 * playwright-core, for browser tests (studio, diagram).
 *
 *   const chromium = await launchChromium();
 *   if ('skip' in chromium) return skipLoudly(t, chromium.skip);
 *   const page = await chromium.browser.newPage();
 *
 * playwright-core downloads no browser of its own; when Debian's Chromium is missing it is
 * installed here with apt-get (the tests run as root). Only when apt cannot install it
 * (no mirror reachable, not root) does the caller get a skip reason, and `skipLoudly`
 * prints that reason as a banner on stderr: a browser test is never skipped silently.
 * A Chromium that is present but fails to launch is an error, not a skip.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a quiet, headless Chromium in a container: no sandbox (root), no GPU, no network chatter. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** apt may wait for another engineer's (or test file's) dpkg lock; it must still end. */
const APT_TIMEOUT_MS = 15 * 60 * 1000;

let installation: string | null | undefined;

/**
 * Makes sure `/usr/bin/chromium` exists, installing Debian's package when it is missing.
 * Resolves to null when Chromium is there, or to the reason it could not be installed.
 */
export function ensureChromium(): string | null {
  if (installation !== undefined) return installation;
  installation = existsSync(CHROMIUM_PATH) ? null : installWithApt();
  return installation;
}

function installWithApt(): string | null {
  const steps: readonly (readonly string[])[] = [
    ['update'],
    ['install', '-y', '--no-install-recommends', 'chromium'],
  ];
  for (const step of steps) {
    const run = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...step], {
      encoding: 'utf8',
      timeout: APT_TIMEOUT_MS,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (run.error || run.status !== 0) {
      const output = `${run.stderr ?? ''}${run.stdout ?? ''}`.trim().split('\n').slice(-5);
      return [
        `\`apt-get ${step.join(' ')}\` failed (${run.error?.message ?? `exit ${run.status}`})`,
        ...output,
      ].join('\n');
    }
  }
  return existsSync(CHROMIUM_PATH)
    ? null
    : `apt-get installed chromium but ${CHROMIUM_PATH} does not exist`;
}

/** Launches headless Chromium, or gives the reason it cannot be had (apt could not install it). */
export async function launchChromium(): Promise<{ browser: Browser } | { skip: string }> {
  const missing = ensureChromium();
  if (missing !== null)
    return { skip: `Chromium is not installed and apt could not install it:\n${missing}` };
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
  return { browser };
}

/** Skips the test with `reason`, printed as a banner on stderr so that no one misses it. */
export function skipLoudly(t: TestContext, reason: string): void {
  const rule = '!'.repeat(78);
  process.stderr.write(
    `\n${rule}\n!!! BROWSER TEST SKIPPED: ${t.name}\n${reason
      .split('\n')
      .map((line) => `!!! ${line}`)
      .join('\n')}\n${rule}\n\n`,
  );
  t.skip(`SKIPPED LOUDLY: ${reason.split('\n')[0]}`);
}
