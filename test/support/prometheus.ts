import parsePrometheusTextFormat, { type PrometheusFamily, type PrometheusSample } from 'parse-prometheus-text-format';

/**
 * /metrics read by a Prometheus text-format parser (it throws on a malformed line), with
 * lookups by name and labels. The parser folds a histogram into one bucket map and drops
 * its labels, so samples are looked up in a second pass where histograms are untyped:
 * every `_bucket`, `_count` and `_sum` line then keeps its own labels.
 */
export class Scrape {
  readonly families: Map<string, PrometheusFamily>;
  private readonly byName = new Map<string, PrometheusSample[]>();

  constructor(readonly text: string) {
    this.families = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
    const untyped = text.replace(/^# TYPE (\S+) histogram$/gm, '# TYPE $1 untyped');
    for (const family of parsePrometheusTextFormat(untyped)) {
      this.byName.set(family.name, [...(this.byName.get(family.name) ?? []), ...family.metrics]);
    }
  }

  /** Samples of a counter or gauge, or of a histogram's `_count`, matching `labels`. */
  samples(name: string, labels: Record<string, string> = {}): PrometheusSample[] {
    const type = this.families.get(name)?.type;
    if (!type) throw new Error(`no metric ${name} in the scrape`);
    const lines = this.byName.get(type === 'HISTOGRAM' ? `${name}_count` : name) ?? [];
    return lines.filter((sample) => Object.entries(labels).every(([key, value]) => sample.labels?.[key] === value));
  }

  /** Summed over the samples matching `labels`; a histogram gives its observation count. */
  value(name: string, labels: Record<string, string> = {}): number {
    return this.samples(name, labels).reduce((sum, sample) => sum + Number(sample.value), 0);
  }

  /** Every value a label takes across the metric's samples. */
  labelValues(name: string, label: string): string[] {
    return [...new Set(this.samples(name).map((sample) => sample.labels?.[label]).filter((v): v is string => v !== undefined))];
  }
}

export async function scrape(baseUrl: string, headers: Record<string, string> = {}): Promise<Scrape> {
  const response = await fetch(`${baseUrl}/metrics`, { headers });
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}: ${await response.text()}`);
  if (!response.headers.get('content-type')?.startsWith('text/plain')) throw new Error('/metrics is not text/plain');
  return new Scrape(await response.text());
}
