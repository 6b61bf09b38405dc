import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DiskHold } from '#cache';
import type { DiskGate } from './disk.gate.js';
import { gatedChunkStore } from './gated-chunk.store.js';

type HoldState = 'pending' | 'written' | 'cancelled';

/** A gate that admits writes when the spec says so, with holds that record how they were settled. */
function fakeGate() {
  const admits: { bytes: number; admit: () => void; states: HoldState[]; onDisk?: Buffer }[] = [];
  const gate: DiskGate = {
    admitWrite: (_infoHash, bytes) =>
      new Promise<DiskHold>((resolve) => {
        const entry: (typeof admits)[number] = { bytes, states: [], admit: () => resolve(hold) };
        const hold: DiskHold = {
          written: () => {
            entry.states.push('written');
            // what the file holds when the store reports the piece written
            entry.onDisk = existsSync(file) ? readFileSync(file) : undefined;
          },
          cancelled: () => entry.states.push('cancelled'),
        };
        admits.push(entry);
      }),
    ensureRoom: () => Promise.resolve(),
  };
  return { gate, admits };
}

let dir: string;
let file: string;
const PIECE = 4;

function open(gate: DiskGate) {
  const Store = gatedChunkStore(gate);
  return new Store(PIECE, { path: dir, files: [{ path: 'movie.bin', length: 2 * PIECE }], torrent: { infoHash: 'a'.repeat(40) } });
}

const put = (store: ReturnType<typeof open>, index: number, buf: Uint8Array) =>
  new Promise<Error | null | undefined>((resolve) => store.put(index, buf, (err) => resolve(err)));
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('gatedChunkStore', () => {
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gated-store-'));
    file = join(dir, 'movie.bin');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a piece once the gate admits it, and settles its hold as written only once the bytes are on disk', async () => {
    const { gate, admits } = fakeGate();
    const store = open(gate);
    const written = put(store, 1, new Uint8Array([1, 2, 3, 4]));
    await tick();
    expect(admits.map((a) => a.bytes)).toEqual([PIECE]);
    expect(existsSync(file)).toBe(false);
    admits[0].admit();
    expect(await written).toBeNull();
    expect(admits[0].states).toEqual(['written']);
    expect([...admits[0].onDisk!.subarray(PIECE)]).toEqual([1, 2, 3, 4]);
    await new Promise((resolve) => store.close(resolve));
  });

  it('cancels the hold of a write the store gave up before it started, and writes nothing', async () => {
    const { gate, admits } = fakeGate();
    const store = open(gate);
    const written = put(store, 0, new Uint8Array(PIECE));
    await tick();
    store.abortWaiting!();
    expect(await written).toMatchObject({ message: 'store closed' });
    admits[0].admit();
    await tick();
    expect(admits[0].states).toEqual(['cancelled']);
    // a write asked for after the store closed is cancelled as soon as the gate admits it
    const late = put(store, 1, new Uint8Array(PIECE));
    await tick();
    admits[1].admit();
    expect(await late).toMatchObject({ message: 'store closed' });
    expect(admits[1].states).toEqual(['cancelled']);
    expect(existsSync(file)).toBe(false);
  });

  it('counts a failed write as written: it may have landed in part, and the next disk walk tells', async () => {
    const { gate, admits } = fakeGate();
    const store = open(gate);
    const failed = put(store, 0, new Uint8Array(PIECE - 1));
    await tick();
    admits[0].admit();
    expect(await failed).toBeInstanceOf(Error);
    expect(admits[0].states).toEqual(['written']);
  });

  it('reads a lent range straight from the files, across a file boundary, into a buffer of its own', async () => {
    const gate: DiskGate = { admitWrite: () => Promise.resolve({ written: () => {}, cancelled: () => {} }), ensureRoom: () => Promise.resolve() };
    const Store = gatedChunkStore(gate);
    // piece 1 is bytes 2..3 of a.bin and 0..1 of b.bin
    const store = new Store(PIECE, { path: dir, files: [{ path: 'a.bin', length: 6 }, { path: 'b.bin', length: 2 }], torrent: { infoHash: 'b'.repeat(40) } });
    await put(store, 0, new Uint8Array([1, 2, 3, 4]));
    await put(store, 1, new Uint8Array([5, 6, 7, 8]));
    const read = (opts: object) => new Promise<Uint8Array | undefined>((resolve, reject) => store.get(1, opts, (err, buf) => (err ? reject(err) : resolve(buf))));
    const lent = (await read({ offset: 1, length: 3, lend: true }))!;
    expect([...lent]).toEqual([6, 7, 8]);
    expect([lent.byteOffset, lent.buffer.byteLength]).toEqual([0, 3]);
    expect([...(await read({ lend: true }))!]).toEqual([5, 6, 7, 8]);
    expect([...(await read({ offset: 0, length: 4 }))!]).toEqual([5, 6, 7, 8]);
    // the files close only once the read in progress is done; reads after that fail
    const inProgress = read({ lend: true });
    await new Promise((resolve) => store.close(resolve));
    expect([...(await inProgress)!]).toEqual([5, 6, 7, 8]);
    await expect(read({ lend: true })).rejects.toThrow('store closed');
  });
});
