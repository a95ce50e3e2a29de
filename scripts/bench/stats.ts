/** Latency samples (milliseconds) and their percentiles. */
export class Samples {
  #values = new Float64Array(1024);
  #count = 0;
  #sorted: Float64Array | undefined;

  add(value: number): void {
    if (this.#count === this.#values.length) {
      const grown = new Float64Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#count++] = value;
    this.#sorted = undefined;
  }

  get count(): number {
    return this.#count;
  }

  /** The p-th percentile (0–100), nearest rank; NaN when empty. */
  percentile(p: number): number {
    if (this.#count === 0) return Number.NaN;
    this.#sorted ??= this.#values.slice(0, this.#count).sort();
    const rank = Math.min(this.#count - 1, Math.max(0, Math.ceil((p / 100) * this.#count) - 1));
    return this.#sorted[rank]!;
  }

  mean(): number {
    let sum = 0;
    for (let i = 0; i < this.#count; i++) sum += this.#values[i]!;
    return this.#count ? sum / this.#count : Number.NaN;
  }

  summary(): LatencySummary {
    return { count: this.#count, p50: this.percentile(50), p99: this.percentile(99), max: this.percentile(100), mean: this.mean() };
  }
}

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** Rounds for display and JSON: 3 significant digits for small numbers, whole numbers above 100. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  if (Math.abs(value) >= 100) return Math.round(value);
  return Number(value.toPrecision(3));
}
