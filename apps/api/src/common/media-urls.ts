import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../config/app.config.js';
import { baseUrlOf } from './base-url.js';

/** One file of one torrent: what every media URL is scoped to (and, once signed, signed for). */
export interface MediaFileRef {
  infoHash: string;
  fileId: number;
}

/**
 * Every media URL the API hands out (streams, HLS, subtitles, playlist entries) is built
 * here and nowhere else, so that a change of form (a file name in the path, a signed
 * prefix) reaches every URL a player is given at once.
 */
@Injectable()
export class MediaUrls {
  constructor(private readonly config: AppConfig) {}

  /** URLs rooted at the public URL, else at the one this request used. */
  for(request: Request): MediaUrlBuilder {
    return new MediaUrlBuilder(baseUrlOf(request, this.config.publicUrl));
  }
}

/** Absolute media URLs under one base URL. */
export class MediaUrlBuilder {
  constructor(readonly baseUrl: string) {}

  stream(file: MediaFileRef): string {
    return this.fileUrl('stream', file, '');
  }

  hlsMaster(file: MediaFileRef): string {
    return this.fileUrl('hls', file, '/master.m3u8');
  }

  /** `/<route>/<infoHash>/<fileId><rest>`: the file-scoped path every media route shares. */
  private fileUrl(route: string, file: MediaFileRef, rest: string): string {
    return `${this.baseUrl}/${route}/${file.infoHash}/${file.fileId}${rest}`;
  }
}
