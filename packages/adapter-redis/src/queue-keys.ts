import { tokenConcertId } from '@boxoffice/core/adapter'

/** The prefix used when `keyPrefix` is not given. */
export const DEFAULT_KEY_PREFIX = 'boxoffice:queue'

/**
 * The keys of one concert's line. They share the hash tag `{concertId}`, so
 * every script touches a single Redis Cluster slot; each script receives only
 * the ones it touches, as its KEYS.
 */
export interface ConcertKeys {
  /** hash: local token id -> token record */
  readonly tokens: string
  /** hash: userId -> local token id */
  readonly users: string
  /** sorted set: WAITING tokens by seq */
  readonly waiting: string
  /** sorted set: WAITING tokens by lastSeenAt */
  readonly heartbeats: string
  /** sorted set: ACTIVE tokens by expiresAt */
  readonly active: string
  /** hash: `seq` (the sequence counter) and `window` (`admitted|since` of the recent ticks) */
  readonly line: string
  /** list: recent admit ticks, newest first */
  readonly ticks: string
  /** string with a short TTL: the concert was added to the registry lately */
  readonly listed: string
  /** sorted set: PRE_QUEUED tokens by their random draw, until the opening moves them into `waiting` */
  readonly prequeue: string
  /** hash without expiry: the sale window and the live controls (`open`, `close`, `opened`, `paused`, `max_active`, `per_tick`) */
  readonly sale: string
}

/** The name of one of a concert's keys. */
export type LineKey = keyof ConcertKeys

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
      return {
        tokens: `${base}:tokens`,
        users: `${base}:users`,
        waiting: `${base}:waiting`,
        heartbeats: `${base}:heartbeats`,
        active: `${base}:active`,
        line: `${base}:line`,
        ticks: `${base}:ticks`,
        listed: `${base}:listed`,
        prequeue: `${base}:prequeue`,
        sale: `${base}:sale`,
      }
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
