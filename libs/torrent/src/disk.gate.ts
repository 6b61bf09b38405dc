import { Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { CacheError, CacheErrorCode, CacheService } from '#cache';
import { HeldTorrents } from './held-torrents.js';

/** Every piece write waits on the gate first: resolves when `bytes` more may be written, rejects to give the write up. */
export interface DiskGate {
  admitWrite(infoHash: string, bytes: number): Promise<void>;
}

/** DI token of the DiskGate. TorrentService cannot be built without one, so no store ever runs without a budget. */
export const DISK_GATE = Symbol('DISK_GATE');

/** A blocked piece write re-checks the disk budget this often. */
const DISK_RETRY_MS = 1_000;

/** The disk budget of the cache, in front of every piece write. */
@Injectable()
export class BudgetDiskGate implements DiskGate {
  private readonly logger = new Logger('TorrentService');

  constructor(
    private readonly cache: CacheService,
    private readonly held: HeldTorrents,
  ) {}

  /**
   * Holds a verified piece until the disk budget has room for it, evicting idle torrents
   * first. Waiting (instead of failing) keeps the stream alive: webtorrent serves the
   * held piece from memory meanwhile, and room appears when another reader closes.
   */
  async admitWrite(infoHash: string, bytes: number): Promise<void> {
    let warned = false;
    for (;;) {
      if (!this.held.has(infoHash)) throw new Error(`torrent ${infoHash} was removed`);
      try {
        await this.cache.ensureDiskRoom(bytes, infoHash);
        return;
      } catch (err) {
        if (!(err instanceof CacheError) || err.code !== CacheErrorCode.DiskFull) throw err;
        if (!warned) this.logger.warn({ infoHash }, `disk budget full, piece write waits: ${err.message}`);
        warned = true;
        await sleep(DISK_RETRY_MS);
      }
    }
  }
}
