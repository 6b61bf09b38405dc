/** Events the torrent lib emits (EventEmitter2); each listener is awaited before the drop is logged. */
export const TorrentEvents = {
  /** Payload: TorrentRemovedEvent. After a torrent was stopped and its pieces deleted (DELETE, eviction, idle sweep). */
  Removed: 'torrent.removed',
} as const;

export interface TorrentRemovedEvent {
  infoHash: string;
}
