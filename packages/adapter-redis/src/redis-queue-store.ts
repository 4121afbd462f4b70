import {
  tokenExpired,
  tokenNotActive,
  tokenNotFound,
  tokenUserMismatch,
  type QueuePolicy,
  type QueuePosition,
  type QueueStore,
  type QueueToken,
  type StoreError,
  type TokenExpired,
  type TokenNotActive,
  type TokenNotFound,
  type TokenUserMismatch,
} from '@boxoffice/core'
import { err, errAsync, ok, okAsync, ResultAsync, type Result } from 'neverthrow'
import { classifyRedisError } from './classify-redis-error.js'
import { concertRegistry } from './concert-registry.js'
import { decodeAdmit, decodePosition, decodeRemaining, decodeToken, replyCode } from './decode-reply.js'
import { DEFAULT_KEY_PREFIX, queueKeyspace, tokenAddress, type TokenAddress } from './queue-keys.js'
import { defineQueueScripts } from './queue-scripts.js'
import type { RedisQueueClient } from './redis-queue-client.js'

export interface RedisQueueStoreOptions {
  /** An ioredis `Redis` or `Cluster`; the application owns its connection and closes it. */
  readonly client: RedisQueueClient
  /** Prepended to every key (default `boxoffice:queue`); must not contain `{` or `}`. */
  readonly keyPrefix?: string
}

const DAY_MS = 24 * 3_600_000

/**
 * How long an untouched line's keys survive in Redis. Only a memory backstop
 * for concerts nobody ticks any more: every token is long dead by then, even
 * if the application's clock and Redis's clock disagree by hours.
 */
function backstopMs(policy: QueuePolicy): number {
  return Math.max(DAY_MS, 2 * Math.max(policy.activeTtlMs, policy.waitingIdleTtlMs))
}

const ms = (at: Date): string => String(at.getTime())

/**
 * The waiting room on Redis or Redis Cluster: one Lua script per operation,
 * each touching the keys of one concert (one hash tag, one slot).
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis'
 * import { createBoxOffice } from '@boxoffice/core'
 * import { createRedisQueueStore } from '@boxoffice/adapter-redis'
 *
 * const redis = new Redis('redis://127.0.0.1:6379')
 * const box = createBoxOffice({ queue: createRedisQueueStore({ client: redis }), booking })
 * ```
 */
export function createRedisQueueStore(options: RedisQueueStoreOptions): QueueStore {
  const keys = queueKeyspace(options.keyPrefix ?? DEFAULT_KEY_PREFIX)
  const scripts = defineQueueScripts(options.client)
  const registry = concertRegistry(options.client, keys.registry)
  // Decoding runs inside the driver promise, so a reply of an unexpected shape
  // becomes a StoreUnavailable result like any other store fault, never a rejection.
  const run = <T, E>(
    reply: Promise<unknown>,
    interpret: (reply: unknown) => Result<T, E>,
  ): ResultAsync<T, E | StoreError> =>
    ResultAsync.fromPromise(reply.then(interpret), classifyRedisError).andThen((result) => result)

  /** A token the core never issued cannot exist: answered without a round trip. */
  const locate = (token: string): ResultAsync<TokenAddress, TokenNotFound> => {
    const address = tokenAddress(token)
    return address === undefined ? errAsync(tokenNotFound(token)) : okAsync(address)
  }

  /**
   * After a call emptied a line. The call took effect, so a failure here is
   * not reported: the entry stays stale until the next admit repeats this.
   */
  const cleanUpRegistry = (concertId: string): ResultAsync<void, never> =>
    new ResultAsync(
      Promise.resolve(registry.removeIfEmpty(concertId, keys.concert(concertId)[0])).then((): Result<void, never> =>
        ok(undefined),
      ),
    )

  /** Leave and complete. */
  const removeToken = (token: string): ResultAsync<void, TokenNotFound | StoreError> =>
    locate(token).andThen(({ concertId, localId }) =>
      run(scripts.removeToken(keys.concert(concertId), [localId]), (reply) =>
        replyCode(reply) === 'OK' ? ok(decodeRemaining(reply)) : err(tokenNotFound(token)),
      ).andThen((remaining) => (remaining > 0 ? okAsync(undefined) : cleanUpRegistry(concertId))),
    )

  return {
    enter: ({ token, userId, concertId, now, policy }) => {
      const address = tokenAddress(token)
      if (address === undefined || address.concertId !== concertId) {
        throw new TypeError(`enter: ${token} is not a token of concert ${concertId}`)
      }
      const args = [userId, address.localId, ms(now), policy.waitingIdleTtlMs, backstopMs(policy)]
      return run(scripts.enter(keys.concert(concertId), args), (reply) => ok(decodePosition(reply, concertId))).andThen(
        (position) => registry.add(concertId).andThen(() => ok(position)),
      )
    },

    status: ({ token, now, policy }) =>
      locate(token).andThen(({ concertId, localId }) =>
        run(
          scripts.status(keys.concert(concertId), [localId, ms(now), policy.waitingIdleTtlMs, backstopMs(policy)]),
          (reply): Result<QueuePosition, TokenNotFound | TokenExpired> => {
            const code = replyCode(reply)
            if (code === 'NOT_FOUND') return err(tokenNotFound(token))
            if (code === 'EXPIRED') return err(tokenExpired(token))
            return ok(decodePosition(reply, concertId))
          },
        ),
      ),

    leave: ({ token }) => removeToken(token),

    authorize: ({ token, userId, now, policy }) =>
      locate(token).andThen(({ concertId, localId }) =>
        run(
          scripts.authorize(keys.concert(concertId), [localId, userId, ms(now), policy.waitingIdleTtlMs]),
          (reply): Result<QueueToken, TokenNotFound | TokenUserMismatch | TokenExpired | TokenNotActive> => {
            switch (replyCode(reply)) {
              case 'NOT_FOUND':
                return err(tokenNotFound(token))
              case 'USER_MISMATCH':
                return err(tokenUserMismatch(token))
              case 'EXPIRED':
                return err(tokenExpired(token))
              case 'NOT_ACTIVE':
                return err(tokenNotActive(token, 'WAITING'))
              default:
                return ok(decodeToken(reply, concertId))
            }
          },
        ),
      ),

    complete: ({ token }) => removeToken(token),

    admit: ({ concertId, now, policy }) => {
      const args = [
        globalThis.crypto.randomUUID(),
        ms(now),
        policy.maxActive,
        policy.admitPerTick,
        policy.activeTtlMs,
        policy.waitingIdleTtlMs,
        policy.sweepLimit,
        backstopMs(policy),
      ]
      return run(scripts.admit(keys.concert(concertId), args), (reply) => ok(decodeAdmit(reply, concertId))).andThen(
        ({ report, remaining }) =>
          remaining > 0 ? okAsync(report) : cleanUpRegistry(concertId).andThen(() => ok(report)),
      )
    },

    concerts: ({ limit }) => registry.list(limit),
  }
}
