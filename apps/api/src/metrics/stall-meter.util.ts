/** A response waiting longer than this for its next bytes, while the client could take them, stalled. */
export const STALL_THRESHOLD_MS = 1_000;

/**
 * Finds the stalls of one streamed response from its writes. The client is "ready" from a
 * write the socket accepted, or from a `drain` after one it did not; a gap from then to the
 * next write (or the end) longer than the threshold is a stall the viewer saw. Times in ms.
 */
export class StallMeter {
  stalls = 0;
  stallMs = 0;
  /** When the client became ready for more bytes that we did not have yet. */
  private readySince?: number;

  constructor(private readonly thresholdMs = STALL_THRESHOLD_MS) {}

  /** A chunk went to the socket; `accepted` is write()'s answer (false: its buffer is full). */
  onWrite(now: number, accepted: boolean): number | undefined {
    const stalled = this.close(now);
    this.readySince = accepted ? now : undefined;
    return stalled;
  }

  /** The socket buffer emptied: the client is waiting for us again. */
  onDrain(now: number): void {
    this.readySince = now;
  }

  /** The response ended or the client left; a wait still open counts if it was long. */
  onEnd(now: number): number | undefined {
    const stalled = this.close(now);
    this.readySince = undefined;
    return stalled;
  }

  /** Closes the open wait; returns its length in ms when it was a stall. */
  private close(now: number): number | undefined {
    if (this.readySince === undefined) return undefined;
    const waited = now - this.readySince;
    this.readySince = undefined;
    if (waited <= this.thresholdMs) return undefined;
    this.stalls += 1;
    this.stallMs += waited;
    return waited;
  }
}
