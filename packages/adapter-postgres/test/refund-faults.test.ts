import { describeSeed, faultSeed, killAtRandomMoments, seededRandom } from '@boxoffice/adapter-test'
import type { Refund } from '@boxoffice/core'
import type { Result } from 'neverthrow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresBookingStore } from '../src/index.js'
import { brokenInvariants } from './support/booking-invariants.js'
import { holdCommand, openSale, payCommand, START, tally } from './support/sale-fixture.js'
import {
  createTestPool,
  createTestSchema,
  randomSchemaName,
  terminateBackends,
  type TestSchema,
} from './support/test-database.js'

const admin = createTestPool(3)
let db: TestSchema

beforeAll(async () => {
  db = await createTestSchema(admin, 'bo_refund_faults')
})
afterAll(async () => {
  await db.drop()
  await admin.end()
})

/** `buyers` users, each with one paid seat of one schedule (price 100, 50 points left). */
async function paidSale(id: string, buyers: number): Promise<{ concertId: string; scheduleId: string }> {
  const booking = createPostgresBookingStore({ pool: admin, schema: db.schema })
  const sale = await openSale(booking, id, buyers, 100)
  for (let i = 0; i < buyers; i++) {
    const userId = `${id}-user-${i}`
    const charge = { entryId: `${id}-charge-${i}`, userId, amount: 150, idempotencyKey: null, maxBalance: 1e8 }
    ;(await booking.charge({ ...charge, now: START }))._unsafeUnwrap()
    ;(
      await booking.holdSeat(holdCommand({ ...sale, holdId: `${id}-hold-${i}`, userId, seatNo: i + 1 }))
    )._unsafeUnwrap()
    const pay = { paymentId: `${id}-pay-${i}`, entryId: `${id}-entry-${i}`, userId, holdId: `${id}-hold-${i}` }
    ;(await booking.pay(payCommand({ ...pay, idempotencyKey: 'k', concertId: sale.concertId })))._unsafeUnwrap()
  }
  return sale
}

const count = async (sql: string): Promise<number> => {
  const { rows } = await admin.query<{ n: number }>(sql)
  return rows[0]?.n ?? -1
}

describe('connections killed in the middle of refunds and cancellations', () => {
  it('refunds: every call answers a Result, no half-done refund is left, and a retry with its key finishes', async () => {
    const seed = faultSeed()
    const applicationName = randomSchemaName('bo_refund_victim')
    const pool = createTestPool(10, { application_name: applicationName })
    const booking = createPostgresBookingStore({ pool, schema: db.schema })
    const buyers = 200
    await paidSale('rf', buyers)
    const refund = async (i: number, attempt: number): Promise<Result<Refund, { readonly type: string }>> =>
      await booking.refund({
        refundId: `rf-refund-${i}-${attempt}`,
        entryId: `rf-refund-entry-${i}-${attempt}`,
        paymentId: `rf-pay-${i}`,
        userId: `rf-user-${i}`,
        idempotencyKey: `rf-key-${i}`,
        cutoffMs: 24 * 3_600_000,
        now: START,
      })

    const kills = killAtRandomMoments(() => terminateBackends(admin, applicationName), seededRandom(seed))
    const settled = await Promise.allSettled(Array.from({ length: buyers }, (_, i) => refund(i, 0)))
    const killed = await kills.stop()
    expect(
      settled.every((entry) => entry.status === 'fulfilled'),
      describeSeed('refunds', seed),
    ).toBe(true)
    const outcomes = settled.map((entry) => (entry as PromiseFulfilledResult<Result<Refund, { type: string }>>).value)
    const counts = tally(outcomes)
    expect(Object.keys(counts).filter((type) => !['ok', 'StoreUnavailable', 'StoreConflict'].includes(type))).toEqual(
      [],
    )
    expect(killed).toBeGreaterThan(0)
    expect(await brokenInvariants(admin, db.schema)).toEqual({})

    // The same key again: the refund that committed is replayed, the one that did not is made now.
    const retried = await Promise.all(outcomes.map((outcome, i) => (outcome.isOk() ? outcome : refund(i, 1))))
    expect(tally(retried)).toEqual({ ok: buyers })
    expect(await count(`SELECT count(*)::int AS n FROM "${db.schema}".refunds WHERE payment_id LIKE 'rf-%'`)).toBe(
      buyers,
    )
    expect(
      await count(`SELECT sum(balance)::int AS n FROM "${db.schema}".wallets WHERE user_id LIKE 'rf-user-%'`),
    ).toBe(buyers * 150)
    expect(await brokenInvariants(admin, db.schema)).toEqual({})
    await pool.end()
  })

  it('cancellation: three callers killed at random moments, re-run until done, refund every payment exactly once', async () => {
    const seed = faultSeed()
    const applicationName = randomSchemaName('bo_cancel_victim')
    const pool = createTestPool(6, { application_name: applicationName })
    const booking = createPostgresBookingStore({ pool, schema: db.schema })
    const buyers = 400
    const { scheduleId } = await paidSale('cf', buyers)

    const failures: string[] = []
    const caller = async (): Promise<void> => {
      for (;;) {
        const step = await booking.cancelSchedule({ scheduleId, limit: 40, now: START })
        if (step.isErr()) failures.push(step.error.type)
        else if (step.value.remaining === 0) return
      }
    }
    // Kills for a while, then none: the callers, still running, finish the work by re-running.
    const kills = killAtRandomMoments(() => terminateBackends(admin, applicationName), seededRandom(seed), 40)
    const callers = Promise.all([caller(), caller(), caller()])
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    const killed = await kills.stop()
    await callers
    expect(killed, describeSeed('cancellation', seed)).toBeGreaterThan(0)
    expect(failures.filter((type) => type !== 'StoreUnavailable' && type !== 'StoreConflict')).toEqual([])
    expect(await brokenInvariants(admin, db.schema)).toEqual({})
    expect(await count(`SELECT count(*)::int AS n FROM "${db.schema}".refunds WHERE payment_id LIKE 'cf-%'`)).toBe(
      buyers,
    )
    expect(
      await count(`SELECT sum(balance)::int AS n FROM "${db.schema}".wallets WHERE user_id LIKE 'cf-user-%'`),
    ).toBe(buyers * 150)
    const again = (await booking.cancelSchedule({ scheduleId, limit: 40, now: START }))._unsafeUnwrap()
    expect(again).toEqual({ scheduleId, released: 0, refunded: 0, remaining: 0 })
    await pool.end()
  }, 240_000)
})
