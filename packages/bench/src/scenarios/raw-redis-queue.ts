import { randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { Measurement } from '../harness/measurement.js'
import { judgeResolved, runLoad, type Outcome } from '../harness/run-load.js'
import type { Window } from './booking-load.js'
import { ADMIT_PER_TICK, type RawQueue } from './queue-workloads.js'

/**
 * Admission by hand: the oldest `ARGV[1]` waiting tokens move to the active
 * set, scored by their expiry. The least a correct admission must do.
 */
const ADMIT_LUA = `
local popped = redis.call('ZPOPMIN', KEYS[1], ARGV[1])
for i = 1, #popped, 2 do redis.call('ZADD', KEYS[2], ARGV[2], popped[i]) end
return #popped / 2`

/**
 * The waiting room as a hand-written Redis client would keep it: a counter
 * for arrival order and one sorted set. enter = INCR + ZADD, status = ZRANK,
 * admit = one EVALSHA. Same client, same concurrency as the library.
 */
export class RawRedisQueue implements RawQueue {
  readonly #client: Redis
  readonly #seq: string
  readonly #waiting: string
  readonly #active: string
  readonly #concertId: string
  readonly #tokens: string[] = []
  #polls = 0
  #sha: string | undefined
  readonly labels = { enter: 'INCR + ZADD', status: 'ZRANK', admit: 'EVALSHA (ZPOPMIN + ZADD)' } as const

  constructor(client: Redis, prefix: string, concertId: string) {
    this.#client = client
    this.#seq = `${prefix}:seq`
    this.#waiting = `${prefix}:waiting`
    this.#active = `${prefix}:active`
    this.#concertId = concertId
  }

  get entered(): number {
    return this.#tokens.length
  }

  /** Tokens still in the waiting set. */
  waiting(): Promise<number> {
    return this.#client.zcard(this.#waiting)
  }

  enter(window: Window): Promise<Measurement> {
    return runLoad({
      ...window,
      call: async () => {
        const token = `${this.#concertId}~${randomUUID()}`
        const seq = await this.#client.incr(this.#seq)
        await this.#client.zadd(this.#waiting, seq, token)
        this.#tokens.push(token)
      },
      judge: judgeResolved,
    })
  }

  status(window: Window): Promise<Measurement> {
    const tokens = this.#tokens
    return runLoad({
      ...window,
      call: () => this.#client.zrank(this.#waiting, tokens[this.#polls++ % tokens.length] as string),
      judge: (rank: number | null): Outcome => (rank === null ? 'NotWaiting' : 1),
    })
  }

  async admit(window: Window, maxTicks: number): Promise<Measurement> {
    this.#sha ??= (await this.#client.script('LOAD', ADMIT_LUA)) as string
    const sha = this.#sha
    return runLoad({
      ...window,
      concurrency: 1,
      maxCalls: maxTicks,
      unit: 'tokens',
      call: () => this.#client.evalsha(sha, 2, this.#waiting, this.#active, ADMIT_PER_TICK, Date.now() + 600_000),
      judge: (admitted: unknown): Outcome => Number(admitted),
    })
  }
}
