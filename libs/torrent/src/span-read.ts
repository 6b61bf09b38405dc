import { close, open, read } from 'node:fs';
import { promisify } from 'node:util';
import { pieceBuffers } from './buffer-pool.js';
import type { FileSpan } from './piece-holes.util.js';

const openFile = promisify(open);
const closeFile = promisify(close);
const readFile = promisify(read);

/**
 * Reads torrent bytes straight from a torrent's files, each opened once (read-only), into
 * new buffers with an ArrayBuffer of their own, so that whoever is done with one can free it
 * at once (chunk-lease.ts). fs-chunk-store's own read allocates a buffer per file and copies
 * them into another: two buffers of garbage per piece read.
 */
export class SpanReader {
  private readonly fds = new Map<string, Promise<number>>();
  private reading = 0;
  private idle?: () => void;
  private closing?: Promise<void>;

  /** `spans`: consecutive torrent bytes, possibly across files. */
  async read(spans: readonly FileSpan[]): Promise<Buffer> {
    if (this.closing) throw new Error('store closed');
    const buf = pieceBuffers.take(spans.reduce((sum, span) => sum + span.length, 0));
    this.reading += 1;
    try {
      let at = 0;
      for (const span of spans) {
        const fd = await this.fd(span.path);
        for (let done = 0; done < span.length; ) {
          const { bytesRead } = await readFile(fd, buf, at + done, span.length - done, span.offset + done);
          if (bytesRead === 0) throw new Error(`${span.path} ends before byte ${span.offset + span.length}`);
          done += bytesRead;
        }
        at += span.length;
      }
      return buf;
    } finally {
      this.reading -= 1;
      if (this.reading === 0) this.idle?.();
    }
  }

  /**
   * Closes every file once the reads in progress are done: a descriptor closed under a read
   * could be reused by another open before the read runs. Before the files are deleted too,
   * or their blocks stay allocated while a descriptor is open.
   */
  close(): Promise<void> {
    // once: a second caller waits for the same close
    return (this.closing ??= this.closeFiles());
  }

  private async closeFiles(): Promise<void> {
    if (this.reading > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    const fds = [...this.fds.values()];
    this.fds.clear();
    await Promise.all(fds.map((fd) => fd.then(closeFile, () => undefined)));
  }

  private fd(path: string): Promise<number> {
    let fd = this.fds.get(path);
    if (!fd) {
      fd = openFile(path, 'r');
      this.fds.set(path, fd);
      // a file not there yet (nothing written to it) is opened again next time
      fd.catch(() => this.fds.get(path) === fd && this.fds.delete(path));
    }
    return fd;
  }
}
