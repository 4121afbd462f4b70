import { randomInt } from 'node:crypto'

/** The variable that replays a fault test: the seed its failing run printed. */
export const FAULT_SEED_VARIABLE = 'BOXOFFICE_FAULT_SEED'

/**
 * The seed of a test that injects faults at random moments:
 * `BOXOFFICE_FAULT_SEED` when set (to replay a failure), else a fresh one.
 * Log it with {@link describeSeed} so a failing run says how to replay it.
 *
 * @example
 * ```ts
 * const seed = faultSeed()
 * console.info(describeSeed('connection death', seed))
 * const random = seededRandom(seed)
 * ```
 */
export function faultSeed(): number {
  const given = process.env[FAULT_SEED_VARIABLE]
  if (given === undefined || given === '') return randomInt(2 ** 31)
  const seed = Number(given)
  if (!Number.isSafeInteger(seed) || seed < 0) throw new TypeError(`${FAULT_SEED_VARIABLE} must be a whole number`)
  return seed
}

/** The line a fault test logs (and puts in its assertion messages) to be replayable. */
export function describeSeed(test: string, seed: number): string {
  return `${test}: seed ${seed} (replay with ${FAULT_SEED_VARIABLE}=${seed})`
}

/**
 * A deterministic random source in [0, 1) (mulberry32): the same seed gives
 * the same pauses, picks and orders, so a failure can be replayed.
 *
 * @example
 * ```ts
 * const random = seededRandom(42)
 * const pauseMs = random() * 10
 * ```
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

/**
 * `items` in an order drawn from `random` (Fisher-Yates): a fault test's call
 * order, the same again for the same seed.
 *
 * @example
 * ```ts
 * for (const call of shuffledBy(calls, seededRandom(seed))) call()
 * ```
 */
export function shuffledBy<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j] as T, copy[i] as T]
  }
  return copy
}

/** A running series of connection kills; `stop` ends it and answers how many connections it killed. */
export interface KillSeries {
  /** Ends the series after the kill in flight, if any; answers how many connections it killed in all. */
  stop(): Promise<number>
}

/**
 * Calls `kill` (which cuts the store's live connections and answers how many)
 * again and again, after a pause drawn from `random` of up to `maxPauseMs`,
 * until stopped: connections die at moments nobody chose, while calls run.
 *
 * @example
 * ```ts
 * const kills = killAtRandomMoments(() => terminateBackends(appName), seededRandom(seed))
 * await Promise.all(burst)
 * expect(await kills.stop()).toBeGreaterThan(0)
 * ```
 */
export function killAtRandomMoments(kill: () => Promise<number>, random: () => number, maxPauseMs = 12): KillSeries {
  let stopping = false
  let killed = 0
  const series = (async () => {
    while (!stopping) {
      await new Promise((resolve) => setTimeout(resolve, random() * maxPauseMs))
      if (!stopping) killed += await kill()
    }
  })()
  return {
    stop: async () => {
      stopping = true
      await series
      return killed
    },
  }
}
