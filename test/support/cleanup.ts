/**
 * Runs teardown steps in order, each even when an earlier one failed, so that one stuck
 * browser or server never leaves the others (and their temp dirs) behind.
 */
export async function cleanUp(steps: readonly (() => Promise<unknown> | undefined)[]): Promise<void> {
  for (const step of steps)
    await Promise.resolve()
      .then(step)
      .catch((err) => console.error('cleanup failed:', err));
}
