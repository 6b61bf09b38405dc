import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiskUsageProbe } from './disk-usage.probe.js';

const KiB = 1024;

describe('DiskUsageProbe', () => {
  const probe = new DiskUsageProbe();
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cache-probe-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('sums the blocks allocated to files in nested directories', async () => {
    await mkdir(join(dir, 'a', 'b'), { recursive: true });
    await writeFile(join(dir, 'top.bin'), randomBytes(64 * KiB));
    await writeFile(join(dir, 'a', 'b', 'deep.bin'), randomBytes(128 * KiB));
    const used = await probe.allocatedBytes(dir);
    // file systems may round up to their block size or add metadata blocks
    expect(used).toBeGreaterThanOrEqual(192 * KiB);
    expect(used).toBeLessThan(192 * KiB + 64 * KiB);
  });

  it.skipIf(process.platform === 'win32')('counts allocated blocks, not the apparent size of sparse files', async () => {
    const sparse = join(dir, 'sparse.bin');
    await writeFile(sparse, '');
    await truncate(sparse, 64 * 1024 * KiB);
    expect(await probe.allocatedBytes(dir)).toBeLessThan(1024 * KiB);
  });

  it('reports 0 for a directory that does not exist', async () => {
    expect(await probe.allocatedBytes(join(dir, 'missing'))).toBe(0);
  });

  it('reports free space of the nearest existing ancestor of a missing directory', async () => {
    const free = await probe.freeBytes(join(dir, 'missing', 'deeper'));
    expect(free).toBeGreaterThan(0);
    expect(free).toBe(await probe.freeBytes(dir));
  });
});
