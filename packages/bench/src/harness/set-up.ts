/** The success branch of a set-up call's `match`: the value itself. */
export const value = <T>(answer: T): T => answer

/**
 * The error branch of a set-up call's `match`. Set-up and checks cannot go on
 * without the call they asked for, so this throws, and the scenario is
 * reported as failed with the error's type and message.
 */
export const failure =
  (what: string) =>
  (error: { readonly type: string; readonly message: string }): never => {
    throw new Error(`${what}: ${error.type}: ${error.message}`)
  }

/** Runs `task(0..count-1)` with at most `concurrency` in flight. */
export async function forEachLimit(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < count) await task(next++)
  }
  await Promise.all(Array.from({ length: Math.min(count, Math.max(1, concurrency)) }, worker))
}

/** Runs each side in turn, `rounds` times (ABBA order, so a drifting machine favours neither side). */
export async function alternate<T>(rounds: number, sides: readonly (() => Promise<T>)[]): Promise<T[][]> {
  const results: T[][] = sides.map(() => [])
  for (let round = 0; round < rounds; round++) {
    const order = sides.map((_, index) => index)
    if (round % 2 === 1) order.reverse()
    for (const index of order) {
      const side = sides[index]
      if (side !== undefined) results[index]?.push(await side())
    }
  }
  return results
}
