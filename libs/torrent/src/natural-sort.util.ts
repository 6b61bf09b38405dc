const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Compares paths as a person reads them: digit runs as numbers (`E2` before `E10`,
 * `9` before `10`), case and accents ignored, then the raw text to break ties.
 */
export function compareNatural(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The next item after `current` in natural order of `pathOf`, among `items` that pass
 * `keep`, or undefined when `current` is the last one. E.g. the episode after `S01E09`.
 */
export function nextInNaturalOrder<T>(
  items: readonly T[],
  current: T,
  pathOf: (item: T) => string,
  keep: (item: T) => boolean = () => true,
): T | undefined {
  const sorted = items.filter((item) => item === current || keep(item));
  sorted.sort((x, y) => compareNatural(pathOf(x), pathOf(y)));
  const at = sorted.indexOf(current);
  return at < 0 ? undefined : sorted[at + 1];
}
