/** One tracked key: how many uses hold it open and when it was last active. */
export interface IndexEntry {
  readonly refs: number;
  readonly lastActive: number;
}

interface MutableEntry {
  refs: number;
  lastActive: number;
}

/**
 * Least-recently-used bookkeeping with reference counts ("pins"). Pure: no timers, no I/O,
 * time comes from the injected clock.
 *
 * Not `lru-cache`: it evicts by itself and synchronously inside `set`, cannot skip pinned
 * entries, and has no way to refuse an insert. Here the index only *answers* who should go;
 * the caller evicts asynchronously and may refuse. A Map is enough for that: its iteration
 * order is insertion order, and re-inserting a key on every activity keeps it least recent
 * first, so the LRU order and `lastActive` never disagree.
 */
export class LruIndex<K> {
  private readonly entries = new Map<K, MutableEntry>();

  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.entries.size;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Starts tracking the key if needed, and marks it active now (most recent). */
  touch(key: K): void {
    const entry = this.entries.get(key) ?? { refs: 0, lastActive: 0 };
    this.markActive(key, entry);
  }

  /**
   * Takes one use of the key (tracking it if needed); while any use is open the key is never
   * a victim and never idle. The returned release is bound to this very entry, so a release
   * that outlives a delete and re-add of the same key cannot unpin the newer entry.
   */
  acquire(key: K): () => void {
    const entry = this.entries.get(key) ?? { refs: 0, lastActive: 0 };
    entry.refs += 1;
    this.markActive(key, entry);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (this.entries.get(key) !== entry) return;
      entry.refs -= 1;
      // idleness counts from the end of the last use, not from its start
      this.markActive(key, entry);
    };
  }

  isInUse(key: K): boolean {
    return (this.entries.get(key)?.refs ?? 0) > 0;
  }

  get inUseCount(): number {
    let count = 0;
    for (const entry of this.entries.values()) if (entry.refs > 0) count += 1;
    return count;
  }

  lastActive(key: K): number | undefined {
    return this.entries.get(key)?.lastActive;
  }

  /** Stops tracking the key; the returned entry can be handed back to `restore`. */
  delete(key: K): IndexEntry | undefined {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    return entry;
  }

  /**
   * Tracks a deleted entry again at its old place in the LRU order (an eviction that
   * failed). Returns false, changing nothing, if the key has been tracked again meanwhile.
   */
  restore(key: K, entry: IndexEntry): boolean {
    if (this.entries.has(key)) return false;
    // the same object, so releases taken before the delete still count against it
    const restored = entry as MutableEntry;
    const all = [...this.entries];
    this.entries.clear();
    let placed = false;
    for (const [otherKey, other] of all) {
      if (!placed && other.lastActive > entry.lastActive) {
        this.entries.set(key, restored);
        placed = true;
      }
      this.entries.set(otherKey, other);
    }
    if (!placed) this.entries.set(key, restored);
    return true;
  }

  /** Every key, least recently active first. */
  keysByLeastRecent(): K[] {
    return [...this.entries.keys()];
  }

  /** The least recently active key that nobody uses, skipping `excluding`. */
  pickEvictionVictim(excluding: ReadonlySet<K> = new Set()): K | undefined {
    for (const [key, entry] of this.entries) {
      if (entry.refs === 0 && !excluding.has(key)) return key;
    }
    return undefined;
  }

  /** Tracked, used by nobody, and inactive for at least `idleMs`. */
  isIdle(key: K, idleMs: number): boolean {
    const entry = this.entries.get(key);
    return entry !== undefined && entry.refs === 0 && this.now() - entry.lastActive >= idleMs;
  }

  /** Every idle key (see `isIdle`), least recent first. */
  idleKeys(idleMs: number): K[] {
    return this.keysByLeastRecent().filter((key) => this.isIdle(key, idleMs));
  }

  private markActive(key: K, entry: MutableEntry): void {
    entry.lastActive = this.now();
    this.entries.delete(key);
    this.entries.set(key, entry);
  }
}
