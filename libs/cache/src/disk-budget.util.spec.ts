import { describe, expect, it } from 'vitest';
import { defaultDiskBudget, DiskBudget } from './disk-budget.util.js';

describe('defaultDiskBudget', () => {
  it('takes 80% of the free space plus what the data dir already holds', () => {
    expect(defaultDiskBudget(1_000, 0)).toBe(800);
    expect(defaultDiskBudget(1_000, 500)).toBe(1_200);
  });

  it('rounds down to whole bytes and accepts another fraction', () => {
    expect(defaultDiskBudget(999, 0)).toBe(799);
    expect(defaultDiskBudget(1_000, 0, 0.5)).toBe(500);
  });

  it('treats negative inputs as zero', () => {
    expect(defaultDiskBudget(-5, -5)).toBe(0);
  });
});

describe('DiskBudget', () => {
  it('fits bytes up to the limit, inclusive', () => {
    const budget = new DiskBudget(100);
    budget.refresh(60);
    expect(budget.usedBytes).toBe(60);
    expect(budget.canFit(40)).toBe(true);
    expect(budget.canFit(41)).toBe(false);
    expect(budget.shortfall(40)).toBe(0);
    expect(budget.shortfall(55)).toBe(15);
  });

  it('fits anything when unlimited, and still tracks usage', () => {
    const budget = new DiskBudget(0);
    budget.refresh(10);
    budget.reserve(5);
    expect(budget.unlimited).toBe(true);
    expect(budget.canFit(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(budget.shortfall(Number.MAX_SAFE_INTEGER)).toBe(0);
    expect(budget.usedBytes).toBe(15);
  });

  it('counts reservations as used until a measurement that started after them', () => {
    const budget = new DiskBudget(100);
    budget.refresh(50);
    budget.reserve(30);
    expect(budget.usedBytes).toBe(80);
    expect(budget.canFit(21)).toBe(false);
    budget.refresh(70);
    expect(budget.usedBytes).toBe(70);
  });

  it('keeps reservations made while a measurement ran', () => {
    const budget = new DiskBudget(100);
    budget.reserve(10);
    const mark = budget.mark();
    budget.reserve(20);
    budget.refresh(40, mark);
    expect(budget.usedBytes).toBe(60);
  });

  it('ignores a measurement that started before the one already taken', () => {
    const budget = new DiskBudget(100);
    const older = budget.mark();
    budget.reserve(10);
    const newer = budget.mark();
    budget.refresh(30, newer);
    budget.refresh(5, older);
    expect(budget.usedBytes).toBe(30);
  });

  describe('holds', () => {
    it('keeps a held write counted through a measurement that started before it landed', () => {
      const budget = new DiskBudget(100);
      budget.refresh(50);
      const hold = budget.hold(30);
      expect(budget.usedBytes).toBe(80);
      // a disk walk starts before the piece is on disk and does not see it
      const mark = budget.mark();
      budget.refresh(50, mark);
      expect(budget.usedBytes).toBe(80);
      expect(budget.canFit(21)).toBe(false);
      hold.written();
      expect(budget.usedBytes).toBe(80);
      // a walk that started after the write sees it
      budget.refresh(80, budget.mark());
      expect(budget.usedBytes).toBe(80);
    });

    it('keeps a write that landed while a measurement ran, until one that started after it', () => {
      const budget = new DiskBudget(100);
      budget.refresh(50);
      const hold = budget.hold(30);
      const mark = budget.mark();
      hold.written();
      // the walk may or may not have seen the piece: counted twice at worst
      budget.refresh(80, mark);
      expect(budget.usedBytes).toBe(110);
      budget.refresh(80, budget.mark());
      expect(budget.usedBytes).toBe(80);
    });

    it('unlike a hold, drops a reservation made before the measurement, written or not', () => {
      const budget = new DiskBudget(100);
      budget.refresh(50);
      budget.reserve(30);
      budget.refresh(50, budget.mark());
      expect(budget.usedBytes).toBe(50);
    });

    it('stops counting a cancelled hold at once', () => {
      const budget = new DiskBudget(100);
      budget.refresh(50);
      const hold = budget.hold(30);
      budget.reserve(5);
      hold.cancelled();
      expect(budget.usedBytes).toBe(55);
    });

    it('settles a hold once: a second written or a cancel after it does nothing', () => {
      const budget = new DiskBudget(100);
      const written = budget.hold(30);
      written.written();
      written.written();
      written.cancelled();
      expect(budget.usedBytes).toBe(30);
      const cancelled = budget.hold(20);
      cancelled.cancelled();
      cancelled.written();
      expect(budget.usedBytes).toBe(30);
      budget.refresh(30, budget.mark());
      expect(budget.usedBytes).toBe(30);
    });

    it('counts several holds racing measurements exactly', () => {
      const budget = new DiskBudget(4);
      const [a, b, c] = [budget.hold(1), budget.hold(1), budget.hold(1)];
      expect(budget.canFit(1)).toBe(true);
      expect(budget.canFit(2)).toBe(false);
      const first = budget.mark();
      a.written();
      budget.refresh(0, first);
      // a landed while the walk ran (counted), b and c are still held
      expect(budget.usedBytes).toBe(3);
      b.cancelled();
      const second = budget.mark();
      c.written();
      budget.refresh(1, second);
      expect(budget.usedBytes).toBe(2);
      budget.refresh(2, budget.mark());
      expect(budget.usedBytes).toBe(2);
    });

    it('ignores negative holds', () => {
      const budget = new DiskBudget(100);
      budget.hold(-10).written();
      expect(budget.usedBytes).toBe(0);
    });
  });

  it('ignores negative reservations and measurements', () => {
    const budget = new DiskBudget(100);
    budget.refresh(-1);
    budget.reserve(-10);
    expect(budget.usedBytes).toBe(0);
  });
});
