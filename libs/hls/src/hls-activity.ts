import { Injectable, Logger } from '@nestjs/common';

/** What the lib reports about its work: for metrics, and for the app to share what a probe learned. */
export type HlsActivity =
  | { type: 'run-started' }
  /** A file's header was read: its duration, so readers of it can size read-ahead in seconds of media. */
  | { type: 'probed'; torrentKey: string; fileKey: string; durationSeconds: number }
  /** A segment closed by ffmpeg: wall seconds it took (paused time excluded), and its media seconds. */
  | { type: 'segment-produced'; seconds: number; mediaSeconds: number };

export type HlsActivityListener = (activity: HlsActivity) => void;

/** Fan-out of HlsActivity to the app's listeners; a throwing listener cannot break a run. */
@Injectable()
export class HlsActivityHub {
  private readonly logger = new Logger('HlsActivity');
  private readonly listeners: HlsActivityListener[] = [];

  on(listener: HlsActivityListener): void {
    this.listeners.push(listener);
  }

  emit(activity: HlsActivity): void {
    for (const listener of this.listeners) {
      try {
        listener(activity);
      } catch (error) {
        this.logger.warn(`activity listener failed: ${(error as Error).message}`);
      }
    }
  }
}
