import { createBoxOffice, createManualClock } from '@boxoffice/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresBookingStore, createPostgresQueueStore } from '../src/index.js'
import { createTestPool, createTestSchema, type TestSchema } from './support/test-database.js'

const pool = createTestPool()
let db: TestSchema

beforeAll(async () => {
  db = await createTestSchema(pool)
})
afterAll(async () => {
  await db.drop()
  await pool.end()
})

describe('postgres stores through the facade', () => {
  it('runs a whole sale: queue -> hold -> charge -> pay', async () => {
    const clock = createManualClock(new Date('2030-01-01T00:00:00Z'))
    const box = createBoxOffice({
      queue: createPostgresQueueStore({ pool, schema: db.schema }),
      booking: createPostgresBookingStore({ pool, schema: db.schema }),
      clock,
    })
    const concert = (await box.catalog.createConcert({ title: 'Gala' }))._unsafeUnwrap()
    const schedule = (
      await box.catalog.addSchedule({
        concertId: concert.concertId,
        startsAt: '2030-02-01T19:00:00Z',
        seats: 10,
        price: 500,
      })
    )._unsafeUnwrap()
    const ticket = (await box.queue.enter({ userId: 'u1', concertId: concert.concertId }))._unsafeUnwrap()
    expect(ticket).toMatchObject({ status: 'WAITING', rank: 1 })
    const report = (await box.queue.admit({ concertId: concert.concertId }))._unsafeUnwrap()
    expect(report).toMatchObject({ admitted: 1, active: 1, waiting: 0 })
    const hold = (
      await box.holds.hold({ userId: 'u1', token: ticket.token, scheduleId: schedule.scheduleId, seatNo: 3 })
    )._unsafeUnwrap()
    expect((await box.wallet.charge({ userId: 'u1', amount: 800 }))._unsafeUnwrap().balance).toBe(800)
    const paid = await box.payments.pay({
      userId: 'u1',
      token: ticket.token,
      holdId: hold.holdId,
      idempotencyKey: 'k1',
    })
    expect(paid._unsafeUnwrap().amount).toBe(500)
    expect((await box.wallet.balance({ userId: 'u1' }))._unsafeUnwrap()).toBe(300)
    expect((await box.queue.status({ token: ticket.token }))._unsafeUnwrapErr().type).toBe('TokenNotFound')
    const seats = (await box.catalog.listSeats({ scheduleId: schedule.scheduleId }))._unsafeUnwrap().seats
    expect(seats.find((s) => s.seatNo === 3)?.status).toBe('SOLD')
    const dates = (await box.catalog.listDates({ concertId: concert.concertId }))._unsafeUnwrap()
    expect(dates[0]?.availableSeats).toBe(9)
    const replay = await box.payments.pay({
      userId: 'u1',
      token: ticket.token,
      holdId: hold.holdId,
      idempotencyKey: 'k1',
    })
    expect(replay._unsafeUnwrap().paymentId).toBe(paid._unsafeUnwrap().paymentId)
    const history = (await box.wallet.history({ userId: 'u1' }))._unsafeUnwrap()
    expect(history.map((e) => [e.kind, e.amount, e.balanceAfter])).toEqual([
      ['PAYMENT', -500, 300],
      ['CHARGE', 800, 800],
    ])
  })
})
