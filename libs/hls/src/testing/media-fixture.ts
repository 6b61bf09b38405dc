import type { INestApplication } from '@nestjs/common';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { HlsSource } from '../media.types.js';
import { startRangeFileServer, type RangeFileServer } from './range-file.server.js';

export interface MediaFixture {
  /** Where `generate` writes the media; set before it runs. */
  dir: string;
  /** Serves `dir` over loopback HTTP with Range support. */
  files: RangeFileServer;
  /** Apps a spec opens; closed after the file. */
  apps: INestApplication[];
  /** A served file as the HLS lib's source, in torrent `torrentKey`. */
  source(fileName: string): HlsSource;
}

/** A signal that never aborts, for requests the spec does not cancel. */
export const never = (): AbortSignal => new AbortController().signal;

/**
 * For the lib's integration specs: a temp dir of media made by `generate`, served over
 * loopback Range requests, and cleanup of everything after the spec file.
 */
export function mediaFixture(prefix: string, torrentKey: string, generate: () => Promise<void>): MediaFixture {
  const fixture: MediaFixture = {
    apps: [],
    source: (fileName) => ({ torrentKey, fileKey: `${torrentKey}/${fileName}`, url: `${fixture.files.baseUrl}/${fileName}`, fileName, kind: 'video' }),
  } as Omit<MediaFixture, 'dir' | 'files'> as MediaFixture;
  beforeAll(async () => {
    fixture.dir = await mkdtemp(join(tmpdir(), prefix));
    await Promise.all([generate(), startRangeFileServer(fixture.dir).then((server) => (fixture.files = server))]);
  }, 60_000);
  afterAll(async () => {
    for (const app of fixture.apps) await app.close();
    await fixture.files?.close();
    await rm(fixture.dir, { recursive: true, force: true });
  });
  return fixture;
}
