import { Test, type TestingModule } from '@nestjs/testing';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CacheModule, CacheService, EVICTION_HANDLER } from '#cache';
import { BudgetDiskGate, DISK_GATE, type DiskGate } from './disk.gate.js';
import { HeldTorrents, newHeldTorrent } from './held-torrents.js';
import { NextEpisodePrefetcher } from './next-episode.prefetcher.js';
import { DEFAULT_READAHEAD } from './readahead.util.js';
import { TorrentModule } from './torrent.module.js';
import { TORRENT_OPTIONS, type TorrentModuleOptions } from './torrent.options.js';
import { TorrentService } from './torrent.service.js';
import { WebTorrentEngine } from './webtorrent.engine.js';
import type { WtTorrent } from './webtorrent.types.js';

const HASH = 'a'.repeat(40);
const KiB = 1024;

describe('TorrentModule wiring', () => {
  let dataDir: string;
  let moduleRef: TestingModule | undefined;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'torrent-module-'));
  });
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  function torrentOptions(): TorrentModuleOptions {
    return {
      dataDir,
      trackers: [],
      dht: false,
      lsd: false,
      natTraversal: false,
      utp: false,
      torrentPort: 0,
      maxConnections: 10,
      downloadRateLimit: 0,
      uploadRateLimit: 0,
      metadataTimeoutMs: 1_000,
      keepFiles: false,
      readahead: DEFAULT_READAHEAD,
    };
  }

  const cacheOptions = (maxDiskBytes: number) => ({ maxEntries: 2, idleTimeoutMs: 60_000, cleanupIntervalMs: 60_000, maxDiskBytes, dataDir });

  async function boot(maxDiskBytes: number): Promise<TestingModule> {
    moduleRef = await Test.createTestingModule({
      imports: [ScheduleModule.forRoot(), EventEmitterModule.forRoot(), TorrentModule.forRoot(torrentOptions(), cacheOptions(maxDiskBytes))],
    }).compile();
    await moduleRef.init();
    return moduleRef;
  }

  it('gives the cache the held torrents as its eviction handler, and the service the budget gate', async () => {
    const app = await boot(0);
    expect(app.get(EVICTION_HANDLER)).toBe(app.get(HeldTorrents));
    expect(app.get<DiskGate>(DISK_GATE)).toBeInstanceOf(BudgetDiskGate);
  });

  it('fails at boot when the torrent service has no disk gate', async () => {
    const built = Test.createTestingModule({
      imports: [ScheduleModule.forRoot(), EventEmitterModule.forRoot(), CacheModule.register(cacheOptions(0))],
      providers: [
        WebTorrentEngine,
        HeldTorrents,
        { provide: EVICTION_HANDLER, useExisting: HeldTorrents },
        NextEpisodePrefetcher,
        TorrentService,
        { provide: TORRENT_OPTIONS, useValue: torrentOptions() },
      ],
    }).compile();
    await expect(built).rejects.toThrow(/DISK_GATE/);
  });

  it('fails at boot when the cache has no eviction handler', async () => {
    const built = Test.createTestingModule({
      imports: [ScheduleModule.forRoot(), EventEmitterModule.forRoot(), CacheModule.register(cacheOptions(0))],
    }).compile();
    await expect(built).rejects.toThrow(/EVICTION_HANDLER/);
  });

  it('holds a piece write while the disk budget is full, and lets it through once there is room', async () => {
    const filler = join(dataDir, 'filler.bin');
    await writeFile(filler, randomBytes(64 * KiB));
    const app = await boot(64 * KiB);
    const held = app.get(HeldTorrents);
    held.set(HASH, newHeldTorrent({ destroyed: true } as WtTorrent, Promise.resolve()));
    const gate = app.get<DiskGate>(DISK_GATE);

    let admitted = false;
    const write = gate.admitWrite(HASH, 16 * KiB).then(() => (admitted = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(admitted).toBe(false);
    expect(app.get(CacheService).stats().diskUsedBytes).toBeGreaterThanOrEqual(64 * KiB);

    await rm(filler);
    await write;
    expect(admitted).toBe(true);
  });

  it('gives a waiting piece write up once its torrent was dropped', async () => {
    await writeFile(join(dataDir, 'filler.bin'), randomBytes(64 * KiB));
    const app = await boot(64 * KiB);
    const held = app.get(HeldTorrents);
    held.set(HASH, newHeldTorrent({ destroyed: true } as WtTorrent, Promise.resolve()));
    const write = app.get<DiskGate>(DISK_GATE).admitWrite(HASH, 16 * KiB);
    await held.drop(HASH, 'deleted');
    await expect(write).rejects.toThrow(`torrent ${HASH} was removed`);
  });
});
