import { describe, expect, it } from 'vitest';
import { SerialQueue } from './serial-queue.util.js';

describe('SerialQueue', () => {
  it('runs tasks one at a time in order, and a failure does not stall the rest', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    let openFirst!: () => void;
    const first = queue.run(async () => {
      log.push('first start');
      await new Promise<void>((resolve) => (openFirst = resolve));
      log.push('first end');
    });
    const failing = queue.run(async () => {
      log.push('failing');
      throw new Error('boom');
    });
    const last = queue.run(async () => {
      log.push('last');
      return 42;
    });
    await Promise.resolve();
    expect(log).toEqual(['first start']);
    openFirst();
    await first;
    await expect(failing).rejects.toThrow('boom');
    await expect(last).resolves.toBe(42);
    expect(log).toEqual(['first start', 'first end', 'failing', 'last']);
  });
});
