import type { StoreError } from '@boxoffice/core'
import { ok, okAsync, ResultAsync } from 'neverthrow'
import { classifyRedisError } from './classify-redis-error.js'
import type { RedisQueueClient } from './redis-queue-client.js'

/**
 * Which concerts have a line. A Cluster has no cross-slot query, so the
 * store keeps one sorted set of concert ids (all scored 0: ordered by id) in
 * its own slot. It cannot change in the same script as a concert's keys, so
 * the order of steps carries the guarantee instead:
 *
 * - a token is created first, then its concert is added, when the enter
 *   script could set the line's short-lived `listed` marker: the first enter
 *   of a new or emptied line, then about one enter a second, so an add lost
 *   to a failure is redone within a second by the next enter;
 * - a concert is removed only after a script saw its line empty (and deleted
 *   `listed` in the same step), and then its line is looked at again and the
 *   concert added back if a token arrived meanwhile.
 *
 * Any token therefore either exists when that second look runs (and is
 * added back) or is created after it, and then its own add, or the add of the
 * enter that set `listed` again after the emptying, comes later than the
 * removal or before that second look. A stale entry is harmless: the next
 * admit finds the line empty and removes it.
 */
export interface ConcertRegistry {
  add(concertId: string): ResultAsync<void, StoreError>
  /** After a script reported the concert's line empty. `tokensKey` is the line's token hash. */
  removeIfEmpty(concertId: string, tokensKey: string): ResultAsync<void, StoreError>
  list(limit: number): ResultAsync<readonly string[], StoreError>
}

export function concertRegistry(client: RedisQueueClient, registryKey: string): ConcertRegistry {
  const add = (concertId: string): ResultAsync<void, StoreError> =>
    ResultAsync.fromPromise(client.zadd(registryKey, 'NX', 0, concertId), classifyRedisError).andThen(() =>
      ok(undefined),
    )
  return {
    add,
    removeIfEmpty: (concertId, tokensKey) =>
      ResultAsync.fromPromise(client.zrem(registryKey, concertId), classifyRedisError)
        .andThen(() => ResultAsync.fromPromise(client.exists(tokensKey), classifyRedisError))
        .andThen((tokens) => (tokens > 0 ? add(concertId) : okAsync(undefined))),
    list: (limit) =>
      limit < 1
        ? okAsync([])
        : ResultAsync.fromPromise(client.zrange(registryKey, 0, String(limit - 1)), classifyRedisError),
  }
}
