import type { Tracker } from '../test/helpers/tracker.ts';
import type { Distribution, Summary } from './stats.ts';

/** Every measure `npm run bench` knows, by number. */
export const ALL_MEASURES = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

export interface BenchConfig {
  mode: 'full' | 'quick';
  /** cold starts per side for measures 1 and 2 (one run gives both) */
  streamReps: number;
  /** cold starts per side for measure 3 (each seeks to 25, 50 and 75 %) */
  seekReps: number;
  concurrencyReps: number;
  concurrencySeconds: number;
  concurrencyClients: number;
  memoryReps: number;
  /** bytes read from the start of the 2 GB file (all of it in a full run) */
  memoryStreamBytes?: number;
  /** cold starts per media file and HLS measure */
  hlsReps: number;
  /** segments fetched back to back for the HLS speed measure */
  hlsSpeedSegments: number;
  /** cold starts for measure 7 (the 400 MB file through a 64 MiB budget) */
  budgetReps: number;
  /** sessions per mode (window, no window) for measure 8 */
  wasteReps: number;
  /** cold starts per case (next, cold) for measure 9 */
  nextEpisodeReps: number;
  /** measures to run (1–6) */
  only: Set<number>;
  withPeer: boolean;
  /** measures 1+2 also with API keys, signed URLs and metrics on, against a run with all of it off */
  secure: boolean;
  /** write a V8 CPU profile of every server process into this directory */
  cpuProfDir?: string;
}

export interface BenchContext {
  config: BenchConfig;
  tracker: Tracker;
  log(line: string): void;
}

export type Side = 'us' | 'peer';

/** One line of the results table: our value, the peer's where compared, and the target. */
export interface Metric {
  /** stable key for the JSON, e.g. `magnet_to_first_byte_s` */
  key: string;
  measure: number;
  label: string;
  unit: string;
  /** which way is better; decides how the ratio reads */
  better: 'lower' | 'higher';
  /** decimals to print */
  digits: number;
  /** undefined: not measured (printed n/a) */
  us?: Summary | Distribution;
  peer?: Summary;
  target?: { text: string; met?: boolean };
  /** a difference or a count, where us / peer means nothing */
  noRatio?: boolean;
  /** e.g. why it is n/a, or errors seen */
  note?: string;
  samples?: { us?: number[]; peer?: number[] };
}

export interface MeasureOutput {
  metrics: Metric[];
  /** anything else worth keeping in the JSON (per-run details) */
  details?: Record<string, unknown>;
}
