import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { constants } from 'node:fs';
import { access, chmod } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { FfmpegRunner } from './ffmpeg.runner.js';
import { HLS_OPTIONS, type HlsModuleOptions } from './hls.options.js';
import type { BinaryInfo } from './media.types.js';

/**
 * Picks ffmpeg/ffprobe: explicit option, else PATH (distro builds are newer and maintained),
 * else the npm static builds. Versions are read once so the app can log what it runs.
 */
@Injectable()
export class BinariesService implements OnModuleInit {
  private readonly logger = new Logger(BinariesService.name);
  private resolved?: { ffmpeg: BinaryInfo; ffprobe: BinaryInfo };

  constructor(
    @Inject(HLS_OPTIONS) private readonly options: HlsModuleOptions,
    private readonly runner: FfmpegRunner,
  ) {}

  async onModuleInit(): Promise<void> {
    const [ffmpeg, ffprobe] = await Promise.all([
      this.resolve('ffmpeg', this.options.ffmpegPath, '@ffmpeg-installer/ffmpeg'),
      this.resolve('ffprobe', this.options.ffprobePath, '@ffprobe-installer/ffprobe'),
    ]);
    this.resolved = { ffmpeg, ffprobe };
  }

  binaries(): { ffmpeg: BinaryInfo; ffprobe: BinaryInfo } {
    if (!this.resolved) throw new Error('HLS binaries are resolved in onModuleInit; call after app.init()');
    return this.resolved;
  }

  get ffmpeg(): string {
    return this.binaries().ffmpeg.path;
  }

  get ffprobe(): string {
    return this.binaries().ffprobe.path;
  }

  private async resolve(name: string, override: string | undefined, npmPackage: string): Promise<BinaryInfo> {
    const path = override ?? (await findOnPath(name)) ?? (await ensureExecutable(npmBinary(npmPackage) ?? name));
    const result = await this.runner.exec(path, ['-hide_banner', '-version'], { timeoutMs: 10_000 });
    const version = /version (\S+)/.exec(result.stdout)?.[1] ?? 'unknown';
    if (result.code !== 0) this.logger.warn(`${path} -version failed: ${result.stderrTail || result.code}`);
    return { path, version, found: result.code === 0 };
  }
}

/** Loaded lazily: the installer throws at import when its platform package is missing. */
function npmBinary(packageName: string): string | undefined {
  try {
    return (createRequire(import.meta.url)(packageName) as { path: string }).path;
  } catch {
    return undefined;
  }
}

async function findOnPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** npm 11 may skip the installer's chmod postinstall: fix the bit rather than fail. */
async function ensureExecutable(path: string): Promise<string> {
  if (!(await isExecutable(path))) await chmod(path, 0o755).catch(() => undefined);
  return path;
}

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}
