import { createBoxOffice, createManualClock } from '@boxoffice/core'
import { describe, expect, it } from 'vitest'
import { createMemoryStores } from '../src/index.js'

describe('memory stores through the facade', () => {
  it('runs a whole sale: queue -> hold -> charge -> pay', async () => {
    const clock = createManualClock(new Date('2030-01-01T00:00:00Z'))
    const box = createBoxOffice({ ...createMemoryStores(), clock })
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
    expect((await box.queue.admit({ concertId: concert.concertId }))._unsafeUnwrap().admitted).toBe(1)
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
    const replay = await box.payments.pay({
      userId: 'u1',
      token: ticket.token,
      holdId: hold.holdId,
      idempotencyKey: 'k1',
    })
    expect(replay._unsafeUnwrap().paymentId).toBe(paid._unsafeUnwrap().paymentId)
  })

  it('answers rank from the line without walking it', async () => {
    const box = createBoxOffice({ ...createMemoryStores() })
    const tickets = []
    for (let i = 0; i < 3000; i++)
      tickets.push((await box.queue.enter({ userId: `u${i}`, concertId: 'c1' }))._unsafeUnwrap())
    expect(tickets.map((t) => t.rank)).toEqual(tickets.map((_, i) => i + 1))
    await box.queue.leave({ token: tickets[10]!.token })
    expect((await box.queue.status({ token: tickets[2999]!.token }))._unsafeUnwrap().rank).toBe(2999)
    await box.queue.admit({ concertId: 'c1' })
    expect((await box.queue.status({ token: tickets[2999]!.token }))._unsafeUnwrap().rank).toBe(2899)
  })
})
