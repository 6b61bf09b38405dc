import { join } from 'node:path';

/** Segments live beside the pieces, so the disk budget covers both. */
export const hlsWorkDir = (dataDir: string): string => join(dataDir, 'hls');
