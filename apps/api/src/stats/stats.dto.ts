export class StatsDto {
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
}
