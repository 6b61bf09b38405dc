/** Nearest-rank percentiles of the recent samples; all 0 when there are none. */
export class RecentPercentilesDto {
  /** Samples in the window. */
  count: number;
  p50: number;
  p90: number;
  p99: number;
}

/** Byte-range streams and HLS, measured apart. */
export class PerStreamKindDto {
  range: RecentPercentilesDto;
  hls: RecentPercentilesDto;
}

/** What viewers felt recently (see the Prometheus histograms for all-time numbers). */
export class PlaybackStatsDto {
  /** How far back "recent" goes. */
  windowSeconds: number;
  /** Milliseconds from a viewer's request to its first body byte. */
  firstByteMs: PerStreamKindDto;
  /** Seconds each stall lasted: a response waiting over 1 s for its next bytes while the client was ready; count is the number of stalls. */
  stallSeconds: PerStreamKindDto;
}

export class StatsDto {
  /** node_id: which node answered, so an operator sees where each torrent lives. */
  nodeId: string;
  /** Where torrent sources are shared: `redis` with redis_url, else this process's `memory`. */
  sourceStore: 'memory' | 'redis';
  /** Torrents this node added from a stored source (a magnet or .torrent another request gave). */
  sourcesLoaded: number;
  /** Torrents held now. */
  torrents: number;
  /** cache_size: the most torrents held at once. */
  maxTorrents: number;
  /** Torrents with an open reader (never evicted). */
  torrentsInUse: number;
  /** Open byte-range readers, including those of HLS runs. */
  activeStreams: number;
  /** ffmpeg runs producing HLS segments. */
  activeHlsRuns: number;
  /** Bytes per second, all torrents. */
  downloadSpeed: number;
  /** Bytes per second, all torrents. */
  uploadSpeed: number;
  /** Bytes allocated under data_dir (pieces and HLS segments). */
  diskUsedBytes: number;
  /** max_disk_usage in bytes; 0 means unlimited. */
  diskBudgetBytes: number;
  /** Torrents evicted to make room (cache_size or disk budget). */
  evictions: number;
  /** Idle torrents removed by the scheduled cleanup. */
  cleanups: number;
  /** Time to first byte and stalls of recent viewer requests. */
  playback: PlaybackStatsDto;
}
