import { IsOptional, IsString, MaxLength } from 'class-validator';

/** Send exactly one of `magnet` or `infoHash` as JSON, or upload a .torrent file in the multipart field `torrent`. */
export class AddTorrentDto {
  /**
   * A magnet URI with a BitTorrent v1 info hash; its `tr=` trackers and `x.pe=` peers are used.
   * @example magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn=Sintel
   */
  @IsOptional()
  @IsString()
  @MaxLength(16_384)
  magnet?: string;

  /**
   * A v1 info hash: 40 hex or 32 base32 characters.
   * @example c12fe1c06bba254a9dc9f519b335aa7c1367a88a
   */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  infoHash?: string;
}
