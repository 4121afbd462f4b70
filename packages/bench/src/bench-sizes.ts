/** How much each scenario does: a few seconds in all with --quick, minutes in full. */
export interface BenchSizes {
  /** One measured window of an in-memory workload. */
  readonly memoryWindowMs: number
  /** One measured window of a Redis or Postgres workload. */
  readonly storeWindowMs: number
  /** Raw and library windows alternate this many times; each side's windows are added up. */
  readonly rounds: number
  /** Users (each with an ACTIVE token) a booking workload may use up: one per payment, four holds each. */
  readonly memoryBuyers: number
  readonly postgresBuyers: number
  /** Rounds of 1,000 users racing for one seat. */
  readonly hotSeatRounds: { readonly memory: number; readonly postgres: number }
  /** Waiting-line sizes of the scaling runs. */
  readonly scalingSizes: readonly number[]
  /** Calls measured per operation and line size in the scaling runs (memory; Redis does a tenth). */
  readonly scalingCalls: number
  /** Seconds of autocannon per HTTP workload. */
  readonly httpSeconds: number
  /** Users prepared for the HTTP hold+pay flow (one flow each). */
  readonly httpBuyers: { readonly memory: number; readonly stores: number }
}

export const quickSizes: BenchSizes = {
  memoryWindowMs: 150,
  storeWindowMs: 250,
  rounds: 1,
  memoryBuyers: 5_000,
  postgresBuyers: 400,
  hotSeatRounds: { memory: 3, postgres: 2 },
  scalingSizes: [1_000, 10_000],
  scalingCalls: 2_000,
  httpSeconds: 1,
  httpBuyers: { memory: 2_000, stores: 300 },
}

export const fullSizes: BenchSizes = {
  memoryWindowMs: 1_500,
  storeWindowMs: 3_000,
  rounds: 2,
  memoryBuyers: 100_000,
  postgresBuyers: 8_000,
  hotSeatRounds: { memory: 50, postgres: 20 },
  scalingSizes: [1_000, 10_000, 100_000, 1_000_000],
  scalingCalls: 100_000,
  httpSeconds: 8,
  httpBuyers: { memory: 40_000, stores: 8_000 },
}
