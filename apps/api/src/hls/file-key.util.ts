/** The HLS lib's key of one torrent file (HlsSource.fileKey): unique per file, grouped by info hash. */
export function fileKeyOf(infoHash: string, fileId: number): string {
  return `${infoHash}/${fileId}`;
}

/** The file id in a key made by fileKeyOf; undefined for any other string. */
export function fileIdOfKey(fileKey: string): number | undefined {
  const match = /^[0-9a-f]{40}\/(\d+)$/.exec(fileKey);
  return match ? Number(match[1]) : undefined;
}
