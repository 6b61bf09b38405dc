import type { Seeder } from '../test/helpers/seeder.ts';
import { timedGet } from './http.ts';
import { startServer } from './server-process.ts';
import type { BenchContext } from './types.ts';

/**
 * The order of the two sides in repeat `rep`: they take turns going first. The second of a
 * pair finds the seeder process warmer (its code compiled, the file open and in its page
 * cache), which once gave whoever always went first the slowest first byte of the run.
 */
export function inTurn<T>(rep: number, us: T, peer: T | undefined): T[] {
  if (peer === undefined) return [us];
  return rep % 2 === 0 ? [us, peer] : [peer, us];
}

/**
 * One unmeasured cold start against a fresh seeder process (our server, the magnet, the
 * file's first MiB), so that no measured run is the seeder's very first: a new seeder answers
 * its first requests slower while its code compiles, whichever client asks.
 */
export async function warmUpSeeder(ctx: BenchContext, seeder: Seeder): Promise<void> {
  const server = await startServer({ trackers: [ctx.tracker.announceUrl] });
  try {
    const files = await server.addMagnet(seeder.magnetURI);
    const response = await timedGet(files[0].streamUrl, { range: 'bytes=0-1048575', timeoutMs: 60_000 });
    if (response.status !== 206) throw new Error(`warm-up read answered ${response.status}`);
  } finally {
    await server.stop();
  }
}
