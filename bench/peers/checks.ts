// The peer bench's sizes (the harness's lib/config.mjs), its deterministic ids, and the
// checks every run's result goes through (the harness's summarize* helpers, lib/util.mjs),
// so that no side can skip work and still be timed.
// The harness's sizes (its lib/config.mjs).
export const USERS = 10_000;
export const POST_AUTHORS = 2_000;
export const POSTS_PER_AUTHOR = 10;
export const W1_LOOKUPS = 2_000;
export const W3_INSERTS = 10_000;
export const W4_USERS = 1_000;
export const W5_USERS = 1_000;
export const CHUNK = 1_000;

/** The harness's deterministic ids: `n` distinct integers in [1, max] (mulberry32). */
export function distinctRandomIds(n: number, max: number, seed: number): number[] {
  let a = seed >>> 0;
  const rnd = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const ids = Array.from({ length: max }, (_, i) => i + 1);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rnd() * (max - i));
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return ids.slice(0, n);
}

export const chunks = <T>(xs: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
};

export function check(what: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`bench: ${what} is ${actual}, expected ${expected}`);
}

/** W1's check: every user found, with its own email (the harness's summarizeUsers). */
export function checkUsers(
  side: string,
  found: readonly ({ id: number; email: string } | null)[],
): void {
  let ok = 0;
  for (const u of found) if (u && u.email === `user${u.id}@bench.test`) ok++;
  check(`${side} W1 users found`, ok, W1_LOOKUPS);
}

/** W2's check: touches what the harness's summarizePosts touches. */
export function checkPosts(
  side: string,
  posts: readonly { id: number; title: string; body: string }[],
  authorId: (p: never) => number,
): void {
  let authors = 0;
  let length = 0;
  for (const p of posts) {
    authors += authorId(p as never);
    length += p.title.length + p.body.length;
  }
  check(`${side} W2 posts`, posts.length, POST_AUTHORS * POSTS_PER_AUTHOR);
  check(
    `${side} W2 author ids`,
    authors,
    POSTS_PER_AUTHOR * ((POST_AUTHORS * (POST_AUTHORS + 1)) / 2),
  );
  if (length === 0) throw new Error(`bench: ${side} W2 read no text`);
}

/** W4's check: 1,000 users of 10 posts each, each post its user's. */
export function checkGraph<U extends { id: number }, P>(
  side: string,
  users: readonly U[],
  postsOf: (u: U) => readonly P[],
  authorId: (p: P) => number,
): void {
  let wrong = 0;
  for (const u of users) {
    const posts = postsOf(u);
    if (posts.length !== POSTS_PER_AUTHOR) wrong++;
    for (const p of posts) if (authorId(p) !== u.id) wrong++;
  }
  check(`${side} W4 users`, users.length, W4_USERS);
  check(`${side} W4 wrong posts`, wrong, 0);
}
