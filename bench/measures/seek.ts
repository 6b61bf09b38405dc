import { open } from 'node:fs/promises';
import type { Seeder } from '../../test/helpers/seeder.ts';
import type { SourceFile } from '../fixtures.ts';
import { poll, timedGet } from '../http.ts';
import { startPeer } from '../peer-process.ts';
import { startServer } from '../server-process.ts';
import { summarize } from '../stats.ts';
import { inTurn, warmUpSeeder } from '../turns.ts';
import type { BenchContext, MeasureOutput, Side } from '../types.ts';

const POSITIONS = [0.25, 0.5, 0.75];

interface Seek {
  side: Side;
  position: number;
  firstByteMs: number;
  bytesOk: boolean;
}

/**
 * Measure 3: a player jumping into the file right after the metadata arrived. Each cold
 * run asks, one after the other, for `bytes=<25 %>-`, `<50 %>-` and `<75 %>-` (open-ended,
 * as players do) and drops each connection at the first body byte, whose value is checked
 * against the source. None of those pieces is on disk yet, on either side.
 */
export async function measureSeek(ctx: BenchContext, seeder: Seeder, source: SourceFile): Promise<MeasureOutput> {
  const seeks: Seek[] = [];
  await warmUpSeeder(ctx, seeder);
  for (let rep = 0; rep < ctx.config.seekReps; rep++) {
    const ours = async () => void seeks.push(...(await usRun(ctx, seeder, source)));
    const theirs = ctx.config.withPeer ? async () => void seeks.push(...(await peerRun(seeder, source))) : undefined;
    for (const side of inTurn(rep, ours, theirs)) await side();
    const last = seeks
      .slice(ctx.config.withPeer ? -6 : -3)
      .sort((a, b) => (a.side === b.side ? 0 : a.side === 'us' ? -1 : 1))
      .map((s) => `${s.side}@${s.position * 100}% ${s.firstByteMs.toFixed(0)}`);
    ctx.log(`  seek rep ${rep + 1} (ms): ${last.join(', ')}`);
  }
  const of = (side: Side) => seeks.filter((s) => s.side === side).map((s) => s.firstByteMs);
  const us = summarize(of('us'));
  const peer = of('peer');
  const bad = seeks.filter((s) => !s.bytesOk).length;
  return {
    metrics: [
      {
        key: 'cold_seek_first_byte_ms',
        measure: 3,
        label: 'Cold seek to 25/50/75 % → first byte',
        unit: 'ms',
        better: 'lower',
        digits: 0,
        us,
        peer: peer.length ? summarize(peer) : undefined,
        // issue 11: no later than the webtorrent CLI in the same run
        target: { text: '≤ peer', met: peer.length ? us.median <= summarize(peer).median : undefined },
        note: bad ? `${bad} seek(s) returned wrong bytes` : undefined,
        samples: { us: of('us'), peer },
      },
    ],
    details: { seeks },
  };
}

async function usRun(ctx: BenchContext, seeder: Seeder, source: SourceFile): Promise<Seek[]> {
  const server = await startServer({ trackers: [ctx.tracker.announceUrl], cpuProfDir: ctx.config.cpuProfDir });
  try {
    const files = await server.addMagnet(seeder.magnetURI);
    const seeks = await seekAll('us', files[0].streamUrl, source);
    server.assertLoopbackOnly();
    return seeks;
  } finally {
    await server.stop();
  }
}

async function peerRun(seeder: Seeder, source: SourceFile): Promise<Seek[]> {
  const peer = await startPeer(seeder.magnetURI);
  try {
    const url = peer.fileUrl(seeder.infoHash, seeder.files[0].path);
    // "metadata arrived" for the CLI: its server stops answering 404 for the file
    await poll(async () => ((await timedGet(url, { method: 'HEAD' })).status === 200 ? true : undefined), 'peer metadata', 60_000);
    const seeks = await seekAll('peer', url, source);
    peer.assertLoopbackOnly();
    return seeks;
  } finally {
    await peer.stop();
  }
}

async function seekAll(side: Side, url: string, source: SourceFile): Promise<Seek[]> {
  const seeks: Seek[] = [];
  for (const position of POSITIONS) {
    const offset = Math.floor(source.size * position);
    const response = await timedGet(url, { range: `bytes=${offset}-`, firstByteOnly: true, keepBody: true, timeoutMs: 60_000 });
    if (response.status !== 206) throw new Error(`${side}: range request answered ${response.status}`);
    const body = response.body ?? Buffer.alloc(0);
    seeks.push({
      side,
      position,
      firstByteMs: response.firstByteAt - response.startedAt,
      bytesOk: body.length > 0 && body.equals(await readSlice(source.path, offset, body.length)),
    });
  }
  return seeks;
}

export async function readSlice(path: string, offset: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, offset);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
