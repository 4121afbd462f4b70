import { expect, it } from 'vitest'
import { balanceSchema, paymentSchema } from '../../src/index.ts'
import { errorOf } from './http-client.ts'
import {
  admittedBuyer,
  balanceOf,
  charge,
  createConcert,
  expectStatus,
  holdSeat,
  newUser,
  payHeaders,
} from './scenario.ts'
import type { Harness } from './server-harness.ts'

/** Retries with an Idempotency-Key have exactly one effect. */
export function idempotencyTests(harness: () => Harness): void {
  it('adds a retried charge once and answers the first balance again', async () => {
    const h = harness()
    const userId = newUser()
    expect(await charge(h, userId, 1_000, 'charge-a')).toBe(1_000)
    expect(await charge(h, userId, 500)).toBe(1_500)
    expect(await charge(h, userId, 1_000, 'charge-a')).toBe(1_000)
    expect(await balanceOf(h, userId)).toBe(1_500)

    const conflict = await h.call('POST', '/wallet/charges', {
      headers: { 'x-user-id': userId, 'idempotency-key': 'charge-a' },
      json: { amount: 2_000 },
    })
    expect(conflict.status).toBe(409)
    expect(errorOf(conflict)).toMatchObject({ type: 'IdempotencyConflict', idempotencyKey: 'charge-a' })
    expect(await balanceOf(h, userId)).toBe(1_500)

    // Keys belong to their user: another user's 'charge-a' is a fresh charge.
    const other = newUser()
    expect(await charge(h, other, 2_000, 'charge-a')).toBe(2_000)
  })

  it('charges exactly once when the same keyed charge is sent many times at once', async () => {
    const h = harness()
    const userId = newUser()
    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        h.call('POST', '/wallet/charges', {
          headers: { 'x-user-id': userId, 'idempotency-key': 'burst' },
          json: { amount: 700 },
        }),
      ),
    )
    for (const reply of replies) expect(balanceSchema.parse(expectStatus(reply, 200).body).balance).toBe(700)
    expect(await balanceOf(h, userId)).toBe(700)
  })

  it('returns the same payment for a retried pay, even after the token was completed, and debits once', async () => {
    const h = harness()
    const { concertId, scheduleIds } = await createConcert(h, { price: 30_000 })
    const buyer = await admittedBuyer(h, concertId)
    const hold = await holdSeat(h, buyer, scheduleIds[0] ?? '', 2)
    await charge(h, buyer.userId, 100_000)

    const pay = () =>
      h.call('POST', '/payments', { headers: payHeaders(buyer, 'checkout-7'), json: { holdId: hold.holdId } })
    const first = paymentSchema.parse(expectStatus(await pay(), 201).body)
    const retried = paymentSchema.parse(expectStatus(await pay(), 201).body)
    expect(retried).toEqual(first)
    expect(await balanceOf(h, buyer.userId)).toBe(70_000)

    const otherHold = await h.call('POST', '/payments', {
      headers: payHeaders(buyer, 'checkout-7'),
      json: { holdId: 'another-hold' },
    })
    expect(otherHold.status).toBe(409)
    expect(errorOf(otherHold).type).toBe('IdempotencyConflict')
    expect(await balanceOf(h, buyer.userId)).toBe(70_000)
  })

  it('pays once when the same keyed payment is sent many times at once', async () => {
    const h = harness()
    const { concertId, scheduleIds } = await createConcert(h, { price: 10_000 })
    const buyer = await admittedBuyer(h, concertId)
    const hold = await holdSeat(h, buyer, scheduleIds[0] ?? '', 1)
    await charge(h, buyer.userId, 50_000)
    const replies = await Promise.all(
      Array.from({ length: 10 }, () =>
        h.call('POST', '/payments', { headers: payHeaders(buyer, 'double-click'), json: { holdId: hold.holdId } }),
      ),
    )
    const payments = replies.map((reply) => paymentSchema.parse(expectStatus(reply, 201).body))
    expect(new Set(payments.map((payment) => payment.paymentId)).size).toBe(1)
    expect(await balanceOf(h, buyer.userId)).toBe(40_000)
  })
}
