import { describe, expect, it } from 'vitest'
import {
  applyCharge,
  expireHold,
  isLiveClaim,
  matchIdempotency,
  placeHold,
  releaseHold,
  seatStatus,
  settlePayment,
  type HoldSituation,
} from '../src/adapter.js'
import type { Hold } from '../src/index.js'

const t0 = new Date('2030-01-01T00:00:00Z')
const at = (ms: number): Date => new Date(t0.getTime() + ms)
const cmd = {
  holdId: 'h1',
  userId: 'u1',
  concertId: 'c1',
  token: 'c1~t',
  scheduleId: 's1',
  seatNos: [3],
  ttlMs: 1000,
  maxSeatsPerUser: 2,
}
const free: HoldSituation = {
  scheduleConcertId: 'c1',
  seats: [{ seatNo: 3, price: 700 }],
  taken: [],
  userLiveSeats: 0,
}
const held = placeHold(free, cmd, t0)._unsafeUnwrap()

describe('hold transitions', () => {
  it('a hold takes the seat price and lasts the hold TTL', () => {
    expect(held).toMatchObject({ status: 'HELD', price: 700, expiresAt: at(1000) })
  })

  it('refuses, in order: unknown seat, another concert, a live claim, the hold limit', () => {
    expect(placeHold({ ...free, seats: [undefined] }, cmd, t0)._unsafeUnwrapErr().type).toBe('SeatNotFound')
    expect(placeHold({ ...free, scheduleConcertId: 'c2' }, cmd, t0)._unsafeUnwrapErr().type).toBe(
      'TokenConcertMismatch',
    )
    expect(placeHold({ ...free, taken: [3], userLiveSeats: 9 }, cmd, at(999))._unsafeUnwrapErr().type).toBe(
      'SeatUnavailable',
    )
    expect(placeHold({ ...free, userLiveSeats: 2 }, cmd, t0)._unsafeUnwrapErr().type).toBe('HoldLimitReached')
  })

  it('an expired hold is no claim, even before the sweeper marks it', () => {
    expect(isLiveClaim(held, at(999))).toBe(true)
    expect(isLiveClaim(held, at(1000))).toBe(false)
    expect(seatStatus(held, at(1000))).toBe('AVAILABLE')
  })

  it('only the owner releases, and only a live hold', () => {
    expect(releaseHold('h1', held, 'u2', t0)._unsafeUnwrapErr().type).toBe('NotHoldOwner')
    expect(releaseHold('h1', undefined, 'u1', t0)._unsafeUnwrapErr().type).toBe('HoldNotFound')
    expect(releaseHold('h1', held, 'u1', at(1000))._unsafeUnwrapErr()).toMatchObject({
      type: 'HoldNotActive',
      status: 'EXPIRED',
    })
    expect(releaseHold('h1', held, 'u1', t0)._unsafeUnwrap().status).toBe('RELEASED')
  })

  it('the sweeper expires only HELD holds past their expiry', () => {
    expect(expireHold(held, at(999))).toBe(held)
    expect(expireHold(held, at(1000)).status).toBe('EXPIRED')
    const confirmed: Hold = { ...held, status: 'CONFIRMED' }
    expect(expireHold(confirmed, at(5000))).toBe(confirmed)
  })
})

describe('payment and wallet transitions', () => {
  const pay = {
    paymentId: 'p1',
    entryId: 'e1',
    userId: 'u1',
    holdId: 'h1',
    idempotencyKey: 'k',
    token: 'c1~t',
    concertId: 'c1',
  }

  it('a payment debits the price, confirms the hold and writes a negative ledger entry', () => {
    const settlement = settlePayment(held, 1000, pay, at(10), true)._unsafeUnwrap()
    expect(settlement.hold.status).toBe('CONFIRMED')
    expect(settlement.entry).toMatchObject({ kind: 'PAYMENT', amount: -700, balanceAfter: 300, paymentId: 'p1' })
    expect(settlement.payment).toMatchObject({ amount: 700, holdId: 'h1', seatNo: 3 })
  })

  it('refuses a missing, foreign, other-concert, paid, expired or released hold, and a short balance', () => {
    expect(settlePayment(undefined, 1000, pay, t0, true)._unsafeUnwrapErr().type).toBe('HoldNotFound')
    expect(settlePayment(held, 1000, { ...pay, userId: 'u2' }, t0, true)._unsafeUnwrapErr().type).toBe('NotHoldOwner')
    expect(settlePayment(held, 1000, { ...pay, concertId: 'c2' }, t0, true)._unsafeUnwrapErr()).toMatchObject({
      type: 'TokenConcertMismatch',
      concertId: 'c2',
    })
    expect(settlePayment({ ...held, status: 'CONFIRMED' }, 1000, pay, t0, true)._unsafeUnwrapErr().type).toBe(
      'AlreadyPaid',
    )
    expect(settlePayment(held, 1000, pay, at(1000), true)._unsafeUnwrapErr().type).toBe('HoldExpired')
    // Unexpired by the clock, but a later hold claims its seat: the clock stepped back.
    expect(settlePayment(held, 1000, pay, t0, false)._unsafeUnwrapErr().type).toBe('HoldExpired')
    expect(settlePayment({ ...held, status: 'RELEASED' }, 1000, pay, t0, true)._unsafeUnwrapErr().type).toBe(
      'HoldNotActive',
    )
    expect(settlePayment(held, 699, pay, t0, true)._unsafeUnwrapErr()).toMatchObject({
      type: 'InsufficientBalance',
      balance: 699,
      price: 700,
    })
  })

  it('a charge may bring the balance to the limit but not past it', () => {
    const charge = { entryId: 'e', userId: 'u1', amount: 50, idempotencyKey: null, maxBalance: 100 }
    expect(applyCharge(50, charge, t0)._unsafeUnwrap().balanceAfter).toBe(100)
    expect(applyCharge(51, charge, t0)._unsafeUnwrapErr()).toMatchObject({
      type: 'ChargeLimitExceeded',
      reason: 'balance',
    })
  })

  it('an idempotency key replays the same call and refuses any other', () => {
    const record = {
      userId: 'u1',
      key: 'k',
      operation: 'charge' as const,
      fingerprint: 'amount=5',
      resultId: 'e1',
      createdAt: t0,
    }
    expect(matchIdempotency(undefined, 'charge', 'k', 'amount=5')._unsafeUnwrap()).toEqual({ kind: 'fresh' })
    expect(matchIdempotency(record, 'charge', 'k', 'amount=5')._unsafeUnwrap()).toEqual({
      kind: 'replay',
      resultId: 'e1',
    })
    expect(matchIdempotency(record, 'charge', 'k', 'amount=6')._unsafeUnwrapErr().type).toBe('IdempotencyConflict')
    expect(matchIdempotency(record, 'pay', 'k', 'amount=5')._unsafeUnwrapErr().type).toBe('IdempotencyConflict')
  })
})
