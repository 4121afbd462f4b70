import { afterAll, describe, expect, it } from 'vitest'
import { createPostgresBookingStore, migrate } from '../src/index.js'
import { brokenInvariants } from './support/booking-invariants.js'
import { createReleaseSchema } from './support/release-data.js'
import { holdCommand, payCommand } from './support/sale-fixture.js'
import { createTestPool } from './support/test-database.js'

const pool = createTestPool(5)
const drops: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const drop of drops) await drop()
  await pool.end()
})

const now = new Date('2030-01-01T09:06:05.000Z')

describe('migration 0007 on a database holding data of the previous version', () => {
  it('replays the keys recorded before it, pays a hold placed before it, and keeps every invariant', async () => {
    const release = await createReleaseSchema(pool, 'bo_payone')
    drops.push(release.drop)
    const { schema } = release
    // The previous version: 0.1.0's data, migrated to 0005, and a hold placed there.
    ;(await migrate(pool, { schema, toVersion: 5 }))._unsafeUnwrap()
    const booking = createPostgresBookingStore({ pool, schema })
    const sale = { concertId: 'concert-0001', scheduleId: 'schedule-0003' }
    const held = await booking.holdSeat(holdCommand({ ...sale, holdId: 'h-before', userId: 'ada', seatNo: 6, now }))
    expect(held._unsafeUnwrap()).toMatchObject({ status: 'HELD', price: 80 })

    const report = (await migrate(pool, { schema }))._unsafeUnwrap()
    expect(report.applied).toContain('0007_pay_in_one_round_trip.sql')

    // A pay key of 0.1.0 replays its payment, with no paying token (0.1.0 kept none).
    const replayed = await booking.pay(
      payCommand({
        paymentId: 'p-new',
        entryId: 'e-new',
        userId: 'bob',
        holdId: 'hold-0025',
        idempotencyKey: 'bob-pay',
        concertId: 'concert-0001',
        now,
      }),
    )
    expect(replayed._unsafeUnwrap()).toMatchObject({
      replayed: true,
      token: null,
      payment: { paymentId: 'payment-0026', userId: 'bob', holdId: 'hold-0025', amount: 150, seatNos: [1] },
    })
    // The same key for another hold, or a charge key used to pay: a conflict.
    const otherHold = await booking.pay(
      payCommand({
        paymentId: 'p-x',
        entryId: 'e-x',
        userId: 'bob',
        holdId: 'h-before',
        idempotencyKey: 'bob-pay',
        concertId: 'concert-0001',
        now,
      }),
    )
    expect(otherHold._unsafeUnwrapErr()).toMatchObject({ type: 'IdempotencyConflict' })
    const chargeKey = await booking.pay(
      payCommand({
        paymentId: 'p-y',
        entryId: 'e-y',
        userId: 'ada',
        holdId: 'h-before',
        idempotencyKey: 'ada-topup-1',
        concertId: 'concert-0001',
        now,
      }),
    )
    expect(chargeKey._unsafeUnwrapErr()).toMatchObject({ type: 'IdempotencyConflict' })

    // A charge key of 0.1.0 replays its receipt; with another amount it conflicts.
    const charge = { userId: 'fay', idempotencyKey: 'fay-1', maxBalance: 10_000, now }
    const again = await booking.charge({ ...charge, entryId: 'e-fay', amount: 10 })
    expect(again._unsafeUnwrap()).toMatchObject({ balance: 10, entry: { entryId: 'entry-0033', amount: 10 } })
    const changed = await booking.charge({ ...charge, entryId: 'e-fay-2', amount: 11 })
    expect(changed._unsafeUnwrapErr()).toMatchObject({ type: 'IdempotencyConflict' })

    // The hold placed before the upgrade is paid by the new function, once.
    const paid = await booking.pay(
      payCommand({
        paymentId: 'p-ada',
        entryId: 'e-ada',
        userId: 'ada',
        holdId: 'h-before',
        idempotencyKey: 'ada-pay-3',
        concertId: 'concert-0001',
        now,
      }),
    )
    expect(paid._unsafeUnwrap()).toMatchObject({ replayed: false, payment: { paymentId: 'p-ada', amount: 80 } })
    expect((await booking.balance({ userId: 'ada' }))._unsafeUnwrap()).toBe(360)
    const seats = (await booking.listSeats({ scheduleId: 'schedule-0003', now }))._unsafeUnwrap().seats
    expect(seats.find((seat) => seat.seatNo === 6)?.status).toBe('SOLD')
    expect(await brokenInvariants(pool, schema)).toEqual({})
  })
})
