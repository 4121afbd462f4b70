/** What the command line asks for. */
export interface BenchOptions {
  /** A few seconds of everything, checking invariants only (CI smoke). */
  readonly quick: boolean
  /** Only the scenarios with these ids (all when empty). */
  readonly only: readonly string[]
  /** Write docs/benchmarks.md and the chart (full runs only; on by default there). */
  readonly write: boolean
}

export const USAGE = `usage: pnpm bench [--quick] [--only=<scenario>[,<scenario>...]] [--no-write]
  --quick     a few seconds per scenario; exits 1 when a scenario did not run or an invariant broke
  --only      run only these scenarios (ids are listed in the report)
  --no-write  do not write docs/benchmarks.md and the scaling chart after a full run`

/** Reads argv; unknown flags are an error, so a typo never runs a ten-minute benchmark. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions | string {
  let quick = false
  let write = true
  const only: string[] = []
  for (const arg of argv) {
    // `pnpm bench -- --quick` passes the separator through.
    if (arg === '--') continue
    if (arg === '--quick') quick = true
    else if (arg === '--no-write') write = false
    else if (arg.startsWith('--only=')) only.push(...arg.slice('--only='.length).split(',').filter(Boolean))
    else return `unknown argument ${arg}\n${USAGE}`
  }
  return { quick, only, write: write && !quick && only.length === 0 }
}
