import { Injectable, type MessageEvent } from '@nestjs/common';
import { Observable, type Subscriber } from 'rxjs';
import { TorrentError, TorrentErrorCode, TorrentService, type TorrentInfo } from '#torrent';
import { mapDomainError } from '../common/domain-error.map.js';
import type { MediaUrlBuilder } from '../common/media-urls.js';
import { PreloadService } from '../preload/preload.service.js';
import { presentTorrent } from '../torrents/torrent.presenter.js';
import { progressEvent } from './torrent-events.util.js';

/** About once a second, as a person watching a progress bar expects. */
export const PROGRESS_INTERVAL_MS = 1_000;

/**
 * A torrent's live state as Server-Sent Events: `metadata` (the full torrent, once it is
 * in; first thing when it already is), `progress` every second, `error` (e.g. a metadata
 * timeout, while it keeps trying) and `removed`, which ends the stream. Unsubscribing
 * (the client went away) clears the timer and stops waiting.
 */
@Injectable()
export class EventsService {
  private open = 0;

  constructor(
    private readonly torrents: TorrentService,
    private readonly preloads: PreloadService,
  ) {}

  /** Event streams open right now. */
  get activeStreams(): number {
    return this.open;
  }

  /** Adds the torrent when it is not held (without waiting), then streams its events. */
  async watch(infoHash: string, urls: MediaUrlBuilder): Promise<Observable<MessageEvent>> {
    await this.torrents.ensureByHash(infoHash, { wait: false });
    return new Observable<MessageEvent>((subscriber) => {
      this.open += 1;
      const state = { closed: false };
      const tick = () => this.progress(infoHash, subscriber);
      const info = this.find(infoHash);
      if (info?.ready) subscriber.next({ type: 'metadata', data: presentTorrent(info, urls) });
      else void this.awaitMetadata(infoHash, urls, subscriber, state);
      tick();
      const timer = setInterval(tick, PROGRESS_INTERVAL_MS);
      return () => {
        state.closed = true;
        clearInterval(timer);
        this.open -= 1;
      };
    });
  }

  private progress(infoHash: string, subscriber: Subscriber<MessageEvent>): void {
    const info = this.find(infoHash);
    if (!info) {
      subscriber.next({ type: 'removed', data: { infoHash } });
      subscriber.complete();
      return;
    }
    subscriber.next({ type: 'progress', data: progressEvent(info, this.preloads.jobsOf(infoHash)) });
  }

  /** Waits in rounds of torrent_timeout, reporting each timeout, until the metadata is in or nobody listens. */
  private async awaitMetadata(
    infoHash: string,
    urls: MediaUrlBuilder,
    subscriber: Subscriber<MessageEvent>,
    state: { closed: boolean },
  ): Promise<void> {
    // never re-add a torrent that was removed meanwhile: the progress tick reports that
    while (!state.closed && this.find(infoHash)) {
      try {
        const info = await this.torrents.ensureByHash(infoHash);
        if (!state.closed) subscriber.next({ type: 'metadata', data: presentTorrent(info, urls) });
        return;
      } catch (err) {
        if (state.closed) return;
        const mapped = mapDomainError(err);
        subscriber.next({
          type: 'error',
          data: { statusCode: mapped?.status ?? 500, error: mapped?.message ?? 'internal server error' },
        });
        const retry = err instanceof TorrentError && err.code === TorrentErrorCode.MetadataTimeout;
        if (!retry) return;
      }
    }
  }

  private find(infoHash: string): TorrentInfo | undefined {
    return this.torrents.list().find((info) => info.infoHash === infoHash);
  }
}
