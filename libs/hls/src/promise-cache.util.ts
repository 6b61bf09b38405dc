/**
 * Promises by file key, shared by concurrent callers. A rejected one is dropped, since a
 * failure may only be a slow swarm: the next call tries again.
 */
export class PromiseCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  get(key: string, create: () => Promise<T>): Promise<T> {
    const cached = this.entries.get(key);
    if (cached) return cached;
    const created = create();
    this.entries.set(key, created);
    created.catch(() => {
      if (this.entries.get(key) === created) this.entries.delete(key);
    });
    return created;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Forgets every entry of a torrent. */
  deleteTorrent(torrentKey: string): void {
    for (const key of this.entries.keys()) if (belongsToTorrent(key, torrentKey)) this.entries.delete(key);
  }
}

/** File keys are `<torrentKey>/<file>`. */
export function belongsToTorrent(fileKey: string, torrentKey: string): boolean {
  return fileKey === torrentKey || fileKey.startsWith(`${torrentKey}/`);
}
