import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { UrlSigner } from '../auth/url-signer.service.js';
import { AppConfig } from '../config/app.config.js';
import { baseUrlOf } from './base-url.js';

/** First path segment of every media route: a signed URL opens these only, for its own file. */
export const SIGNED_MEDIA_ROUTES: readonly string[] = ['stream', 'hls', 'subtitles'];

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
  constructor(
    private readonly config: AppConfig,
    private readonly signer: UrlSigner,
  ) {}

  /** URLs rooted at the public URL, else at the one this request used; signed while auth is on. */
  for(request: Request): MediaUrlBuilder {
    return new MediaUrlBuilder(baseUrlOf(request, this.config.publicUrl), this.signer.enabled ? this.signer : undefined);
  }

  /** URLs of this very process on 127.0.0.1, for its own ffmpeg; signed while auth is on, as a player's. */
  loopback(port: number): MediaUrlBuilder {
    return new MediaUrlBuilder(`http://127.0.0.1:${port}`, this.signer.enabled ? this.signer : undefined);
  }
}

/** Signs a file's URLs (UrlSigner); the token becomes a path segment. */
export interface MediaUrlSigner {
  token(file: MediaFileRef): string;
}

/** Absolute media URLs under one base URL. */
export class MediaUrlBuilder {
  constructor(
    readonly baseUrl: string,
    private readonly signer?: MediaUrlSigner,
  ) {}

  /**
   * `/stream/<infoHash>/<fileId>/<name>`: players and TVs pick a demuxer from the URL's
   * extension, so the file name rides along (the server ignores it).
   */
  stream(file: MediaFileRef, fileName?: string): string {
    return this.fileUrl('stream', file, fileName ? `/${encodeURIComponent(fileName)}` : '');
  }

  hlsMaster(file: MediaFileRef): string {
    return this.fileUrl('hls', file, '/master.m3u8');
  }

  /** An M3U playlist of one torrent's media files; the file name tells players what it is. */
  torrentPlaylist(infoHash: string): string {
    return `${this.baseUrl}/playlist/${infoHash}.m3u`;
  }

  /** An M3U playlist of every media file of every torrent held. */
  allPlaylist(): string {
    return `${this.baseUrl}/playlist.m3u`;
  }

  /** The torrent's own resource (a 202's Location). */
  torrent(infoHash: string): string {
    return `${this.baseUrl}/torrent/${infoHash}`;
  }

  /** The torrent's Server-Sent Events. */
  events(infoHash: string): string {
    return `${this.baseUrl}/torrent/${infoHash}/events`;
  }

  /** The torrent's metainfo (.torrent) file. */
  metainfo(infoHash: string): string {
    return `${this.baseUrl}/torrent/${infoHash}.torrent`;
  }

  /** A subtitle track as WebVTT, for `<track src>` beside the byte-range stream. */
  subtitle(file: MediaFileRef, trackId: number): string {
    return this.fileUrl('subtitles', file, `/${trackId}.vtt`);
  }

  /**
   * `/<route>/<infoHash>/<fileId><rest>`: the file-scoped path every media route shares.
   * Signed, it starts with `/t/<token>`: in the path, so the relative URIs inside an HLS
   * playlist inherit the token (a query string would be dropped by every one of them).
   */
  private fileUrl(route: string, file: MediaFileRef, rest: string): string {
    const signed = this.signer ? `/t/${this.signer.token(file)}` : '';
    return `${this.baseUrl}${signed}/${route}/${file.infoHash}/${file.fileId}${rest}`;
  }
}
