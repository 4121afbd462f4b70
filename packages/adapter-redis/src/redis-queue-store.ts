import {
  cryptoRandom,
  queueReset,
  saleAlreadyOpen,
  saleClosed,
  tokenExpired,
  tokenNotActive,
  tokenNotFound,
  tokenUserMismatch,
  type QueuePolicy,
  type QueueReset,
  type QueueToken,
  type LineSettings,
  type SaleAlreadyOpen,
  type SaleClosed,
  type StoreError,
  type TokenExpired,
  type TokenNotActive,
  type TokenNotFound,
  type TokenUserMismatch,
} from '@boxoffice/core'
import { composeToken, randomDraw52, type QueuePosition, type QueueStore } from '@boxoffice/core/adapter'
import { err, errAsync, ok, okAsync, ResultAsync, type Result } from 'neverthrow'
import { classifyRedisError } from './classify-redis-error.js'
import { concertRegistry } from './concert-registry.js'
import {
  decodeAdmit,
  decodeEnter,
  decodePosition,
  decodeRemaining,
  decodeSale,
  decodeToken,
  replyCode,
} from './decode-reply.js'
import { DEFAULT_KEY_PREFIX, queueKeyspace, tokenAddress, type ConcertKeys, type TokenAddress } from './queue-keys.js'
import { defineQueueScripts } from './queue-scripts.js'
import type { RedisQueueClient } from './redis-queue-client.js'

/** What `createRedisQueueStore` takes. */
export interface RedisQueueStoreOptions {
  /** An ioredis `Redis` or `Cluster`; the application owns its connection and closes it. */
  readonly client: RedisQueueClient
  /** Prepended to every key (default `boxoffice:queue`); must not contain `{` or `}`. */
  readonly keyPrefix?: string
  /**
   * How many pre-queued tokens one script moves into line at an opening
   * (default 500: a few tens of milliseconds of Redis time per script at
   * most, see the adapter guide).
   */
  readonly openingBatch?: number
  /**
   * A poll rewrites a WAITING token's heartbeat only when that moves it by
   * more than this many milliseconds (default 1,000; 0 records every poll),
   * so most polls of a crowd that polls every few seconds write nothing. To
   * stay exact to the step, every call judges a WAITING token idle
   * `waitingIdleTtlMs + heartbeatStepMs` after its recorded heartbeat: a token
   * is never dropped before `waitingIdleTtlMs` has passed since its last poll,
   * and always once `waitingIdleTtlMs + heartbeatStepMs` has.
   */
  readonly heartbeatStepMs?: number
}

const DEFAULT_OPENING_BATCH = 500
const DEFAULT_HEARTBEAT_STEP_MS = 1_000

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
 * The generation a line takes if this enter is its first: derived from the
 * candidate token's random part (FNV-1a, 8 hex digits), so it is as random as
 * the token ids are, and a line that came back empty does not get its old
 * generation again, while a caller with deterministic ids gets deterministic tokens.
 */
function generationCandidate(localId: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < localId.length; i++) {
    hash ^= localId.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(16).padStart(8, '0')
}

/** Concerts whose key names a store keeps built; past that it starts over. */
const KEY_CACHE_SIZE = 1_024

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
  const keyspace = queueKeyspace(options.keyPrefix ?? DEFAULT_KEY_PREFIX)
  const openingBatch = options.openingBatch ?? DEFAULT_OPENING_BATCH
  const heartbeatStepMs = options.heartbeatStepMs ?? DEFAULT_HEARTBEAT_STEP_MS
  const crypto = cryptoRandom()
  if (!Number.isInteger(openingBatch) || openingBatch < 1) {
    throw new TypeError('createRedisQueueStore: openingBatch must be a positive integer')
  }
  if (!Number.isSafeInteger(heartbeatStepMs) || heartbeatStepMs < 0) {
    throw new TypeError('createRedisQueueStore: heartbeatStepMs must be a non-negative integer')
  }
  /** How long after its recorded heartbeat a WAITING token is idle: the policy's limit plus the step a poll may leave unrecorded. */
  const idleMs = (policy: QueuePolicy): number => policy.waitingIdleTtlMs + heartbeatStepMs
  const scripts = defineQueueScripts(options.client)
  const registry = concertRegistry(options.client, keyspace.registry)
  // A sale polls the same few concerts all day: their key names are built once, not on every call.
  const keyCache = new Map<string, ConcertKeys>()
  const lineKeys = (concertId: string): ConcertKeys => {
    let found = keyCache.get(concertId)
    if (found === undefined) {
      if (keyCache.size >= KEY_CACHE_SIZE) keyCache.clear()
      found = keyspace.concert(concertId)
      keyCache.set(concertId, found)
    }
    return found
  }
  // The driver call wrapped once, as fromPromise would, and decoded in the same
  // promise: a reply of an unexpected shape becomes a StoreUnavailable result
  // like any other store fault, never a rejection, and a poll costs one promise
  // hop less than fromPromise followed by a flattening andThen.
  const run = <T, E>(
    reply: Promise<unknown>,
    interpret: (reply: unknown) => Result<T, E>,
  ): ResultAsync<T, E | StoreError> =>
    new ResultAsync(
      reply.then(interpret).catch((error: unknown): Result<T, E | StoreError> => err(classifyRedisError(error))),
    )

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
      Promise.resolve(registry.removeIfEmpty(concertId, lineKeys(concertId).tokens)).then((): Result<void, never> =>
        ok(undefined),
      ),
    )

  /** A token the line does not hold: `RESET` when the script found it lost with the store's data. */
  const missing = (code: string, token: string, concertId: string): TokenNotFound | QueueReset =>
    code === 'RESET' ? queueReset(token, concertId) : tokenNotFound(token)

  /** Leave and complete. */
  const removeToken = (token: string): ResultAsync<void, TokenNotFound | QueueReset | StoreError> =>
    locate(token).andThen(({ concertId, localId }) =>
      run(scripts.removeToken(lineKeys(concertId), [localId]), (reply) => {
        const code = replyCode(reply)
        return code === 'OK' ? ok(decodeRemaining(reply)) : err(missing(code, token, concertId))
      }).andThen((remaining) => (remaining > 0 ? okAsync(undefined) : cleanUpRegistry(concertId))),
    )

  const saleReply = (concertId: string) => (reply: unknown) => {
    const fields = reply as readonly unknown[]
    return ok(decodeSale(fields[1], concertId))
  }

  /** The opening, one bounded script after another, until nobody is pre-queued any more. */
  const openLine = (concertId: string, now: Date, policy: QueuePolicy): ResultAsync<void, StoreError> =>
    run(scripts.openBatch(lineKeys(concertId), [ms(now), openingBatch, backstopMs(policy)]), (reply) => {
      const fields = reply as readonly unknown[]
      return ok({ moved: Number(fields[1]), left: Number(fields[2]) })
    }).andThen(({ moved, left }) => (left > 0 && moved > 0 ? openLine(concertId, now, policy) : okAsync(undefined)))

  return {
    enter: ({ token, userId, concertId, now, policy, random = crypto }) => {
      const address = tokenAddress(token)
      if (address === undefined || address.concertId !== concertId) {
        throw new TypeError(`enter: ${token} is not a token of concert ${concertId}`)
      }
      const args = [
        userId,
        address.localId,
        ms(now),
        idleMs(policy),
        backstopMs(policy),
        generationCandidate(address.localId),
        randomDraw52(random),
      ]
      return run(scripts.enter(lineKeys(concertId), args), (reply) => {
        if (replyCode(reply) === 'CLOSED') {
          const close = (reply as readonly unknown[])[1]
          return err<never, SaleClosed>(saleClosed(concertId, new Date(Number(close))))
        }
        const { localId, list } = decodeEnter(reply)
        const issued = localId === address.localId ? token : composeToken(concertId, localId)
        return ok({ position: decodePosition(reply, issued, concertId, now), list })
      }).andThen(({ position, list }) =>
        // the registry is written only when the script says the concert may be missing from it
        list ? registry.add(concertId).andThen(() => ok(position)) : okAsync(position),
      )
    },

    status: ({ token, now, policy }) => {
      const address = tokenAddress(token)
      if (address === undefined) return errAsync(tokenNotFound(token))
      return run(
        scripts.status(lineKeys(address.concertId), [address.localId, ms(now), idleMs(policy), heartbeatStepMs]),
        (reply): Result<QueuePosition, TokenNotFound | TokenExpired | QueueReset> => {
          const code = replyCode(reply)
          if (code === 'NOT_FOUND' || code === 'RESET') return err(missing(code, token, address.concertId))
          if (code === 'EXPIRED') return err(tokenExpired(token))
          return ok(decodePosition(reply, token, address.concertId, now))
        },
      )
    },

    leave: ({ token }) => removeToken(token),

    authorize: ({ token, userId, now, policy }) =>
      locate(token).andThen(({ concertId, localId }) =>
        run(
          scripts.authorize(lineKeys(concertId), [localId, userId, ms(now), idleMs(policy)]),
          (
            reply,
          ): Result<QueueToken, TokenNotFound | QueueReset | TokenUserMismatch | TokenExpired | TokenNotActive> => {
            const code = replyCode(reply)
            switch (code) {
              case 'NOT_FOUND':
              case 'RESET':
                return err(missing(code, token, concertId))
              case 'USER_MISMATCH':
                return err(tokenUserMismatch(token))
              case 'EXPIRED':
                return err(tokenExpired(token))
              case 'NOT_ACTIVE':
                return err(tokenNotActive(token, String((reply as readonly unknown[])[1])))
              default:
                return ok(decodeToken(reply, token, concertId))
            }
          },
        ),
      ),

    complete: ({ token }) => removeToken(token),

    admit: ({ concertId, now, policy }) => {
      const tickId = globalThis.crypto.randomUUID()
      const args = [
        tickId,
        ms(now),
        policy.maxActive,
        policy.admitPerTick,
        policy.activeTtlMs,
        idleMs(policy),
        policy.sweepLimit,
        backstopMs(policy),
      ]
      const tick = () =>
        run(scripts.admit(lineKeys(concertId), args), (reply) =>
          ok(replyCode(reply) === 'OPENING' ? null : decodeAdmit(reply, concertId)),
        )
      // the opening runs in bounded scripts between this tick's two tries; a concurrent tick elsewhere may share the batches
      return tick()
        .andThen((outcome) =>
          outcome !== null ? okAsync(outcome) : openLine(concertId, now, policy).andThen(() => tick()),
        )
        .andThen((outcome) => {
          if (outcome === null) {
            // pre-queued again between the batches and the tick (a client clock behind): the next tick opens them
            return okAsync({
              concertId,
              admitted: 0,
              expired: 0,
              dropped: 0,
              active: 0,
              waiting: 0,
            })
          }
          const { report, remaining } = outcome
          return remaining > 0 ? okAsync(report) : cleanUpRegistry(concertId).andThen(() => ok(report))
        })
    },

    concerts: ({ limit }) => registry.list(limit),

    lineSettings: ({ concertId }) => run(scripts.readSale(lineKeys(concertId), []), saleReply(concertId)),

    scheduleSale: ({ concertId, window, now }) =>
      run(
        scripts.scheduleSale(lineKeys(concertId), [
          ms(window.salesOpenAt),
          window.salesCloseAt === null ? '' : ms(window.salesCloseAt),
          ms(now),
        ]),
        (reply): Result<LineSettings, SaleAlreadyOpen> => {
          const fields = reply as readonly unknown[]
          if (replyCode(reply) === 'ALREADY_OPEN') {
            const open = fields[1]
            return err(saleAlreadyOpen(concertId, open === null ? null : new Date(Number(open))))
          }
          return ok(decodeSale(fields[1], concertId))
        },
      ),

    controlLine: ({ concertId, controls }) => {
      const limit = (value: number | null | undefined): string =>
        value === undefined ? '' : value === null ? 'policy' : String(value)
      const paused = controls.paused === undefined ? '' : controls.paused ? '1' : '0'
      return run(
        scripts.controlLine(lineKeys(concertId), [paused, limit(controls.maxActive), limit(controls.admitPerTick)]),
        saleReply(concertId),
      )
    },
  }
}
