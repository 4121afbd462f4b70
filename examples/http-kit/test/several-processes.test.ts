import { randomUUID } from 'node:crypto'
import { describeSeed, faultSeed, seededRandom, shuffledBy } from '@boxoffice/adapter-test'
import { Redis } from 'ioredis'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { brokenInvariants } from '../../../packages/adapter-postgres/test/support/booking-invariants.ts'
import { queueKeyspace } from '../../../packages/adapter-redis/src/queue-keys.ts'
import { httpClient, type ApiResponse, type CallOptions } from './suite/http-client.ts'
import { startServerProcess, type ServerProcess } from './support/server-process.ts'
import { deleteKeysUnder } from './suite/redis-keys.ts'

const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test'
const REDIS_URL = 'redis://127.0.0.1:6379'
const ADMIN = { authorization: 'Bearer several-processes-admin' }
/** Buyers; every three of them race for one seat first. */
const BUYERS = 60
const CONTESTED = BUYERS / 3
const PRICE = 100
const FUNDS = 150
/** The policy's default capacity, which every process runs with. */
const MAX_ACTIVE = 100

const unique = randomUUID().slice(0, 8)
const schema = `examples_fleet_${unique}`
const keyPrefix = `test:examples:fleet:${unique}`
const checker = new pg.Pool({ connectionString: DATABASE_URL, max: 2 })
checker.on('error', () => undefined)
const redis = new Redis(REDIS_URL)
const fleet: ServerProcess[] = []

afterAll(async () => {
  await Promise.all(fleet.map((server) => server.kill()))
  await checker.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await checker.end()
  await deleteKeysUnder(redis, keyPrefix)
  await redis.quit()
})

/** Requests that found their server gone and went to another. */
let failovers = 0

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Sends a request to server `prefer`; when that server is gone (the connection
 * is refused or cut: it was killed), the same request, same key, goes to the
 * next live one, as a load balancer would. A 503 is sent again after a pause.
 */
async function send(prefer: number, method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const server = fleet[(prefer + attempt) % fleet.length] as ServerProcess
    const response = await httpClient(server.url)(method, path, options).catch(() => undefined)
    if (response === undefined) failovers++
    if (response !== undefined && response.status !== 503) return response
    await sleep(response === undefined ? 0 : 50)
  }
  throw new Error(`${method} ${path} found no server to answer it`)
}

/** Resolves for everyone once `size` callers have arrived: the racers of one seat set off together. */
function barrier(size: number): () => Promise<void> {
  let arrived = 0
  let open: () => void = () => undefined
  const opened = new Promise<void>((resolve) => (open = resolve))
  return async () => {
    if (++arrived === size) open()
    await opened
  }
}

describe('three server processes on one Postgres and one Redis', () => {
  it('sell every seat once under racing holds and same-key payments sent to different processes, with one process killed mid-burst', async () => {
    const seed = faultSeed()
    const context = describeSeed('three processes', seed)
    console.info(context)
    const random = seededRandom(seed)
    const env = {
      DATABASE_URL,
      DATABASE_SCHEMA: schema,
      REDIS_URL,
      REDIS_KEY_PREFIX: keyPrefix,
      ADMIN_TOKEN: ADMIN.authorization.slice('Bearer '.length),
      SCHEDULER_INTERVAL_MS: '100',
    }
    // All three start at once, as after a deploy: one migrates, the others wait for it.
    fleet.push(
      ...(await Promise.all([
        startServerProcess('fastify', 'fastify-a', env),
        startServerProcess('express', 'express-b', env),
        startServerProcess('fastify', 'fastify-c', env),
      ])),
    )
    const logs = (): string => fleet.map((s) => `--- ${s.name}\n${s.output().slice(-1_500)}`).join('\n')

    const concert = await send(0, 'POST', '/admin/concerts', { headers: ADMIN, json: { title: 'Fleet Night' } })
    const { concertId } = concert.body as { concertId: string }
    const schedule = await send(1, 'POST', `/admin/concerts/${concertId}/schedules`, {
      headers: ADMIN,
      json: { startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), seats: CONTESTED + BUYERS, price: PRICE },
    })
    const { scheduleId } = schedule.body as { scheduleId: string }

    // Phase 1, every buyer at once: enter through its own process, wait for admission polling the
    // others, fund, then race two others (each on another process) for one seat.
    const races = Array.from({ length: CONTESTED }, () => barrier(3))
    const raceOutcomes: string[][] = Array.from({ length: CONTESTED }, () => [])
    const buyers = await Promise.all(
      Array.from({ length: BUYERS }, async (_, i) => {
        const userId = `fleet-${i}`
        const entered = await send(i, 'POST', '/queue/tokens', {
          headers: { 'x-user-id': userId },
          json: { concertId },
        })
        expect(entered.status, JSON.stringify(entered.body)).toBe(201)
        const headers = { 'x-user-id': userId, 'queue-token': (entered.body as { token: string }).token }
        for (let poll = 1; ; poll++) {
          const ticket = await send(i + poll, 'GET', '/queue/tokens/current', { headers })
          if ((ticket.body as { status?: string }).status === 'ACTIVE') break
          if (poll > 300) throw new Error(`${userId} was never admitted`)
          await sleep(50)
        }
        const funded = await send(i + 1, 'POST', '/wallet/charges', {
          headers: { 'x-user-id': userId, 'idempotency-key': `fund-${i}` },
          json: { amount: FUNDS },
        })
        expect(funded.status).toBe(200)
        const seat = Math.floor(i / 3)
        await races[seat]?.()
        const raced = await send(i, 'POST', '/holds', { headers, json: { scheduleId, seatNo: seat + 1 } })
        raceOutcomes[seat]?.push(raced.status === 201 ? 'won' : (raced.body as { error: { type: string } }).error.type)
        const held =
          raced.status === 201
            ? raced
            : await send(i + 2, 'POST', '/holds', { headers, json: { scheduleId, seatNo: CONTESTED + i + 1 } })
        expect(held.status, JSON.stringify(held.body)).toBe(201)
        return { userId, headers, holdId: (held.body as { holdId: string }).holdId }
      }),
    )
    for (const outcomes of raceOutcomes)
      expect(outcomes.sort(), context).toEqual(['SeatUnavailable', 'SeatUnavailable', 'won'])

    // Phase 2: every buyer pays, sending the same key to two processes at once; one process is
    // SIGKILLed once a seeded number of payments have been sent.
    const victim = Math.floor(random() * fleet.length)
    const killAfter = Math.floor(BUYERS / 4 + random() * (BUYERS / 4))
    let sent = 0
    let killing: Promise<void> | undefined
    const order = shuffledBy(
      buyers.map((_, i) => i),
      random,
    )
    const payments = await Promise.all(
      order.map(async (i) => {
        const buyer = buyers[i] as (typeof buyers)[number]
        if (++sent === killAfter) killing = fleet[victim]?.kill()
        const request = { headers: { ...buyer.headers, 'idempotency-key': `pay-${i}` }, json: { holdId: buyer.holdId } }
        const answers = await Promise.all([
          send(i, 'POST', '/payments', request),
          send(i + 1, 'POST', '/payments', request),
        ])
        return { i, answers }
      }),
    )
    await killing
    expect(fleet[victim]?.alive(), context).toBe(false)
    expect(failovers, `${context}: no request met the killed process`).toBeGreaterThan(0)
    for (const { i, answers } of payments) {
      expect(
        answers.map((a) => a.status),
        `${context}: buyer ${i}`,
      ).toEqual([201, 201])
      const [first, second] = answers.map((a) => (a.body as { paymentId: string }).paymentId)
      expect(first, `${context}: buyer ${i} was answered two payments`).toBe(second)
    }
    const survivors = fleet.filter((_, index) => index !== victim)
    expect(
      survivors.map((s) => s.alive()),
      `${context}\n${logs()}`,
    ).toEqual([true, true])

    // The stores, read directly: every booking invariant, one payment per buyer, exact balances.
    expect(await brokenInvariants(checker, schema), context).toEqual({})
    const s = `"${schema}"`
    const { rows } = await checker.query(`
      SELECT (SELECT count(*)::int FROM ${s}.payments) AS payments,
             (SELECT count(DISTINCT user_id)::int FROM ${s}.payments) AS payers,
             (SELECT count(*)::int FROM ${s}.holds WHERE status = 'CONFIRMED') AS sold,
             (SELECT count(*)::int FROM ${s}.wallets WHERE balance <> ${FUNDS - PRICE} OR balance < 0) AS wrong_balances`)
    expect(rows[0], context).toEqual({ payments: BUYERS, payers: BUYERS, sold: BUYERS, wrong_balances: 0 })
    // The queue: one live token per user and concert, never more ACTIVE than capacity, and every
    // payer's token completed (by the call that paid, or by the retry that replayed it).
    const keys = queueKeyspace(keyPrefix).concert(concertId)
    const owners = (await redis.hvals(keys.tokens)).map((record) => record.split('|')[1])
    expect(new Set(owners).size, context).toBe(owners.length)
    expect(await redis.hlen(keys.users), context).toBe(owners.length)
    expect(await redis.zcard(keys.active), context).toBeLessThanOrEqual(MAX_ACTIVE)
    expect(owners, context).toEqual([])

    // The survivors still stop cleanly.
    for (const server of survivors)
      expect(await server.stop(), `${server.name}\n${server.output().slice(-1_500)}`).toBe(0)
  })
})
