import {
  describeSeed,
  faultSeed,
  killAtRandomMoments,
  seededRandom,
  shuffledBy,
  watchUncaught,
} from '@boxoffice/adapter-test'
import { resolvePolicy } from '@boxoffice/core'
import type { Result, ResultAsync } from 'neverthrow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresBookingStore, createPostgresQueueStore, migrate } from '../src/index.js'
import { createVictimPool } from './support/backend-killer.js'
import { brokenInvariants } from './support/booking-invariants.js'
import { holdCommand, openSale, payCommand, START, tally } from './support/sale-fixture.js'
import { createTestPool, createTestSchema, type TestSchema } from './support/test-database.js'

/*
 * Backends terminated (pg_terminate_backend, as a failover or a proxy's idle
 * timeout would end them) again and again, at moments drawn from a logged
 * seed, while every path that borrows a connection runs: pay, keyed charge,
 * hold, enter's replacement of a dead token, the admit tick and migrate.
 */

const admin = createTestPool(3)
let db: TestSchema

beforeAll(async () => {
  db = await createTestSchema(admin, 'bo_death')
})
afterAll(async () => {
  await db.drop()
  await admin.end()
})

const policy = resolvePolicy().queue
// Past every waiting token's idle limit: each enter must replace the user's dead token (the transaction path).
const LATER = new Date(START.getTime() + policy.waitingIdleTtlMs + 1_000)
const BUYERS = 200
const PRICE = 100
const FUNDS = 150
const TOP_UP = 7

type Outcome = Result<unknown, { readonly type: string }>

const settle = async <T, E extends { readonly type: string }>(call: ResultAsync<T, E>): Promise<Outcome> => call

/** Calls `attempt(i, n)` for each index that did not answer ok, round after round, until all do (or rounds run out). */
async function retryUntilOk(
  first: readonly Outcome[],
  attempt: (i: number, round: number) => Promise<Outcome>,
): Promise<Outcome[]> {
  const outcomes = [...first]
  for (let round = 1; round <= 5 && outcomes.some((outcome) => outcome.isErr()); round++) {
    await Promise.all(
      outcomes.map(async (outcome, i) => {
        if (outcome.isErr()) outcomes[i] = await attempt(i, round)
      }),
    )
  }
  return outcomes
}

describe('connections terminated at random moments', () => {
  it('every path answers ok or StoreUnavailable, nothing escapes as an uncaught error, and same-key retries finish every payment and charge exactly once', async () => {
    const seed = faultSeed()
    const context = describeSeed('postgres connection death', seed)
    console.info(context)
    const random = seededRandom(seed)
    const victim = createVictimPool(admin, 10)
    const booking = createPostgresBookingStore({ pool: victim.pool, schema: db.schema })
    const queue = createPostgresQueueStore({ pool: victim.pool, schema: db.schema })
    const sale = await openSale(booking, 'death', BUYERS * 2, PRICE)
    const user = (i: number): string => `d-user-${i}`
    const setUp: (() => Promise<void>)[] = []
    // Set-up, twenty buyers at a time, before any connection is killed.
    for (let i = 0; i < BUYERS; i++)
      setUp.push(async () => {
        ;(
          await booking.holdSeat(holdCommand({ ...sale, holdId: `d-hold-${i}`, userId: user(i), seatNo: i + 1 }))
        )._unsafeUnwrap()
        ;(
          await booking.charge({
            entryId: `d-fund-${i}`,
            userId: user(i),
            amount: FUNDS,
            idempotencyKey: null,
            maxBalance: 1e8,
            now: START,
          })
        )._unsafeUnwrap()
        ;(
          await queue.enter({
            token: `${sale.concertId}~first-${i}`,
            userId: user(i),
            concertId: sale.concertId,
            now: START,
            policy,
          })
        )._unsafeUnwrap()
      })
    for (let start = 0; start < setUp.length; start += 20)
      await Promise.all(setUp.slice(start, start + 20).map((step) => step()))

    const pay = async (i: number, attempt: number): Promise<Outcome> =>
      booking.pay(
        payCommand({
          paymentId: `d-pay-${i}-${attempt}`,
          entryId: `d-entry-${i}-${attempt}`,
          userId: user(i),
          holdId: `d-hold-${i}`,
          idempotencyKey: `d-pay-key-${i}`,
          concertId: sale.concertId,
        }),
      )
    const charge = async (i: number, attempt: number): Promise<Outcome> =>
      booking.charge({
        entryId: `d-top-up-${i}-${attempt}`,
        userId: user(i),
        amount: TOP_UP,
        idempotencyKey: `d-charge-key-${i}`,
        maxBalance: 1e8,
        now: START,
      })
    const enter = async (i: number, attempt: number): Promise<Outcome> =>
      queue.enter({
        token: `${sale.concertId}~again-${i}-${attempt}`,
        userId: user(i),
        concertId: sale.concertId,
        now: LATER,
        policy,
      })
    const holdAnother = async (i: number): Promise<Outcome> =>
      booking.holdSeat(holdCommand({ ...sale, holdId: `d-extra-${i}`, userId: user(i), seatNo: BUYERS + i + 1 }))

    const pays: Promise<Outcome>[] = []
    const charges: Promise<Outcome>[] = []
    const enters: Promise<Outcome>[] = []
    const others: Promise<Outcome>[] = []
    const uncaught = watchUncaught()
    const kills = killAtRandomMoments(victim.kill, random, 25)
    const calls: (() => void)[] = []
    for (let i = 0; i < BUYERS; i++) {
      calls.push(() => void (pays[i] = pay(i, 0)))
      calls.push(() => void (charges[i] = charge(i, 0)))
      calls.push(() => void (enters[i] = enter(i, 0)))
      calls.push(() => void others.push(holdAnother(i)))
      if (i % 40 === 0)
        calls.push(() => void others.push(settle(queue.admit({ concertId: sale.concertId, now: LATER, policy }))))
      if (i % 80 === 0) calls.push(() => void others.push(settle(migrate(victim.pool, { schema: db.schema }))))
    }
    for (const call of shuffledBy(calls, random)) call()
    const settled = await Promise.allSettled([...pays, ...charges, ...enters, ...others])
    const killed = await kills.stop()
    // Connections killed at the very end may still report: let their events drain before judging.
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(uncaught.stop(), context).toEqual([])

    expect(
      settled.filter((entry) => entry.status === 'rejected'),
      context,
    ).toEqual([])
    const answered = await Promise.all([...pays, ...charges, ...enters, ...others])
    const counts = tally(answered)
    expect(
      Object.keys(counts).filter((type) => type !== 'ok' && type !== 'StoreUnavailable'),
      context,
    ).toEqual([])
    expect(killed, context).toBeGreaterThan(0)
    expect(counts.StoreUnavailable ?? 0, context).toBeGreaterThan(0)
    expect(await brokenInvariants(admin, db.schema), context).toEqual({})

    // A call that answered StoreUnavailable may or may not have committed; the same key settles it.
    const paid = await retryUntilOk(await Promise.all(pays), pay)
    const charged = await retryUntilOk(await Promise.all(charges), charge)
    const entered = await retryUntilOk(await Promise.all(enters), enter)
    expect(tally(paid), context).toEqual({ ok: BUYERS })
    expect(tally(charged), context).toEqual({ ok: BUYERS })
    expect(tally(entered), context).toEqual({ ok: BUYERS })

    const s = `"${db.schema}"`
    const money = await admin.query(`
      SELECT (SELECT count(*)::int FROM ${s}.payments) AS payments,
             (SELECT count(*)::int FROM ${s}.ledger_entries WHERE idempotency_key LIKE 'd-charge-key-%') AS top_ups,
             (SELECT count(*)::int FROM ${s}.wallets WHERE balance <> ${FUNDS + TOP_UP - PRICE}) AS wrong_balances`)
    expect(money.rows[0], context).toEqual({ payments: BUYERS, top_ups: BUYERS, wrong_balances: 0 })
    const line = await admin.query(
      `SELECT count(DISTINCT user_id)::int AS users, count(*)::int AS live,
              count(*) FILTER (WHERE status = 'ACTIVE')::int AS active
         FROM ${s}.queue_tokens WHERE concert_id = $1`,
      [sale.concertId],
    )
    expect(line.rows[0]?.users, context).toBe(BUYERS)
    expect(line.rows[0]?.live, context).toBe(BUYERS)
    expect(line.rows[0]?.active, context).toBeLessThanOrEqual(policy.maxActive)
    expect(await brokenInvariants(admin, db.schema), context).toEqual({})
    await victim.pool.end()
  })
})
