import type { BookingEvent, BoxOffice, BoxOfficeEvent } from '@boxoffice/core'
import { describe, expect } from 'vitest'
import { keep, unexpected } from '../outcome.js'
import { scenarioFor, START, type Suite } from '../rig.js'
import { eventSubject } from '../invariants/event-agreement.js'
import { admitUser, fund, holdSeat, openSale } from '../sale-setup.js'

const iso = (ms: number): string => new Date(START.getTime() + ms).toISOString()

/** Every event of a stream from its start, following the cursor page by page. */
export async function readAll(box: BoxOffice, stream: string, pageSize = 1_000): Promise<BoxOfficeEvent[]> {
  const events: BoxOfficeEvent[] = []
  let after: string | undefined
  for (;;) {
    const page = await box.events.read({ stream, after, limit: pageSize }).match(keep, unexpected)
    events.push(...page.events)
    if (page.events.length < pageSize) return events
    after = page.cursor ?? undefined
  }
}

const typesOf = (events: readonly BoxOfficeEvent[]): string[] => events.map((event) => event.type)

/** The booking stream: one event per change, in order, filtered views, waiting readers and trimming. */
export function describeBookingEvents(suite: Suite): void {
  const scenario = scenarioFor(suite)

  describe('events: the booking stream', () => {
    scenario(
      'each change appends one event with its scope and data; refused calls append none',
      async ({ box, clock }) => {
        const { concertId, scheduleId } = await openSale(box, { seats: 3, price: 300 })
        const token = await admitUser(box, concertId, 'u1')
        await fund(box, 'u1', 1_000)
        clock.advance(1_000)
        const holdId = await holdSeat(box, { userId: 'u1', token, scheduleId, seatNo: 2 })
        // Refused: the seat is taken, the hold is not the caller's, a replayed charge adds nothing.
        const other = await admitUser(box, concertId, 'u2')
        await box.holds.hold({ userId: 'u2', token: other, scheduleId, seatNo: 2 }).match(unexpected, keep)
        await box.holds.release({ userId: 'u2', holdId }).match(unexpected, keep)
        await box.wallet.charge({ userId: 'u3', amount: 5, idempotencyKey: 'c1' }).match(keep, unexpected)
        await box.wallet.charge({ userId: 'u3', amount: 5, idempotencyKey: 'c1' }).match(keep, unexpected)
        const longer = await box.holds.extend({ userId: 'u1', holdId }).match(keep, unexpected)
        await box.holds.extend({ userId: 'u1', holdId }).match(unexpected, keep)
        const payment = await box.payments
          .pay({ userId: 'u1', token, holdId, idempotencyKey: 'k1' })
          .match(keep, unexpected)
        await box.payments.pay({ userId: 'u1', token, holdId, idempotencyKey: 'k1' }).match(keep, unexpected)

        const events = await readAll(box, 'booking')
        expect(typesOf(events)).toEqual([
          'WalletCharged',
          'HoldPlaced',
          'WalletCharged',
          'HoldExtended',
          'PaymentSettled',
        ])
        const seat = { concertId, scheduleId, userId: 'u1' }
        expect(events.slice(1)).toEqual([
          {
            id: expect.any(String),
            type: 'HoldPlaced',
            at: new Date(START.getTime() + 1_000),
            ...seat,
            data: { holdId, seatNos: [2], price: 300, expiresAt: iso(1_000 + 300_000) },
          },
          {
            id: expect.any(String),
            type: 'WalletCharged',
            at: new Date(START.getTime() + 1_000),
            userId: 'u3',
            data: { entryId: expect.any(String), amount: 5, balance: 5 },
          },
          {
            id: expect.any(String),
            type: 'HoldExtended',
            at: expect.any(Date),
            ...seat,
            data: { holdId, seatNos: [2], expiresAt: longer.expiresAt.toISOString() },
          },
          {
            id: expect.any(String),
            type: 'PaymentSettled',
            at: payment.paidAt,
            ...seat,
            data: { paymentId: payment.paymentId, holdId, seatNos: [2], amount: 300 },
          },
        ])
        const ids = events.map((event) => event.id)
        expect([...ids].sort()).toEqual(ids)
        expect(new Set(ids).size).toBe(ids.length)
      },
    )

    scenario('releasing and expiring a hold each append one event', async ({ box, clock }) => {
      const { concertId, scheduleId } = await openSale(box, { seats: 3 })
      const token = await admitUser(box, concertId, 'u1')
      const released = await holdSeat(box, { userId: 'u1', token, scheduleId, seatNo: 1 })
      await box.holds.release({ userId: 'u1', holdId: released }).match(keep, unexpected)
      await box.holds.release({ userId: 'u1', holdId: released }).match(unexpected, keep)
      const lapsed = await holdSeat(box, { userId: 'u1', token, scheduleId, seatNo: 3 })
      clock.advance(301_000)
      expect(await box.holds.expire().match(keep, unexpected)).toBe(1)
      expect(await box.holds.expire().match(keep, unexpected)).toBe(0)
      const events = (await readAll(box, 'booking')) as BookingEvent[]
      expect(events.map((event) => [event.type, 'holdId' in event.data ? event.data.holdId : null])).toEqual([
        ['HoldPlaced', released],
        ['HoldReleased', released],
        ['HoldPlaced', lapsed],
        ['HoldExpired', lapsed],
      ])
      expect(events[3]).toMatchObject({ concertId, scheduleId, userId: 'u1', data: { seatNos: [3] } })
    })

    scenario(
      'a refund appends PaymentRefunded; a cancellation appends ScheduleCancelled once, then one event per hold it releases and per payment it refunds',
      async ({ box }) => {
        const { concertId, scheduleId } = await openSale(box, { seats: 3, price: 300 })
        const pay = async (userId: string, token: string, holdId: string) =>
          (await box.payments.pay({ userId, token, holdId, idempotencyKey: `pay-${holdId}` }).match(keep, unexpected))
            .paymentId
        await fund(box, 'u1', 1_000)
        await fund(box, 'u2', 1_000)
        const first = await admitUser(box, concertId, 'u1')
        const refundedHold = await holdSeat(box, { userId: 'u1', token: first, scheduleId, seatNo: 1 })
        const refundedPayment = await pay('u1', first, refundedHold)
        const second = await admitUser(box, concertId, 'u2')
        const liveHold = await holdSeat(box, { userId: 'u2', token: second, scheduleId, seatNo: 3 })
        const soldHold = await holdSeat(box, { userId: 'u2', token: second, scheduleId, seatNo: 2 })
        await pay('u2', second, soldHold)
        const { cursor } = await box.events.read({ stream: 'booking', limit: 1_000 }).match(keep, unexpected)

        const refund = { userId: 'u1', paymentId: refundedPayment, idempotencyKey: 'r1' }
        await box.payments.refund(refund).match(keep, unexpected)
        // A replay and a second refund of the same payment change nothing and append nothing.
        await box.payments.refund(refund).match(keep, unexpected)
        await box.payments.refund({ ...refund, idempotencyKey: 'r2' }).match(unexpected, keep)
        await box.catalog.cancelSchedule({ scheduleId }).match(keep, unexpected)
        await box.catalog.cancelSchedule({ scheduleId }).match(keep, unexpected)

        const after = cursor ?? undefined
        const page = await box.events.read({ stream: 'booking', after, limit: 1_000 }).match(keep, unexpected)
        expect(page.events.map(eventSubject)).toEqual([
          `PaymentRefunded:${refundedHold}`,
          `ScheduleCancelled:${scheduleId}`,
          `HoldReleased:${liveHold}`,
          `PaymentRefunded:${soldHold}`,
        ])
        const [byUser, cancelled, , byCancellation] = page.events
        expect(byUser).toMatchObject({
          concertId,
          scheduleId,
          userId: 'u1',
          data: { paymentId: refundedPayment, holdId: refundedHold, seatNos: [1], amount: 300, reason: 'REQUESTED' },
        })
        expect(cancelled).toMatchObject({ concertId, scheduleId, data: {} })
        expect(cancelled?.userId).toBeUndefined()
        expect(byCancellation).toMatchObject({
          userId: 'u2',
          data: { holdId: soldHold, seatNos: [2], amount: 300, reason: 'SCHEDULE_CANCELLED' },
        })
      },
    )

    scenario('a narrowed stream shows the events of one concert, schedule or user, in order', async ({ box }) => {
      const a = await openSale(box, { seats: 3 })
      const b = await openSale(box, { title: 'Autumn', seats: 3 })
      const tokenA = await admitUser(box, a.concertId, 'u1')
      const tokenB = await admitUser(box, b.concertId, 'u2')
      const holdA = await holdSeat(box, { userId: 'u1', token: tokenA, scheduleId: a.scheduleId, seatNo: 1 })
      const holdB = await holdSeat(box, { userId: 'u2', token: tokenB, scheduleId: b.scheduleId, seatNo: 1 })
      await fund(box, 'u2', 10)
      const dataHold = (events: readonly BoxOfficeEvent[]): unknown[] =>
        events.map((event) => ('holdId' in event.data ? event.data.holdId : event.type))
      expect(dataHold(await readAll(box, `booking:schedule:${a.scheduleId}`))).toEqual([holdA])
      expect(dataHold(await readAll(box, `booking:concert:${b.concertId}`))).toEqual([holdB])
      expect(dataHold(await readAll(box, 'booking:user:u2'))).toEqual([holdB, 'WalletCharged'])
      expect(await readAll(box, 'booking:user:nobody')).toEqual([])
    })

    scenario('a reader following the cursor page by page sees each event once, in order', async ({ box }) => {
      for (let i = 1; i <= 7; i++) await fund(box, `u${i}`, i)
      const paged = await readAll(box, 'booking', 3)
      expect(paged.map((event) => event.userId)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7'])
      const last = paged.at(-1)?.id
      const after = await box.events.read({ stream: 'booking', after: last, limit: 10 }).match(keep, unexpected)
      expect(after).toEqual({ events: [], cursor: last })
      const empty = await box.events.read({ stream: 'booking:user:none', limit: 10 }).match(keep, unexpected)
      expect(empty).toEqual({ events: [], cursor: null })
    })

    scenario('a waiting reader is woken by the next change, and answers empty on timeout', async ({ box }) => {
      await fund(box, 'u1', 1)
      const [first] = await readAll(box, 'booking')
      const waiting = box.events.read({ stream: 'booking', after: first?.id, limit: 10, waitMs: 20_000 })
      await new Promise((resolve) => setTimeout(resolve, 50))
      await fund(box, 'u2', 2)
      const page = await waiting.match(keep, unexpected)
      expect(page.events.map((event) => event.userId)).toEqual(['u2'])
      const timedOut = await box.events
        .read({ stream: 'booking', after: page.cursor ?? undefined, limit: 10, waitMs: 100 })
        .match(keep, unexpected)
      expect(timedOut).toEqual({ events: [], cursor: page.cursor })
    })

    scenario('trim drops the events before the cursor and keeps the rest', async ({ box }) => {
      for (let i = 1; i <= 4; i++) await fund(box, `u${i}`, i)
      const events = await readAll(box, 'booking')
      const third = events[2]?.id ?? ''
      expect(await box.events.trim({ stream: 'booking', before: third }).match(keep, unexpected)).toBe(2)
      expect((await readAll(box, 'booking')).map((event) => event.userId)).toEqual(['u3', 'u4'])
      expect(await box.events.trim({ stream: 'booking', before: third }).match(keep, unexpected)).toBe(0)
    })

    scenario('a bad stream, cursor, limit or wait is a ValidationFailed naming the field', async ({ box }) => {
      const cases: [Record<string, unknown>, string][] = [
        [{ stream: 'bookings', limit: 1 }, 'stream'],
        [{ stream: 'booking:seat:1', limit: 1 }, 'stream'],
        [{ stream: 'queue:', limit: 1 }, 'stream'],
        [{ stream: 'booking', after: '42', limit: 1 }, 'after'],
        [{ stream: 'booking', limit: 0 }, 'limit'],
        [{ stream: 'booking', limit: 1_001 }, 'limit'],
        [{ stream: 'booking', limit: 1, waitMs: 60_001 }, 'waitMs'],
        [{ stream: 'booking' }, 'limit'],
      ]
      for (const [input, field] of cases) {
        const error = await box.events.read(input as never).match(unexpected, keep)
        expect(error).toMatchObject({ type: 'ValidationFailed', field })
      }
      const trim = await box.events.trim({ stream: 'booking', before: 'x' }).match(unexpected, keep)
      expect(trim).toMatchObject({ type: 'ValidationFailed', field: 'before' })
    })
  })
}
