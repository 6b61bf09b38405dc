/**
 * Share of the space we could use (free space plus what the data dir already holds) taken
 * as the default budget. The other 20% is headroom: the data dir usually shares its file
 * system with logs, ffmpeg temp files and the OS; ext4 and friends fragment and slow down
 * when nearly full; and bytes the budget does not see coming (an HLS segment a disk walk
 * ran ahead of, file-system overhead) may overshoot it.
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
 * Room held for one write (a verified piece) from before it starts until it is settled.
 * Settle it exactly once; later calls do nothing.
 */
export interface DiskHold {
  /** The bytes are on disk: they stay counted until a measurement that starts after this call. */
  written(): void;
  /** The write never happened: the bytes stop counting at once. */
  cancelled(): void;
}

/**
 * Disk usage against a limit: the last measurement, plus the holds not settled yet, plus
 * the bytes reserved or written since that measurement started. Growth is counted before
 * it reaches the disk, and a write that is held stays counted whatever measurement runs
 * before it lands, so as long as every write takes a hold first usage never passes the
 * limit.
 *
 * `reserve` is the looser form for bytes nobody reports on: it is dropped by the next
 * measurement that starts after it, written or not.
 */
export class DiskBudget {
  private measured = 0;
  /** Bytes of holds not settled yet: counted whatever is measured meanwhile. */
  private pending = 0;
  /** Ever-growing sum of reservations and written holds; marks are positions in it. */
  private reservedTotal = 0;
  private reservedAtMeasure = 0;

  /** `limitBytes` 0 means unlimited. */
  constructor(readonly limitBytes: number) {}

  get unlimited(): boolean {
    return this.limitBytes === 0;
  }

  /** Estimated bytes in use now. */
  get usedBytes(): number {
    return this.measured + this.pending + (this.reservedTotal - this.reservedAtMeasure);
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

  /** Counts `bytes` as used until the returned hold is settled, and, once written, until a measurement that starts after that. */
  hold(bytes: number): DiskHold {
    const held = Math.max(0, bytes);
    this.pending += held;
    let settled = false;
    const settle = (written: boolean): void => {
      if (settled) return;
      settled = true;
      this.pending -= held;
      if (written) this.reserve(held);
    };
    return { written: () => settle(true), cancelled: () => settle(false) };
  }

  /** Call right before measuring; pass the result to `refresh` with the measurement. */
  mark(): MeasureMark {
    return this.reservedTotal;
  }

  /**
   * Takes a fresh measurement. Reservations made and holds written while the measurement
   * ran stay counted (it may or may not have seen their bytes; counting them twice errs on
   * the safe side), and so do holds not settled yet.
   */
  refresh(measuredBytes: number, mark: MeasureMark = this.reservedTotal): void {
    // a measurement that started before the one already taken is older news; keep the newer
    if (mark < this.reservedAtMeasure) return;
    this.measured = Math.max(0, measuredBytes);
    this.reservedAtMeasure = Math.min(mark, this.reservedTotal);
  }
}
