import type { Latencies } from './measurement.js'

/**
 * Latencies in log-spaced buckets (32 per doubling, about 2% wide), so a run
 * of millions of calls costs a few kilobytes and two histograms merge by
 * adding counts. Percentiles are read back to within one bucket.
 */
const BUCKETS_PER_DOUBLING = 32
const BUCKET_COUNT = 40 * BUCKETS_PER_DOUBLING // up to 2^40 ns, about 18 minutes

export class LatencyHistogram implements Latencies {
  readonly #counts = new Float64Array(BUCKET_COUNT)
  #total = 0
  #sumMs = 0
  #maxMs = 0

  get count(): number {
    return this.#total
  }

  get meanMs(): number {
    return this.#total === 0 ? 0 : this.#sumMs / this.#total
  }

  get maxMs(): number {
    return this.#maxMs
  }

  record(ms: number): void {
    const ns = ms * 1e6
    const bucket = ns < 1 ? 0 : Math.min(BUCKET_COUNT - 1, Math.floor(Math.log2(ns) * BUCKETS_PER_DOUBLING))
    this.#counts[bucket] = (this.#counts[bucket] ?? 0) + 1
    this.#total++
    this.#sumMs += ms
    if (ms > this.#maxMs) this.#maxMs = ms
  }

  /** The latency (ms) under which `fraction` of the recorded calls completed; 0 when empty. */
  percentile(fraction: number): number {
    if (this.#total === 0) return 0
    const rank = Math.max(1, Math.ceil(fraction * this.#total))
    let seen = 0
    for (let bucket = 0; bucket < BUCKET_COUNT; bucket++) {
      seen += this.#counts[bucket] ?? 0
      // The bucket's geometric middle, capped by the largest value actually seen.
      if (seen >= rank) return Math.min(this.#maxMs, 2 ** ((bucket + 0.5) / BUCKETS_PER_DOUBLING) / 1e6)
    }
    return this.#maxMs
  }

  merge(other: LatencyHistogram): void {
    for (let bucket = 0; bucket < BUCKET_COUNT; bucket++) {
      this.#counts[bucket] = (this.#counts[bucket] ?? 0) + (other.#counts[bucket] ?? 0)
    }
    this.#total += other.#total
    this.#sumMs += other.#sumMs
    this.#maxMs = Math.max(this.#maxMs, other.#maxMs)
  }
}
