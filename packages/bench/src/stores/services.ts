/*
 * Where the benchmark finds its stores: loopback only, the same servers the
 * test suites use. Every scenario works under its own schema or key prefix.
 */

export const POSTGRES = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' } as const
export const REDIS = { host: '127.0.0.1', port: 6379 } as const

/** Connections per Postgres pool, for the raw baseline and the library alike. */
export const POSTGRES_POOL_SIZE = 10
/** Calls in flight against Postgres (they queue for the pool's connections). */
export const POSTGRES_CONCURRENCY = 32
/** Calls in flight against Redis over one connection (ioredis pipelines them on the socket). */
export const REDIS_CONCURRENCY = 64
/**
 * Calls in flight against the in-memory stores: one. They settle without I/O,
 * so more in flight would only interleave them and add the others' time to
 * each call's latency; one keeps p50/p99 the time of a single call.
 */
export const MEMORY_CONCURRENCY = 1

/** A Postgres schema or Redis key prefix unique to this run and scenario. */
export function storeName(runId: string, scenario: string): string {
  return `bench_${runId}_${scenario}`.toLowerCase().replace(/[^a-z0-9_]/g, '_')
}
