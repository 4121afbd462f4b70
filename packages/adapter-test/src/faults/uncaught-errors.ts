/** What escaped every handler while a watch was on. */
export interface UncaughtWatch {
  /** Messages of the uncaught exceptions and unhandled rejections seen so far. */
  readonly errors: readonly string[]
  /** Ends the watch and answers what it saw. */
  stop(): readonly string[]
}

/**
 * Records every uncaught exception (an `error` event nobody listened to, a
 * throw in a driver callback) and every unhandled rejection until stopped, so
 * a fault test can state that none happened. The test runner still sees them
 * too: a recorded error also fails the run.
 *
 * @example
 * ```ts
 * const uncaught = watchUncaught()
 * await Promise.allSettled(burst)
 * expect(uncaught.stop()).toEqual([])
 * ```
 */
export function watchUncaught(): UncaughtWatch {
  const errors: string[] = []
  const record = (error: unknown): void => {
    errors.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error))
  }
  process.on('uncaughtException', record)
  process.on('unhandledRejection', record)
  return {
    errors,
    stop: () => {
      process.off('uncaughtException', record)
      process.off('unhandledRejection', record)
      return [...errors]
    },
  }
}
