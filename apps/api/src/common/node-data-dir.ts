import { join } from 'node:path';

/**
 * What this process owns under data_dir: `<data_dir>/nodes/<node_id>/` (pieces in
 * `torrents/`, HLS segments in `hls/`). Several nodes may share one volume, so startup
 * purges and removals touch this directory only, never a running neighbour's. node_id must
 * therefore stay the same across restarts of one node (the hostname does, by default).
 * The disk budget still counts everything under data_dir.
 */
export function nodeDataDir(config: { dataDir: string; nodeId: string }): string {
  const safe = config.nodeId.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || '_';
  return join(config.dataDir, 'nodes', safe);
}

/** Segments live beside the pieces, so the disk budget covers both. */
export const hlsWorkDir = (config: { dataDir: string; nodeId: string }): string => join(nodeDataDir(config), 'hls');
