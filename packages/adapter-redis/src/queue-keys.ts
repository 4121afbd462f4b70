import { tokenConcertId } from '@boxoffice/core'

/** The prefix used when `keyPrefix` is not given. */
export const DEFAULT_KEY_PREFIX = 'boxoffice:queue'

/**
 * The seven keys of one concert's line, in the order every script receives
 * them as KEYS[1..7]. They share the hash tag `{concertId}`, so each script
 * touches a single Redis Cluster slot.
 */
export type ConcertKeys = readonly [
  tokens: string,
  users: string,
  waiting: string,
  heartbeats: string,
  active: string,
  sequence: string,
  ticks: string,
]

/** Where a store's data lives under its prefix. */
export interface QueueKeyspace {
  concert(concertId: string): ConcertKeys
  /** The set of concerts with a line: one key, in its own slot. */
  readonly registry: string
}

/**
 * The key layout under `prefix`. A prefix with braces would capture the hash
 * tag and put every concert in one slot, so it is refused.
 */
export function queueKeyspace(prefix: string): QueueKeyspace {
  if (prefix.length === 0 || /[{}]/.test(prefix)) {
    throw new TypeError('createRedisQueueStore: keyPrefix must be non-empty and free of { and }')
  }
  return {
    concert: (concertId) => {
      const base = `${prefix}:{${concertId}}`
      return [
        `${base}:tokens`,
        `${base}:users`,
        `${base}:waiting`,
        `${base}:heartbeats`,
        `${base}:active`,
        `${base}:seq`,
        `${base}:ticks`,
      ]
    },
    registry: `${prefix}:concerts`,
  }
}

/** A token split into its concert (the routing part) and the id it has inside that concert's keys. */
export interface TokenAddress {
  readonly concertId: string
  readonly localId: string
}

/** Where a token lives, from the token alone; undefined when it is not a token the core issued. */
export function tokenAddress(token: string): TokenAddress | undefined {
  const concertId = tokenConcertId(token)
  if (concertId === undefined) return undefined
  const localId = token.slice(concertId.length + 1)
  return localId.length === 0 ? undefined : { concertId, localId }
}
