import { storeUnavailable, type BoxOffice } from '@boxoffice/core'
import { errAsync, okAsync } from 'neverthrow'
import { describe, expect } from 'vitest'
import { keep, unexpected } from '../outcome.js'
import { scenarioFor, type Stores, type Suite } from '../rig.js'
import { admitUser, fund, holdSeat, openSale, tokenStatus } from '../sale-setup.js'

/** One port method answered by `answer` instead of the store; every other call reaches the store. */
function replacing<S extends object>(store: S, method: keyof S, answer: (...args: unknown[]) => unknown): S {
  return new Proxy(store, {
    get: (target, property, receiver) => (property === method ? answer : Reflect.get(target, property, receiver)),
  })
}

/** A queue whose `complete` fails as a lost store would: a payment that settles but cannot end its token. */
const completionFails = ({ queue, booking }: Stores): Stores => ({
  booking,
  queue: replacing(queue, 'complete', () => errAsync(storeUnavailable(new Error('connection lost')))),
})

/** A booking store whose first `findPayment` misses: the lookup ran before a concurrent call with the key paid. */
function lookupRacedOnce({ queue, booking }: Stores): Stores {
  let missed = false
  return {
    queue,
    booking: replacing(booking, 'findPayment', (...args: unknown[]) => {
      if (missed) return booking.findPayment(...(args as Parameters<Stores['booking']['findPayment']>))
      missed = true
      return okAsync(null)
    }),
  }
}

/** u1: admitted to a concert of its own, 1,000 points, holding seat 1 (price 300). */
async function holding(box: BoxOffice, title: string): Promise<{ concertId: string; token: string; holdId: string }> {
  const sale = await openSale(box, { title })
  const token = await admitUser(box, sale.concertId, 'u1')
  await fund(box, 'u1', 1_000)
  const holdId = await holdSeat(box, { userId: 'u1', token, scheduleId: sale.scheduleId, seatNo: 1 })
  return { concertId: sale.concertId, token, holdId }
}

/** u1's ACTIVE token for a second concert: the payer's next turn in another line. */
async function nextTurn(box: BoxOffice): Promise<string> {
  const second = await openSale(box, { title: 'Second Night' })
  return admitUser(box, second.concertId, 'u1')
}

/**
 * A replayed pay has exactly one effect (invariant 9): it answers the stored
 * payment and may complete only the token that made the payment, while that
 * token is still live; never the token the replay happens to carry.
 */
export function describePaymentReplays(suite: Suite): void {
  const scenario = scenarioFor(suite)

  describe('payments: a replay ends no other token', () => {
    scenario(
      "a replayed pay carrying the payer's token for another concert answers the payment and leaves that token ACTIVE",
      async ({ box }) => {
        const { token, holdId } = await holding(box, 'First Night')
        const paid = await box.payments
          .pay({ userId: 'u1', token, holdId, idempotencyKey: 'k1' })
          .match(keep, unexpected)
        const other = await nextTurn(box)
        const replayed = await box.payments
          .pay({ userId: 'u1', token: other, holdId, idempotencyKey: 'k1' })
          .match(keep, unexpected)
        expect(replayed).toEqual(paid)
        expect(await tokenStatus(box, other)).toBe('ACTIVE')
        expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(700)
      },
    )

    scenario(
      "a replayed pay carrying the payer's new token for the same concert answers the payment and leaves that token ACTIVE",
      async ({ box }) => {
        const { concertId, token, holdId } = await holding(box, 'Spring Gala')
        const paid = await box.payments
          .pay({ userId: 'u1', token, holdId, idempotencyKey: 'k1' })
          .match(keep, unexpected)
        const again = await admitUser(box, concertId, 'u1')
        expect(again).not.toBe(token)
        const replayed = await box.payments
          .pay({ userId: 'u1', token: again, holdId, idempotencyKey: 'k1' })
          .match(keep, unexpected)
        expect(replayed).toEqual(paid)
        expect(await tokenStatus(box, again)).toBe('ACTIVE')
      },
    )

    scenario(
      'a replay completes the token that made the payment when its completion failed, and only that one',
      async ({ box, facadeOver }) => {
        const { token, holdId } = await holding(box, 'First Night')
        const paid = await facadeOver(completionFails)
          .payments.pay({ userId: 'u1', token, holdId, idempotencyKey: 'k1' })
          .match(keep, unexpected)
        expect(await tokenStatus(box, token)).toBe('ACTIVE')
        const other = await nextTurn(box)
        const replayed = await box.payments
          .pay({ userId: 'u1', token: other, holdId, idempotencyKey: 'k1' })
          .match(keep, unexpected)
        expect(replayed).toEqual(paid)
        expect(await tokenStatus(box, token)).toBe('TokenNotFound')
        expect(await tokenStatus(box, other)).toBe('ACTIVE')
      },
    )

    scenario(
      'a pay that loses its key to a payment made meanwhile answers that payment and leaves its own token ACTIVE',
      async ({ box, facadeOver }) => {
        const { token, holdId } = await holding(box, 'First Night')
        const paid = await box.payments
          .pay({ userId: 'u1', token, holdId, idempotencyKey: 'k1' })
          .match(keep, unexpected)
        const other = await nextTurn(box)
        const raced = await facadeOver(lookupRacedOnce)
          .payments.pay({ userId: 'u1', token: other, holdId, idempotencyKey: 'k1' })
          .match(keep, unexpected)
        expect(raced).toEqual(paid)
        expect(await tokenStatus(box, other)).toBe('ACTIVE')
        expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(700)
      },
    )
  })
}
