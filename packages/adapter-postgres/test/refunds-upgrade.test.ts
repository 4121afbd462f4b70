import { createBoxOffice, createManualClock } from '@boxoffice/core'
import { afterAll, describe, expect, it } from 'vitest'
import { createPostgresBookingStore, createPostgresQueueStore, migrate } from '../src/index.js'
import { brokenInvariants } from './support/booking-invariants.js'
import { createReleaseSchema } from './support/release-data.js'
import { createTestPool } from './support/test-database.js'

const pool = createTestPool(5)
const drops: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const drop of drops) await drop()
  await pool.end()
})

const at = (iso: string): Date => new Date(iso)

describe('migration 0006 on a database of the previous release (0005)', () => {
  it('refunds the sales made before it, cancels a date with old sales and holds, and keeps every invariant', async () => {
    // 0.1.0's data (paid sales, charges, live and lapsed holds), upgraded to 0005: the previous release.
    const release = await createReleaseSchema(pool, 'bo_refunds_upgrade')
    drops.push(release.drop)
    const { schema } = release
    expect((await migrate(pool, { schema, toVersion: 5 }))._unsafeUnwrap().version).toBe(5)
    const report = (await migrate(pool, { schema }))._unsafeUnwrap()
    expect(report.applied).toContain('0006_refunds.sql')
    expect(await brokenInvariants(pool, schema)).toEqual({})

    const clock = createManualClock(at('2030-01-01T09:06:10.000Z'))
    const box = createBoxOffice({
      queue: createPostgresQueueStore({ pool, schema }),
      booking: createPostgresBookingStore({ pool, schema }),
      clock,
    })

    // every old schedule reads SCHEDULED, every old payment PAID
    const dates = (await box.catalog.listDates({ concertId: 'concert-0001' }))._unsafeUnwrap()
    expect(dates.map((d) => [d.scheduleId, d.status])).toEqual([
      ['schedule-0003', 'SCHEDULED'],
      ['schedule-0004', 'SCHEDULED'],
    ])
    const adas = (await box.payments.list({ userId: 'ada' }))._unsafeUnwrap()
    expect(adas.map((p) => [p.paymentId, p.status, p.seatNos])).toEqual([
      ['payment-0022', 'PAID', [2]],
      ['payment-0019', 'PAID', [1]],
    ])

    // ada refunds a sale made before the upgrade: 80 back, seat 1 free again
    const refund = (
      await box.payments.refund({ userId: 'ada', paymentId: 'payment-0019', idempotencyKey: 'ada-refund' })
    )._unsafeUnwrap()
    expect(refund).toMatchObject({ paymentId: 'payment-0019', amount: 80, reason: 'REQUESTED' })
    expect((await box.wallet.balance({ userId: 'ada' }))._unsafeUnwrap()).toBe(520)
    const seats = (await box.catalog.listSeats({ scheduleId: 'schedule-0003' }))._unsafeUnwrap().seats
    expect(seats.slice(0, 2).map((s) => s.status)).toEqual(['AVAILABLE', 'SOLD'])
    // an old pay key is still a pay key: it cannot refund
    const reused = await box.payments.refund({ userId: 'ada', paymentId: 'payment-0022', idempotencyKey: 'ada-pay-2' })
    expect(reused._unsafeUnwrapErr().type).toBe('IdempotencyConflict')

    // schedule-0004 holds bob's old sale and fay's old live hold: cancelling refunds and releases them
    const step = (await box.catalog.cancelSchedule({ scheduleId: 'schedule-0004' }))._unsafeUnwrap()
    expect(step).toEqual({ scheduleId: 'schedule-0004', released: 1, refunded: 1, remaining: 0 })
    expect((await box.wallet.balance({ userId: 'bob' }))._unsafeUnwrap()).toBe(200)
    const cancelled = (await box.catalog.listSeats({ scheduleId: 'schedule-0004' }))._unsafeUnwrap()
    expect(cancelled.schedule.status).toBe('CANCELLED')
    expect(cancelled.seats.map((s) => s.status)).toEqual(['AVAILABLE', 'AVAILABLE', 'AVAILABLE'])
    expect(await brokenInvariants(pool, schema)).toEqual({})
  })
})
