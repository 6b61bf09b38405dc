/** Domain failures of the torrent engine; the API's exception filter maps each code to HTTP. */
export const TorrentErrorCode = {
  InvalidInfoHash: 'InvalidInfoHash',
  InvalidMagnet: 'InvalidMagnet',
  InvalidTorrentFile: 'InvalidTorrentFile',
  MetadataTimeout: 'MetadataTimeout',
  FileNotFound: 'FileNotFound',
  TorrentNotFound: 'TorrentNotFound',
  ShuttingDown: 'ShuttingDown',
} as const;
export type TorrentErrorCode = (typeof TorrentErrorCode)[keyof typeof TorrentErrorCode];

export class TorrentError extends Error {
  constructor(
    readonly code: TorrentErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TorrentError';
  }
}
