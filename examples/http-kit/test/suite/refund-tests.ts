import { expect, it } from 'vitest'
import {
  cancelReportSchema,
  paymentSchema,
  paymentSummarySchema,
  refundSchema,
  scheduleDateSchema,
  seatSchema,
} from '../../src/index.ts'
import { errorOf } from './http-client.ts'
import {
  adminHeaders,
  admittedBuyer,
  balanceOf,
  charge,
  createConcert,
  expectStatus,
  holdSeat,
  newUser,
  payHeaders,
  type Buyer,
} from './scenario.ts'
import type { Harness } from './server-harness.ts'

/** A buyer who paid for `seatNo` of the concert's schedule at `date` (its dates start 1, 2... days from now). */
async function paidSeat(h: Harness, seatNo = 1, date = 1) {
  const concert = await createConcert(h, { seats: 5, price: 300, dates: 2 })
  const scheduleId = concert.scheduleIds[date] ?? ''
  const buyer = await admittedBuyer(h, concert.concertId)
  await charge(h, buyer.userId, 1_000)
  const hold = await holdSeat(h, buyer, scheduleId, seatNo)
  const paid = await h.call('POST', '/payments', {
    headers: payHeaders(buyer, `pay-${buyer.userId}`),
    json: { holdId: hold.holdId },
  })
  const payment = paymentSchema.parse(expectStatus(paid, 201).body)
  return { concert, scheduleId, buyer, payment }
}

const user = (buyer: Buyer | string): Record<string, string> => ({
  'x-user-id': typeof buyer === 'string' ? buyer : buyer.userId,
})

/** Refunds, the payments a user reads, and a cancelled date, over HTTP. */
export function refundTests(harness: () => Harness): void {
  it('a buyer finds a payment, refunds it once, and the seat can be held again', async () => {
    const h = harness()
    // the second date starts in two days: inside the 24 h refund cutoff only tomorrow
    const { concert, scheduleId, buyer, payment } = await paidSeat(h, 2, 1)
    const listed = paymentSummarySchema
      .array()
      .parse(expectStatus(await h.call('GET', '/payments', { headers: user(buyer) }), 200).body)
    expect(listed.map((p) => [p.paymentId, p.status, p.refundedAt])).toEqual([[payment.paymentId, 'PAID', null]])

    const path = `/payments/${payment.paymentId}/refund`
    const headers = { ...user(buyer), 'idempotency-key': 'refund-1' }
    const refund = refundSchema.parse(expectStatus(await h.call('POST', path, { headers }), 200).body)
    expect(refund).toMatchObject({
      paymentId: payment.paymentId,
      amount: 300,
      reason: 'REQUESTED',
      idempotencyKey: 'refund-1',
    })
    const replay = refundSchema.parse(expectStatus(await h.call('POST', path, { headers }), 200).body)
    expect(replay).toEqual(refund)
    expect(await balanceOf(h, buyer.userId)).toBe(1_000)

    const shown = paymentSummarySchema.parse(
      expectStatus(await h.call('GET', `/payments/${payment.paymentId}`, { headers: user(buyer) }), 200).body,
    )
    expect(shown.status).toBe('REFUNDED')
    const again = await h.call('POST', path, { headers: { ...user(buyer), 'idempotency-key': 'refund-2' } })
    expect(again.status).toBe(409)
    expect(errorOf(again).type).toBe('AlreadyRefunded')

    const other = await admittedBuyer(h, concert.concertId)
    const seats = seatSchema
      .array()
      .parse((await h.call('GET', `/schedules/${scheduleId}/seats`, { headers: other.headers })).body)
    expect(seats.find((seat) => seat.seatNo === 2)?.status).toBe('AVAILABLE')
    expect((await holdSeat(h, other, scheduleId, 2)).status).toBe('HELD')
  })

  it('answers the refusals with their statuses: 403 not yours, 404 unknown, 400 no key, 409 too late', async () => {
    const h = harness()
    const { buyer, payment } = await paidSeat(h, 1, 1)
    const path = `/payments/${payment.paymentId}/refund`
    const stranger = newUser()
    const notYours = await h.call('POST', path, { headers: { ...user(stranger), 'idempotency-key': 'k' } })
    expect([notYours.status, errorOf(notYours).type]).toEqual([403, 'NotPaymentOwner'])
    const hidden = await h.call('GET', `/payments/${payment.paymentId}`, { headers: user(stranger) })
    expect([hidden.status, errorOf(hidden).type]).toEqual([404, 'PaymentNotFound'])
    const unknown = await h.call('POST', '/payments/p-unknown/refund', {
      headers: { ...user(buyer), 'idempotency-key': 'k' },
    })
    expect([unknown.status, errorOf(unknown).type]).toEqual([404, 'PaymentNotFound'])
    const noKey = await h.call('POST', path, { headers: user(buyer) })
    expect([noKey.status, errorOf(noKey).type]).toEqual([400, 'MissingIdempotencyKey'])

    // the first date starts in 24 h: its refunds closed the moment it was set up
    const early = await paidSeat(h, 1, 0)
    const late = await h.call('POST', `/payments/${early.payment.paymentId}/refund`, {
      headers: { ...user(early.buyer), 'idempotency-key': 'k' },
    })
    expect([late.status, errorOf(late).type]).toEqual([409, 'RefundWindowClosed'])
    expect(await balanceOf(h, early.buyer.userId)).toBe(700)
  })

  it('an admin cancels a date: sales refunded, the date CANCELLED, new holds 410 ScheduleCancelled', async () => {
    const h = harness()
    const { concert, scheduleId, buyer } = await paidSeat(h, 1, 1)
    const path = `/admin/schedules/${scheduleId}/cancel`
    const anonymous = await h.call('POST', path, { json: {} })
    expect([anonymous.status, errorOf(anonymous).type]).toEqual([401, 'AdminUnauthorized'])
    const report = cancelReportSchema.parse(
      expectStatus(await h.call('POST', path, { headers: adminHeaders(h), json: {} }), 200).body,
    )
    expect(report).toEqual({ scheduleId, released: 0, refunded: 1, remaining: 0 })
    expect(await balanceOf(h, buyer.userId)).toBe(1_000)

    const other = await admittedBuyer(h, concert.concertId)
    const dates = scheduleDateSchema
      .array()
      .parse((await h.call('GET', `/concerts/${concert.concertId}/dates`, { headers: other.headers })).body)
    expect(dates.find((d) => d.scheduleId === scheduleId)?.status).toBe('CANCELLED')
    const refused = await h.call('POST', '/holds', { headers: other.headers, json: { scheduleId, seatNo: 3 } })
    expect([refused.status, errorOf(refused).type]).toEqual([410, 'ScheduleCancelled'])
    const missing = await h.call('POST', '/admin/schedules/s-unknown/cancel', {
      headers: adminHeaders(h),
      json: { limit: 5 },
    })
    expect([missing.status, errorOf(missing).type]).toEqual([404, 'ScheduleNotFound'])
  })
}
