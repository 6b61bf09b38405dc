import { Injectable, Logger, UnprocessableEntityException } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { Readable } from 'node:stream';
import { HlsService } from '#hls';
import { TorrentEvents, TorrentService, type TorrentFileInfo, type TorrentRemovedEvent } from '#torrent';
import { rangeNotSatisfiable } from '../common/http-errors.js';
import { AppConfig } from '../config/app.config.js';
import { HlsSourceService } from '../hls/hls-source.service.js';
import { DEFAULT_PRELOAD_BYTES, type PreloadDto, type PreloadWindowDto } from './preload.dto.js';
import { preloadWindow } from './preload-window.util.js';

export interface PreloadJob extends PreloadWindowDto {
  infoHash: string;
}

interface RunningJob {
  job: PreloadJob;
  stream: Readable;
  finishedAt?: number;
}

/** Finished windows stay listed (in the events) this long, so a watcher sees them complete. */
const KEEP_FINISHED_MS = 10 * 60_000;

/**
 * Fetches a window of a file ahead of a viewer who will come back to it (a resume
 * position). It reads the window like a stream does, so the pieces come in order, count
 * against the disk budget (a write waits for room) and the torrent is in use meanwhile.
 */
@Injectable()
export class PreloadService {
  private readonly logger = new Logger(PreloadService.name);
  private readonly jobs = new Map<string, RunningJob[]>();

  constructor(
    private readonly torrents: TorrentService,
    private readonly hls: HlsService,
    private readonly sources: HlsSourceService,
    private readonly config: AppConfig,
  ) {}

  /** A removed torrent's windows stop with it. */
  @OnEvent(TorrentEvents.Removed)
  torrentRemoved({ infoHash }: TorrentRemovedEvent): void {
    this.cancel(infoHash);
  }

  /** Starts (or finds) the window; adds the torrent and waits for its metadata. */
  async start(infoHash: string, fileId: number, request: PreloadDto): Promise<PreloadJob> {
    if ((request.from === undefined) === (request.seconds === undefined)) {
      throw new UnprocessableEntityException('send exactly one of "from" (a byte offset) or "seconds" (a media time)');
    }
    const file = await this.torrents.fileInfo(infoHash, fileId);
    const window = preloadWindow({
      size: file.size,
      from: request.from,
      seconds: request.seconds,
      durationSeconds: request.seconds === undefined ? undefined : await this.durationOf(infoHash, file),
      bytes: request.bytes ?? DEFAULT_PRELOAD_BYTES,
      // a window larger than the budget would wait for room forever
      maxBytes: this.config.maxDiskUsage ? Math.floor(this.config.maxDiskUsage / 2) : undefined,
    });
    if (!window.ok) throw rangeNotSatisfiable(file.size, window.reason);
    this.prune(infoHash);
    const same = this.jobs.get(infoHash)?.find(({ job }) => job.fileId === fileId && job.from === window.from && job.to === window.to && !job.error);
    if (same) return same.job;
    await this.torrents.ensureRoomToRead(infoHash, fileId);
    return this.run(infoHash, fileId, window.from, window.to);
  }

  /** The windows of a torrent, running and recently finished. */
  jobsOf(infoHash: string): PreloadJob[] {
    return (this.jobs.get(infoHash) ?? []).map(({ job }) => ({ ...job }));
  }

  private run(infoHash: string, fileId: number, from: number, to: number): PreloadJob {
    const job: PreloadJob = { infoHash, fileId, from, to, bytes: to - from + 1, fetched: 0, done: false };
    const stream = this.torrents.openRange(infoHash, fileId, { start: from, end: to });
    const running: RunningJob = { job, stream };
    const finish = (error?: string) => {
      if (running.finishedAt !== undefined) return;
      running.finishedAt = Date.now();
      job.done = error === undefined;
      job.error = error;
      this.logger.log({ infoHash, fileId, from, to, fetched: job.fetched, error }, 'preload finished');
    };
    stream.on('data', (chunk: Uint8Array) => (job.fetched += chunk.length));
    stream.once('end', () => finish());
    stream.once('error', (err: Error) => finish(err.message));
    stream.once('close', () => finish(job.fetched === job.bytes ? undefined : 'stopped'));
    this.jobs.set(infoHash, [...(this.jobs.get(infoHash) ?? []), running]);
    return job;
  }

  private async durationOf(infoHash: string, file: TorrentFileInfo): Promise<number> {
    const media = await this.hls.probe(await this.sources.sourceOf(infoHash, file.id));
    return media.durationSeconds;
  }

  private prune(infoHash: string): void {
    const now = Date.now();
    const kept = (this.jobs.get(infoHash) ?? []).filter((running) => running.finishedAt === undefined || now - running.finishedAt < KEEP_FINISHED_MS);
    this.jobs.set(infoHash, kept);
  }

  /** The torrent is gone: its windows stop and are forgotten. */
  private cancel(infoHash: string): void {
    for (const { stream } of this.jobs.get(infoHash) ?? []) stream.destroy();
    this.jobs.delete(infoHash);
  }
}
