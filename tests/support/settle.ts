/** Test support: how a promise settles within a time limit, for tests that guard against hangs. */

/** `promise`'s outcome (the error, or 'resolved'), or 'pending' when it has not settled within `ms`. */
export async function within(promise: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise((resolve) => (timer = setTimeout(() => resolve('pending'), ms)));
  try {
    return await Promise.race([
      promise.then(
        () => 'resolved',
        (error: unknown) => error,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
