/**
 * The wait before a transaction reruns after a serialization failure or deadlock: random
 * between 0 and 10 ms × 2^(attempt − 1), at most 200 ms ("full jitter"). Two transactions
 * that failed on each other and reran at once would meet again in the same order and
 * could fail together until their retries ran out; the random wait lets one go first.
 */
export function retryPause(attempt: number): Promise<void> {
  const ceiling = Math.min(200, 10 * 2 ** (attempt - 1));
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}
