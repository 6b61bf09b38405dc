import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A file of the torrent as fs-chunk-store lays it out: absolute path, byte offset in the torrent. */
export interface StoredFile {
  path: string;
  offset: number;
  length: number;
}

export interface FileSpan {
  path: string;
  /** Byte offset inside the file. */
  offset: number;
  length: number;
}

/** The byte spans of each file that hold piece `index` (a piece may straddle files). */
export function pieceFileSpans(files: readonly StoredFile[], pieceLength: number, index: number): FileSpan[] {
  return byteRangeFileSpans(files, index * pieceLength, (index + 1) * pieceLength);
}

/** The spans of each file holding torrent bytes `start..end` (end exclusive), in torrent order. */
export function byteRangeFileSpans(files: readonly StoredFile[], start: number, end: number): FileSpan[] {
  const total = files.reduce((sum, file) => Math.max(sum, file.offset + file.length), 0);
  end = Math.min(total, end);
  const spans: FileSpan[] = [];
  for (const file of files) {
    const from = Math.max(start, file.offset);
    const to = Math.min(end, file.offset + file.length);
    if (to > from) spans.push({ path: file.path, offset: from - file.offset, length: to - from });
  }
  return spans;
}

/** The same bytes in as few spans as possible: one punch per run of adjacent pieces. */
export function mergeSpans(spans: readonly FileSpan[]): FileSpan[] {
  const sorted = [...spans].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.offset - b.offset));
  const merged: FileSpan[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && last.path === span.path && last.offset + last.length >= span.offset) {
      last.length = Math.max(last.length, span.offset + span.length - last.offset);
    } else {
      merged.push({ ...span });
    }
  }
  return merged;
}

/**
 * Frees the disk blocks under `span` (FALLOC_FL_PUNCH_HOLE, via util-linux `fallocate`:
 * Node has no binding for it). The file keeps its length and reads zeros there, so the
 * caller must forget the piece first. A file never written has nothing to free.
 */
export async function punchHole(span: FileSpan): Promise<void> {
  try {
    await run('fallocate', [
      '--punch-hole',
      '--offset',
      String(span.offset),
      '--length',
      String(span.length),
      span.path,
    ]);
  } catch (err) {
    if (/No such file/.test((err as { stderr?: string }).stderr ?? '')) return;
    throw err;
  }
}
