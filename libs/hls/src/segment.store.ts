import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { HLS_OPTIONS, type HlsModuleOptions } from './hls.options.js';
import type { HlsSource, SegmentFile } from './media.types.js';
import type { SegmentPlan } from './segment-plan.util.js';

/** Bump when the argument builders change what a segment looks like. */
const FORMAT_VERSION = 1;

/**
 * Segments on disk: `<workDir>/<torrentKey>/<file>/<fingerprint>/<index>.ts`. ffmpeg writes
 * `.run<id>-<index>.ts` and we rename once the muxer reports the segment closed, so a name
 * without the prefix always means a complete file, across runs, viewers and restarts.
 */
@Injectable()
export class SegmentStore {
  constructor(@Inject(HLS_OPTIONS) private readonly options: HlsModuleOptions) {}

  /** The fingerprint covers the plan: other cuts or codecs never mix with these files. */
  directoryFor(src: HlsSource, plan: SegmentPlan): string {
    const fingerprint = createHash('sha1').update(JSON.stringify({ FORMAT_VERSION, plan })).digest('hex').slice(0, 12);
    return join(this.torrentDir(src.torrentKey), fileDirName(src), fingerprint);
  }

  torrentDir(torrentKey: string): string {
    return join(this.options.workDir, safeName(torrentKey));
  }

  /** Creates the directory and drops partial files a dead process left behind. */
  async prepare(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    await this.removePartials(dir, '.run');
  }

  partialPattern(dir: string, runId: string): string {
    return join(dir, `.run${runId}-%d.ts`);
  }

  async complete(dir: string, runId: string, index: number): Promise<SegmentFile> {
    const path = join(dir, `${index}.ts`);
    await rename(join(dir, `.run${runId}-${index}.ts`), path);
    return { path, size: (await stat(path)).size };
  }

  async find(dir: string, index: number): Promise<SegmentFile | undefined> {
    const path = join(dir, `${index}.ts`);
    const stats = await stat(path).catch(() => undefined);
    return stats?.isFile() ? { path, size: stats.size } : undefined;
  }

  async removePartials(dir: string, prefix: string): Promise<void> {
    const names = await readdir(dir).catch(() => [] as string[]);
    await Promise.all(names.filter((n) => n.startsWith(prefix)).map((n) => unlink(join(dir, n)).catch(() => undefined)));
  }

  async removeTorrent(torrentKey: string): Promise<void> {
    await rm(this.torrentDir(torrentKey), { recursive: true, force: true });
  }
}

/** `${infoHash}/${fileId}` → the file id part, or a hash when it won't make a safe name. */
function fileDirName(src: HlsSource): string {
  const rest = src.fileKey.startsWith(`${src.torrentKey}/`) ? src.fileKey.slice(src.torrentKey.length + 1) : src.fileKey;
  const safe = safeName(rest);
  return safe === rest && safe.length <= 64 ? safe : createHash('sha1').update(src.fileKey).digest('hex').slice(0, 16);
}

function safeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return cleaned || '_';
}
