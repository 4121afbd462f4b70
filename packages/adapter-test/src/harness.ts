/**
 * What an adapter hands the contract suite: a way to make an isolated, empty
 * store, and to throw it away. The suite calls `make` once per test and once
 * per property run, and always calls `cleanup` afterwards, even on failure.
 */
export interface StoreHarness<S> {
  readonly store: S
  /** Throws the store and its data away (drop the schema, delete the keys); optional. */
  readonly cleanup?: () => Promise<void>
  /**
   * Cuts `store` off as a lost connection would: every later call must answer
   * `StoreUnavailable`. Networked stores provide it and declare
   * `ContractOptions.disconnects`; `cleanup` must still work afterwards.
   */
  readonly disconnect?: () => Promise<void>
  /**
   * Ends every live connection of `store` to its server at once, as a
   * failover, a proxy's idle timeout or an operator would (Postgres:
   * `pg_terminate_backend`; Redis: `CLIENT KILL`), and answers how many it
   * ended. The store's driver is expected to reconnect by itself. Provided by
   * adapters that declare `ContractOptions.connectionLoss`.
   */
  readonly killConnections?: () => Promise<number>
}

/**
 * Makes a fresh, empty store for one test or one property run.
 *
 * @example
 * ```ts
 * const make: MakeStore<QueueStore> = async () => ({ store: createMemoryQueueStore() })
 * ```
 */
export type MakeStore<S> = () => Promise<StoreHarness<S>>

/** Knobs an adapter may turn down (a networked store runs fewer property runs). */
export interface ContractOptions {
  /** fast-check runs per property (default 100 for memory; choose fewer for a networked store). */
  readonly numRuns?: number
  /**
   * Size of the concurrent bursts (defaults: 1,000 holds on one seat, 200 pays
   * with one key, 200 charges of one user).
   */
  readonly burst?: { readonly holds?: number; readonly pays?: number; readonly charges?: number }
  /**
   * The harness provides `disconnect`: run the tests of an unreachable store.
   * Without it they are registered as skipped, so the report shows what did not run.
   */
  readonly disconnects?: boolean
  /**
   * A capability, declared either way: `true` when the store talks to a server
   * over connections that can die at any moment (every networked store; the
   * harness then provides `killConnections`, and the suite kills them at
   * random moments during a burst of calls), `false` when it has none to lose
   * (process memory: the suite records the case as not applicable). Left out,
   * the case is reported as skipped until the adapter declares it.
   */
  readonly connectionLoss?: boolean
  /**
   * The queue store under test writes the queue streams (`queue:<concertId>`):
   * the suite checks one event per change. Declared false, it checks that
   * reading a queue stream is refused with a clear error.
   */
  readonly queueEvents?: boolean
  /**
   * The store records a WAITING token's poll only when it moved its recorded
   * heartbeat by more than this many milliseconds, and judges the token idle
   * `waitingIdleTtlMs + heartbeatStepMs` after the recorded heartbeat (default
   * 0: every poll is recorded and the token is idle exactly
   * `waitingIdleTtlMs` after its last poll). So a token polled within the step
   * is never dropped before `waitingIdleTtlMs` has passed since that poll, and
   * one idle for `waitingIdleTtlMs + heartbeatStepMs` is always dropped.
   * Declare the step the store was built with (the Redis store's
   * `heartbeatStepMs`); the model and the heartbeat tests follow it.
   */
  readonly heartbeatStepMs?: number
}

/** The options with every default filled in. */
export interface ResolvedContractOptions {
  readonly numRuns: number
  readonly disconnects: boolean
  readonly connectionLoss: boolean | undefined
  readonly queueEvents: boolean
  readonly heartbeatStepMs: number
  readonly burst: { readonly holds: number; readonly pays: number; readonly charges: number }
}

export const DEFAULT_NUM_RUNS = 100

function heartbeatStep(value: number | undefined): number {
  if (value === undefined) return 0
  if (!Number.isInteger(value) || value < 0)
    throw new TypeError('contract options: heartbeatStepMs must be a non-negative integer')
  return value
}

export function resolveContractOptions(options: ContractOptions = {}): ResolvedContractOptions {
  const positive = (value: number | undefined, fallback: number, name: string): number => {
    if (value === undefined) return fallback
    // A bad knob is the adapter author's bug: fail loudly at registration.
    if (!Number.isInteger(value) || value < 1)
      throw new TypeError(`contract options: ${name} must be a positive integer`)
    return value
  }
  return {
    numRuns: positive(options.numRuns, DEFAULT_NUM_RUNS, 'numRuns'),
    disconnects: options.disconnects ?? false,
    connectionLoss: options.connectionLoss,
    queueEvents: options.queueEvents ?? false,
    heartbeatStepMs: heartbeatStep(options.heartbeatStepMs),
    burst: {
      holds: positive(options.burst?.holds, 1_000, 'burst.holds'),
      pays: positive(options.burst?.pays, 200, 'burst.pays'),
      charges: positive(options.burst?.charges, 200, 'burst.charges'),
    },
  }
}
