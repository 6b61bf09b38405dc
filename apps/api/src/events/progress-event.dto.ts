import type { PreloadWindowDto } from '../preload/preload.dto.js';

/** The `progress` event: what a page redraws about once a second. */
export interface ProgressEvent {
  infoHash: string;
  ready: boolean;
  progress: number;
  peers: number;
  downloadSpeed: number;
  uploadSpeed: number;
  activeStreams: number;
  files: { id: number; progress: number }[];
  preloads: PreloadWindowDto[];
}
