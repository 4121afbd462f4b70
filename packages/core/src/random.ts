/**
 * Where boxoffice draws the randomness of a fair opening: a uniformly random
 * integer in [0, 2^32) per call. The default reads the platform's CSPRNG
 * (Web Crypto); tests inject a seeded source so a statistical test cannot flake.
 */
export type RandomSource = () => number

const BUFFERED = 256

/**
 * 32-bit draws from `crypto.getRandomValues`, fetched 256 at a time.
 *
 * @example
 * ```ts
 * const box = createBoxOffice({ queue, booking, random: cryptoRandom() })
 * ```
 */
export function cryptoRandom(): RandomSource {
  const buffer = new Uint32Array(BUFFERED)
  let next = BUFFERED
  return () => {
    if (next === BUFFERED) {
      globalThis.crypto.getRandomValues(buffer)
      next = 0
    }
    return buffer[next++] ?? 0
  }
}

const TWO_32 = 0x1_0000_0000

/**
 * A uniform integer in [0, bound) for `bound` up to 2^32, by rejection: no
 * modulo bias, so a shuffle built on it is exactly uniform.
 *
 * @example
 * ```ts
 * const die = randomBelow(cryptoRandom(), 6) + 1
 * ```
 */
export function randomBelow(random: RandomSource, bound: number): number {
  if (!Number.isInteger(bound) || bound < 1 || bound > TWO_32) throw new RangeError(`randomBelow: bad bound ${bound}`)
  const limit = TWO_32 - (TWO_32 % bound)
  for (;;) {
    const draw = random()
    if (draw < limit) return draw % bound
  }
}

/**
 * A uniform integer in [0, 2^52) from two draws: exact as a double and as a
 * Redis sorted-set score, so draws can order a line without ties in practice.
 *
 * @example
 * ```ts
 * const draw = randomDraw52(cryptoRandom())
 * ```
 */
export function randomDraw52(random: RandomSource): number {
  return (random() >>> 12) * TWO_32 + random()
}

/**
 * Fisher-Yates over a copy: every permutation of `items` equally likely.
 *
 * @example
 * ```ts
 * const order = shuffled(['a', 'b', 'c'], cryptoRandom())
 * ```
 */
export function shuffled<T>(items: readonly T[], random: RandomSource): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomBelow(random, i + 1)
    const swap = out[i] as T
    out[i] = out[j] as T
    out[j] = swap
  }
  return out
}
