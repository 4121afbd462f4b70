import { randomUUID } from 'node:crypto'
import {
  describeSeed,
  faultSeed,
  killAtRandomMoments,
  seededRandom,
  shuffledBy,
  watchUncaught,
} from '@boxoffice/adapter-test'
import { createBoxOffice, createScheduler } from '@boxoffice/core'
import { Redis } from 'ioredis'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { brokenInvariants } from '../../../../packages/adapter-postgres/test/support/booking-invariants.ts'
import { selectStores } from '../../src/index.ts'
import { errorOf, httpClient, type ApiResponse, type Call } from './http-client.ts'
import type { CreateApp } from './server-harness.ts'
import { deleteKeysUnder } from './redis-keys.ts'

const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test'
const REDIS_URL = 'redis://127.0.0.1:6379'
const ADMIN_TOKEN = 'connection-death-admin'
const BUYERS = 120
const PRICE = 100
const FUNDS = 150
const TOP_UP = 7

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` }

/** Calls `make(i)` for every buyer, `width` at a time (set-up only). */
async function forEachBuyer<T>(width: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = []
  for (let start = 0; start < BUYERS; start += width) {
    const batch = Array.from({ length: Math.min(width, BUYERS - start) }, (_, j) => make(start + j))
    results.push(...(await Promise.all(batch)))
  }
  return results
}

/** The statuses a call under connection deaths may answer: done, or 503 in the error shape (retry). */
function judge(reply: ApiResponse, done: number): string {
  if (reply.status === done) return 'done'
  if (reply.status === 503) return errorOf(reply).type
  return `${reply.status} ${JSON.stringify(reply.body)}`
}

/** Sends every not-yet-done request again, with its own key, until all are done (or rounds run out). */
async function retryUntilDone(
  first: readonly string[],
  send: (i: number) => Promise<string>,
): Promise<readonly string[]> {
  const outcomes = [...first]
  for (let round = 0; round < 40 && outcomes.some((o) => o !== 'done'); round++) {
    if (round > 0) await new Promise((resolve) => setTimeout(resolve, 100))
    await Promise.all(
      outcomes.map(async (outcome, i) => {
        if (outcome !== 'done') outcomes[i] = await send(i)
      }),
    )
  }
  return outcomes
}

/** Everyone admitted, funded and holding one seat of one date, over HTTP. */
async function openSale(call: Call, scheduler: { tick(): Promise<unknown> }) {
  const concert = await call('POST', '/admin/concerts', { headers: admin, json: { title: 'Death Night' } })
  const { concertId } = concert.body as { concertId: string }
  const startsAt = new Date(Date.now() + 7 * 86_400_000).toISOString()
  const schedule = await call('POST', `/admin/concerts/${concertId}/schedules`, {
    headers: admin,
    json: { startsAt, seats: BUYERS, price: PRICE },
  })
  const { scheduleId } = schedule.body as { scheduleId: string }
  const users = Array.from({ length: BUYERS }, (_, i) => `death-${i}`)
  const tokens = await forEachBuyer(40, async (i) => {
    const entered = await call('POST', '/queue/tokens', {
      headers: { 'x-user-id': users[i] ?? '' },
      json: { concertId },
    })
    return (entered.body as { token: string }).token
  })
  await scheduler.tick()
  const headers = users.map((userId, i) => ({ 'x-user-id': userId, 'queue-token': tokens[i] ?? '' }))
  const holds = await forEachBuyer(40, async (i) => {
    const funded = await call('POST', '/wallet/charges', {
      headers: { 'x-user-id': users[i] ?? '', 'idempotency-key': `fund-${i}` },
      json: { amount: FUNDS },
    })
    expect(funded.status).toBe(200)
    const hold = await call('POST', '/holds', { headers: headers[i] ?? {}, json: { scheduleId, seatNo: i + 1 } })
    expect(hold.status, JSON.stringify(hold.body)).toBe(201)
    return (hold.body as { holdId: string }).holdId
  })
  return { concertId, users, headers, holds }
}

/**
 * A running example server on Postgres (booking) and Redis (queue), wired by
 * `selectStores` as `main.ts` wires it, whose Postgres connections are
 * terminated again and again at moments drawn from a logged seed while
 * buyers pay and top up with keys over HTTP. The server must stay up and
 * answer every request (done, or 503 in the error shape), and sending every
 * refused request again with its key must finish each payment and charge
 * exactly once: the tables then hold every invariant.
 */
export function describeHttpConnectionDeath(name: string, createApp: CreateApp): void {
  describe(name, () => {
    it('Postgres backends terminated at random moments during hundreds of payments and keyed charges: the server stays up, every reply is done or 503, and same-key retries finish each exactly once', async () => {
      const seed = faultSeed()
      const context = describeSeed(`${name}: connection death`, seed)
      console.info(context)
      const random = seededRandom(seed)
      const unique = randomUUID().slice(0, 8)
      const applicationName = `bo_victim_${unique}`
      const schema = `examples_death_${unique}`
      const keyPrefix = `test:examples:death:${unique}`
      const checker = new pg.Pool({ connectionString: DATABASE_URL, max: 2 })
      checker.on('error', () => undefined)
      const kill = async (): Promise<number> => {
        const { rows } = await checker.query<{ killed: number }>(
          `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS killed
             FROM pg_stat_activity WHERE application_name = $1`,
          [applicationName],
        )
        return rows[0]?.killed ?? 0
      }
      // The server's own pool (and its `error` listener) as main.ts makes it; its connections carry our name.
      const stores = await selectStores({
        DATABASE_URL: `${DATABASE_URL}?application_name=${applicationName}`,
        DATABASE_SCHEMA: schema,
        REDIS_URL,
        REDIS_KEY_PREFIX: keyPrefix,
      })
      const box = createBoxOffice({
        queue: stores.queue,
        booking: stores.booking,
        policy: { queue: { maxActive: BUYERS, admitPerTick: BUYERS } },
      })
      const server = createApp({ box, adminToken: ADMIN_TOKEN, checkStores: stores.check })
      const url = await server.start({ port: 0, host: '127.0.0.1' })
      const call = httpClient(url)
      try {
        const sale = await openSale(call, createScheduler(box, { intervalMs: 60_000 }))
        const pay = async (i: number): Promise<string> =>
          judge(
            await call('POST', '/payments', {
              headers: { ...sale.headers[i], 'idempotency-key': `pay-${i}` },
              json: { holdId: sale.holds[i] },
            }),
            201,
          )
        const topUp = async (i: number): Promise<string> =>
          judge(
            await call('POST', '/wallet/charges', {
              headers: { 'x-user-id': sale.users[i] ?? '', 'idempotency-key': `top-up-${i}` },
              json: { amount: TOP_UP },
            }),
            200,
          )

        const uncaught = watchUncaught()
        const kills = killAtRandomMoments(kill, random, 15)
        const order = shuffledBy(
          Array.from({ length: 2 * BUYERS }, (_, n) => n),
          random,
        )
        const answers: string[] = []
        await Promise.all(
          order.map(async (n) => {
            answers[n] = n < BUYERS ? await pay(n) : await topUp(n - BUYERS)
          }),
        )
        const killed = await kills.stop()
        await new Promise((resolve) => setTimeout(resolve, 200))
        expect(uncaught.stop(), context).toEqual([])
        const kinds = [...new Set(answers)].sort()
        expect(
          kinds.filter((kind) => !['done', 'StoreUnavailable', 'StoreConflict'].includes(kind)),
          context,
        ).toEqual([])
        expect(killed, context).toBeGreaterThan(0)
        expect(kinds, `${context}: no request met a dead connection`).toContain('StoreUnavailable')

        const paid = await retryUntilDone(answers.slice(0, BUYERS), pay)
        const charged = await retryUntilDone(answers.slice(BUYERS), topUp)
        expect(new Set(paid), context).toEqual(new Set(['done']))
        expect(new Set(charged), context).toEqual(new Set(['done']))
        expect((await call('GET', '/health')).status, context).toBe(200)

        const s = `"${schema}"`
        const { rows } = await checker.query(`
          SELECT (SELECT count(*)::int FROM ${s}.payments) AS payments,
                 (SELECT count(*)::int FROM ${s}.ledger_entries WHERE idempotency_key LIKE 'top-up-%') AS top_ups,
                 (SELECT count(*)::int FROM ${s}.wallets WHERE balance <> ${FUNDS + TOP_UP - PRICE}) AS wrong_balances`)
        expect(rows[0], context).toEqual({ payments: BUYERS, top_ups: BUYERS, wrong_balances: 0 })
        expect(await brokenInvariants(checker, schema), context).toEqual({})
        // Each payment's token is completed: by the first call, or by the retry that replayed it.
        const tokens = await forEachBuyer(40, async (i) => {
          const current = await call('GET', '/queue/tokens/current', { headers: sale.headers[i] ?? {} })
          return current.status === 404 ? 'completed' : JSON.stringify(current.body)
        })
        expect(new Set(tokens), context).toEqual(new Set(['completed']))
      } finally {
        await server.stop()
        await stores.close()
        await checker.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
        await checker.end()
        const redis = new Redis(REDIS_URL)
        await deleteKeysUnder(redis, keyPrefix)
        await redis.quit()
      }
    })
  })
}
