/**
 * Where boxoffice reads the time. Every instant the library stores or compares
 * comes from here, so tests drive time with a {@link ManualClock}.
 */
export interface Clock {
  /** The current instant. */
  now(): Date
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() }

/** A clock that moves only when told to. */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void
  /** Moves time to `at`. */
  set(at: Date): void
}

/**
 * A clock for tests and simulations.
 *
 * @example
 * ```ts
 * const clock = createManualClock(new Date('2030-01-01T00:00:00Z'))
 * const box = createBoxOffice({ queue, booking, clock })
 * clock.advance(5 * 60_000) // holds placed before this are now expired
 * ```
 */
export function createManualClock(start: Date = new Date(0)): ManualClock {
  let at = start.getTime()
  return {
    now: () => new Date(at),
    advance: (ms) => {
      at += ms
    },
    set: (next) => {
      at = next.getTime()
    },
  }
}
