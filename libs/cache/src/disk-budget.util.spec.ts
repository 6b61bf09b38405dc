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

  it('ignores negative reservations and measurements', () => {
    const budget = new DiskBudget(100);
    budget.refresh(-1);
    budget.reserve(-10);
    expect(budget.usedBytes).toBe(0);
  });
});
