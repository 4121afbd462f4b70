/**
 * What an adapter hands the contract suite: a way to make an isolated, empty
 * store, and to throw it away. The suite calls `make` once per test and once
 * per property run, and always calls `cleanup` afterwards, even on failure.
 */
export interface StoreHarness<S> {
  readonly store: S
  readonly cleanup?: () => Promise<void>
}

export type MakeStore<S> = () => Promise<StoreHarness<S>>

/** Knobs an adapter may turn down (a networked store runs fewer property runs). */
export interface ContractOptions {
  /** fast-check runs per property (default 100 for memory; choose fewer for a networked store). */
  readonly numRuns?: number
  /** Size of the concurrent bursts (default: 1,000 holds on one seat, 200 pays with one key). */
  readonly burst?: { readonly holds?: number; readonly pays?: number; readonly charges?: number }
}
