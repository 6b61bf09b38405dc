const KiB = 1024;
const MiB = 1024 * KiB;

/** An ArrayBuffer as ES2024 has it (the project's TypeScript lib is ES2023). */
export interface TransferableBuffer {
  readonly byteLength: number;
  readonly detached?: boolean;
  transfer?(newLength?: number): ArrayBuffer;
}

/**
 * Piece-sized buffers (a piece being assembled, a piece read for a reader) taken from and
 * given back to a small pool instead of malloc. They are 1–4 MiB each, dozens per second
 * while streaming, and each lives a few milliseconds once we free them on time
 * (chunk-lease.ts). Given back to glibc they either go to mmap (a syscall pair and 256–1024
 * page faults each) or, since glibc raises its mmap threshold after such a free, into its
 * heap, whose high-water mark then stays in the RSS (bench measure 5: 200–217 MB against
 * 181–191 with every large buffer mmapped, at 20 % less throughput).
 *
 * Buffers come in power-of-two capacities from 64 KiB (smaller ones are not worth it);
 * `take` hands out a view of the length asked for. `give` moves the memory to a fresh
 * ArrayBuffer (`transfer()`, no copy), which detaches the old one: any view still held by
 * mistake reads as empty, never as another piece's bytes. The pool keeps at most
 * `maxBytes` and empties itself after `idleMs` without a `take`, so an idle server holds
 * none of it.
 *
 * 4 MiB (two 2 MiB pieces) by default: what the pool holds counts in the RSS whenever the
 * buffers in use peak too. Bench measure 5, 6 cold runs each, with the write-behind backlog at
 * 8 MiB: peak RSS 184–194 MB, against 189–211 MB with both at 16 MiB, and the stream as fast
 * within the spread (123–170 against 127–179 MB/s).
 */
export class BufferPool {
  private readonly free = new Map<number, ArrayBuffer[]>();
  private pooledBytes = 0;
  private idleTimer?: NodeJS.Timeout;

  constructor(
    private readonly maxBytes = 4 * MiB,
    private readonly idleMs = 10_000,
    private readonly minBytes = 64 * KiB,
  ) {}

  /** A buffer of `length` bytes (contents undefined) whose ArrayBuffer nobody else holds. */
  take(length: number): Buffer {
    if (length < this.minBytes) return Buffer.allocUnsafeSlow(length);
    this.touch();
    const capacity = capacityFor(length);
    const reused = this.free.get(capacity)?.pop();
    if (reused) this.pooledBytes -= capacity;
    return Buffer.from(reused ?? new ArrayBuffer(capacity), 0, length);
  }

  /**
   * Takes back the memory under `buf`: the caller owns its whole ArrayBuffer (a buffer from
   * `take`, say) and nobody reads any of it any more.
   * Returns false (and leaves it alone) for memory that is not the pool's kind of buffer.
   */
  give(buf: Uint8Array): boolean {
    const backing = buf.buffer as unknown as TransferableBuffer;
    const capacity = backing.byteLength;
    if (buf.byteOffset !== 0 || !(buf.buffer instanceof ArrayBuffer) || typeof backing.transfer !== 'function') return false;
    if (capacity < this.minBytes || capacity !== capacityFor(capacity)) return false;
    if (this.pooledBytes + capacity > this.maxBytes) {
      backing.transfer(0);
      return true;
    }
    const list = this.free.get(capacity) ?? [];
    list.push(backing.transfer());
    this.free.set(capacity, list);
    this.pooledBytes += capacity;
    return true;
  }

  get bytes(): number {
    return this.pooledBytes;
  }

  private touch(): void {
    this.idleTimer?.refresh();
    this.idleTimer ??= setTimeout(() => {
      this.free.clear();
      this.pooledBytes = 0;
      this.idleTimer = undefined;
    }, this.idleMs).unref();
  }
}

/** The smallest power of two ≥ `length`. */
export function capacityFor(length: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(1, length)));
}

/** The process's pool: webtorrent's piece assembly is patched process-wide too. */
export const pieceBuffers = new BufferPool();
