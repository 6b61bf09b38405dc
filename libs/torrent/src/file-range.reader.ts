import { Readable } from 'node:stream';
import {
  addSelection,
  hasPiece,
  readPiece,
  removeSelection,
  type SelectionItem,
} from './webtorrent.internals.js';
import type { WtFile, WtTorrent } from './webtorrent.types.js';

/** Chunks are whole pieces (typically 256 KiB to 4 MiB); one in flight is enough to keep up. */
const HIGH_WATER_MARK = 1 << 20;

/** A reader's read-ahead window: webtorrent's own stream selections use 1 too. */
export const WINDOW_PRIORITY = 1;
/**
 * The piece a reader waits for, and the next: above everything else (the played file's
 * tail is 2), so the bytes a player stalls on go out before anyone's read-ahead.
 */
export const URGENT_PRIORITY = 3;
/**
 * The first piece of a reader (a seek, a new client's range): above even the pieces other
 * readers wait for. A reader that has played has its read-ahead to live on while it waits;
 * one that has sent nothing yet has nothing (bench measure 4, 32 clients of random ranges).
 * Only that one piece: the next is the reader's urgent piece once the first is out.
 */
export const FIRST_PIECE_PRIORITY = 4;

/** Where a reader is, for the eviction policy: read live, never copied. */
export interface ReaderState {
  readonly fileId: number;
  /** The piece being read or waited for. */
  piece: number;
  /** The next byte to hand the client, as an offset in the torrent (past the range's end once done). */
  position: number;
  /** Inclusive piece span selected ahead of `piece`; undefined once closed. */
  window?: { from: number; to: number };
}

export interface ReaderHooks {
  /** Pieces to keep selected from the current one on, after `consumedBytes` handed to the client; asked again at every piece. */
  windowPieces(consumedBytes: number): number;
  onFirstChunk?: () => void;
  onPieceRead?: (piece: number) => void;
}

export interface FileReader {
  stream: Readable;
  state: ReaderState;
}

/**
 * A Node stream of exactly bytes `start..end` (inclusive) of a torrent file, which selects
 * only a window of pieces ahead of what the client consumed (not the rest of the range).
 *
 * The window moves one piece at a time as chunks are pulled, so a client that stops
 * reading (backpressure: Readable buffers at most HIGH_WATER_MARK) keeps a full window
 * without growing it. Inside the window webtorrent's sequential strategy keeps the order
 * strict; the piece waited for goes out first (URGENT_PRIORITY and webtorrent's `critical`,
 * which may take its blocks from a slower peer), and a reader's very first piece before that
 * (FIRST_PIECE_PRIORITY).
 *
 * Destroying the stream (client gone, typically a player seeking elsewhere) drops the
 * window at once, without waiting for the piece the reader was blocked on. Block requests
 * already sent are left to complete: a BitTorrent cancel followed soon by a request for the
 * same block (a player seeking back, ffmpeg reopening its input) is never answered by
 * webtorrent-based peers, and the stream then stalls for webtorrent's 30 s piece timeout
 * (see the contract spec). The ramped window keeps what a closed reader leaves in flight small.
 */
export function readFileRange(
  torrent: WtTorrent,
  file: WtFile,
  fileId: number,
  start: number,
  end: number,
  hooks: ReaderHooks,
): FileReader {
  const reader = new WindowedReader(torrent, file, fileId, start, end, hooks);
  const stream = Readable.from(reader.chunks(), { objectMode: false, highWaterMark: HIGH_WATER_MARK });
  stream.once('close', () => reader.close());
  return { stream, state: reader.state };
}

class WindowedReader {
  readonly state: ReaderState;
  private readonly lastPiece: number;
  private window?: SelectionItem;
  private urgent?: SelectionItem;
  private closed = false;
  /** Ends the wait for a piece early: the reader closed. */
  private wake?: () => void;

  constructor(
    private readonly torrent: WtTorrent,
    private readonly file: WtFile,
    fileId: number,
    private readonly start: number,
    private readonly end: number,
    private readonly hooks: ReaderHooks,
  ) {
    const first = Math.floor((file.offset + start) / torrent.pieceLength);
    this.lastPiece = Math.floor((file.offset + end) / torrent.pieceLength);
    this.state = { fileId, piece: first, position: file.offset + start };
    this.slide(first);
  }

  async *chunks(): AsyncGenerator<Uint8Array> {
    const { pieceLength } = this.torrent;
    let position = this.file.offset + this.start;
    const last = this.file.offset + this.end;
    let onFirstChunk = this.hooks.onFirstChunk;
    try {
      while (position <= last && !this.closed) {
        const piece = Math.floor(position / pieceLength);
        const pieceEnd = Math.min(last, (piece + 1) * pieceLength - 1);
        this.slide(piece);
        const chunk = await this.read(piece, position - piece * pieceLength, pieceEnd - position + 1);
        if (!chunk) return;
        position = pieceEnd + 1;
        this.state.position = position;
        this.hooks.onPieceRead?.(piece);
        yield chunk;
        onFirstChunk?.();
        onFirstChunk = undefined;
      }
    } finally {
      this.close();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.dropSelections();
    this.state.window = undefined;
    this.wake?.();
  }

  /** The bytes of a piece once it is verified; undefined if the reader closed meanwhile. */
  private async read(piece: number, offset: number, length: number): Promise<Uint8Array | undefined> {
    for (;;) {
      if (this.closed) return undefined;
      if (this.torrent.destroyed)
        throw new Error(`torrent closed with bytes ${offset}.. of piece ${piece} left to read`);
      if (!hasPiece(this.torrent, piece)) {
        await this.waitFor(piece);
        continue;
      }
      try {
        return await readPiece(this.torrent, piece, offset, length);
      } catch (err) {
        // dropped from the store between the check and the read: fetch it again
        if (hasPiece(this.torrent, piece)) throw err;
      }
    }
  }

  private waitFor(piece: number): Promise<void> {
    const { torrent } = this;
    const first = this.state.position === this.file.offset + this.start;
    const next = first ? piece : Math.min(piece + 1, this.lastPiece);
    this.urgent = addSelection(torrent, piece, next, first ? FIRST_PIECE_PRIORITY : URGENT_PRIORITY);
    torrent.critical(piece, next);
    return new Promise<void>((resolve) => {
      const done = () => {
        torrent.removeListener('verified', onVerified);
        torrent.removeListener('close', done);
        this.wake = undefined;
        if (this.urgent) removeSelection(torrent, this.urgent);
        this.urgent = undefined;
        resolve();
      };
      const onVerified = (index: number) => {
        if (index === piece) done();
      };
      torrent.on('verified', onVerified);
      torrent.once('close', done);
      this.wake = done;
      // verified between the check and the listener
      if (hasPiece(torrent, piece)) done();
    });
  }

  /** Selects `piece..piece + window - 1` (within the range) before dropping the old window: no gap. */
  private slide(piece: number): void {
    if (this.closed) return;
    this.state.piece = piece;
    const consumed = this.state.position - (this.file.offset + this.start);
    const to = Math.min(this.lastPiece, piece + this.hooks.windowPieces(consumed) - 1);
    if (this.window && this.window.from === piece && this.window.to === to) return;
    const previous = this.window;
    this.window = addSelection(this.torrent, piece, to, WINDOW_PRIORITY);
    this.state.window = { from: piece, to };
    if (previous) removeSelection(this.torrent, previous);
  }

  private dropSelections(): void {
    if (this.window) removeSelection(this.torrent, this.window);
    if (this.urgent) removeSelection(this.torrent, this.urgent);
    this.window = this.urgent = undefined;
  }
}

