/**
 * Runs async tasks one after another. Evictions go through it so that two callers making
 * room at once never pick the same victim or both count the same freed bytes.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // a failed task must not stall the ones queued after it
    this.tail = result.catch(() => undefined);
    return result;
  }
}
