import { HttpException, Injectable } from '@nestjs/common';
import contentDisposition from 'content-disposition';
import type { Readable } from 'node:stream';
import { TorrentService } from '#torrent';
import { rangeNotSatisfiable } from '../common/http-errors.js';
import { IMMUTABLE_CACHE_CONTROL } from '../common/http-policy.js';
import { dlnaHeaders } from './dlna.util.js';
import { planRange, type RangePlan } from './range-plan.util.js';

export interface StreamRequest {
  infoHash: string;
  fileId: number;
  range?: string;
  ifRange?: string;
  ifNoneMatch?: string;
  /** `getcontentFeatures.dlna.org`, from TVs and renderers. */
  getContentFeatures?: string;
  /** `transferMode.dlna.org`. */
  transferMode?: string;
  /** False for HEAD: headers only, so no disk room is made (nothing reserved, nothing evicted) and nothing is opened. */
  withBody: boolean;
}

export interface StreamAnswer {
  status: 200 | 206 | 304;
  headers: Record<string, string>;
  /** Opens the body; absent for 304. Call only when the body will be sent. */
  open?: () => Readable;
}


@Injectable()
export class StreamService {
  constructor(private readonly torrents: TorrentService) {}

  /** Decides status and headers of a GET/HEAD for one file; reading starts only on `open()`. */
  async answer(request: StreamRequest): Promise<StreamAnswer> {
    const { infoHash, fileId } = request;
    const file = await this.torrents.fileInfo(infoHash, fileId);
    const etag = `"${infoHash}-${fileId}-${file.size}"`;
    const dlna = dlnaHeaders({
      mimeType: file.mimeType,
      getContentFeatures: request.getContentFeatures,
      transferMode: request.transferMode,
    });
    if (!dlna.ok) throw new HttpException(dlna.message, dlna.status);
    const common: Record<string, string> = {
      'Accept-Ranges': 'bytes',
      ETag: etag,
      'Cache-Control': IMMUTABLE_CACHE_CONTROL,
      ...dlna.headers,
    };
    if (request.ifNoneMatch && matchesEtag(request.ifNoneMatch, etag)) {
      return { status: 304, headers: common };
    }
    const plan: RangePlan = planRange({ size: file.size, range: request.range, ifRange: request.ifRange, etag });
    if (plan.status === 416) {
      throw rangeNotSatisfiable(file.size, `range ${request.range} is past the end of the ${file.size}-byte file`, common);
    }
    const headers: Record<string, string> = {
      ...common,
      'Content-Type': file.mimeType,
      'Content-Length': String(plan.length),
      'Content-Disposition': contentDisposition(file.name, { type: 'inline' }),
    };
    if (plan.status === 206) headers['Content-Range'] = plan.contentRange;
    if (plan.length === 0 || !request.withBody) return { status: plan.status, headers };
    await this.torrents.ensureRoomToRead(infoHash, fileId);
    const open = () => this.torrents.openRange(infoHash, fileId, { start: plan.start, end: plan.end });
    return { status: plan.status, headers, open };
  }
}

function matchesEtag(header: string, etag: string): boolean {
  return header.trim() === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
