/**
 * Share of the space we could use (free space plus what the data dir already holds) taken
 * as the default budget. The other 20% is headroom: the data dir usually shares its file
 * system with logs, ffmpeg temp files and the OS; ext4 and friends fragment and slow down
 * when nearly full; and usage may overshoot the budget by one piece per active torrent.
 */
export const DEFAULT_DISK_FRACTION = 0.8;

/**
 * The budget used when none is configured. The data dir's current usage is added back to
 * the free space because, after a restart with kept files, "free" no longer counts it: a
 * budget of 80% of free space alone would shrink on every restart.
 */
export function defaultDiskBudget(freeBytes: number, usedBytes: number, fraction = DEFAULT_DISK_FRACTION): number {
  return Math.floor((Math.max(0, freeBytes) + Math.max(0, usedBytes)) * fraction);
}

/** Marks the reservations made before a measurement started; see `DiskBudget.refresh`. */
export type MeasureMark = number;

/**
 * Disk usage against a limit. Usage is the last measurement plus the bytes reserved since
 * that measurement started, so growth is counted before it reaches the disk.
 *
 * A reservation made before a measurement started is dropped by that measurement whether or
 * not its bytes were written yet. Callers reserve one piece at a time per download, so the
 * most usage can pass the limit by is one piece per active download.
 */
export class DiskBudget {
  private measured = 0;
  /** Ever-growing sum of reservations; marks are positions in it. */
  private reservedTotal = 0;
  private reservedAtMeasure = 0;

  /** `limitBytes` 0 means unlimited. */
  constructor(readonly limitBytes: number) {}

  get unlimited(): boolean {
    return this.limitBytes === 0;
  }

  /** Estimated bytes in use now. */
  get usedBytes(): number {
    return this.measured + (this.reservedTotal - this.reservedAtMeasure);
  }

  canFit(bytes: number): boolean {
    return this.unlimited || this.usedBytes + bytes <= this.limitBytes;
  }

  /** Bytes that must be freed before `bytes` more fit; 0 if they fit already. */
  shortfall(bytes: number): number {
    return this.unlimited ? 0 : Math.max(0, this.usedBytes + bytes - this.limitBytes);
  }

  /** Counts `bytes` as used until the next measurement that starts after this call. */
  reserve(bytes: number): void {
    this.reservedTotal += Math.max(0, bytes);
  }

  /** Call right before measuring; pass the result to `refresh` with the measurement. */
  mark(): MeasureMark {
    return this.reservedTotal;
  }

  /**
   * Takes a fresh measurement. Reservations made while the measurement ran stay counted
   * (it may or may not have seen their bytes; counting them twice errs on the safe side).
   */
  refresh(measuredBytes: number, mark: MeasureMark = this.reservedTotal): void {
    // a measurement that started before the one already taken is older news; keep the newer
    if (mark < this.reservedAtMeasure) return;
    this.measured = Math.max(0, measuredBytes);
    this.reservedAtMeasure = Math.min(mark, this.reservedTotal);
  }
}
