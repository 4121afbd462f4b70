import type {
  AddScheduleInput,
  CancelScheduleInput,
  GetPaymentInput,
  ListPaymentsInput,
  RefundInput,
  AuthorizeInput,
  BoxOffice,
  ChargeInput,
  EnterInput,
  ExtendInput,
  HistoryInput,
  HoldBestInput,
  HoldInput,
  PayInput,
  ReleaseInput,
  TokenInput,
} from '@boxoffice/core'
import type fc from 'fast-check'
import { failed, keep, succeeded, unexpected, type Outcome } from '../outcome.js'
import { admitUsers, enterLine, fund, holdSeat, openSale } from '../sale-setup.js'
import {
  invalidAmount,
  invalidCancelLimit,
  invalidFlag,
  invalidId,
  invalidInstant,
  invalidKey,
  invalidLimit,
  invalidMaxPrice,
  invalidPrice,
  invalidSeatCount,
  invalidSeatCount100,
  invalidSeatList,
  invalidSeatNo,
  invalidSeatNos,
  invalidTitle,
  invalidToken,
} from './invalid-values.js'

/** What the fuzz runs against: a concert with one schedule, an ACTIVE and a WAITING token, a hold and points. */
export interface SeedWorld {
  readonly concertId: string
  readonly scheduleId: string
  readonly activeToken: string
  readonly waitingToken: string
  readonly holdId: string
  /** u3's payment for seat 4. */
  readonly paymentId: string
}

export const SEED_POLICY = { queue: { maxActive: 1 } } as const

export async function seedWorld(box: BoxOffice): Promise<SeedWorld> {
  const { concertId, scheduleId } = await openSale(box, { seats: 4, price: 100 })
  // u3 buys seat 4 first: paying completes its token, so u1 is admitted after
  const [buyerToken = ''] = await admitUsers(box, concertId, ['u3'])
  await fund(box, 'u3', 100)
  const bought = await holdSeat(box, { userId: 'u3', token: buyerToken, scheduleId, seatNo: 4 })
  const payment = await box.payments
    .pay({ userId: 'u3', token: buyerToken, holdId: bought, idempotencyKey: 'seed-pay' })
    .match(keep, unexpected)
  const [activeToken = ''] = await admitUsers(box, concertId, ['u1'])
  const [waitingToken = ''] = await enterLine(box, concertId, ['u2'])
  await fund(box, 'u1', 1_000)
  await box.wallet.charge({ userId: 'u1', amount: 50, idempotencyKey: 'seed-key' }).match(keep, unexpected)
  const holdId = await holdSeat(box, { userId: 'u1', token: activeToken, scheduleId, seatNo: 1 })
  return { concertId, scheduleId, activeToken, waitingToken, holdId, paymentId: payment.paymentId }
}

export type CallOutcome = Outcome<unknown, { readonly type: string; readonly field?: string }>

/**
 * One facade call to fuzz: a valid input built on the seeded world, and for
 * each of its fields the values that make it invalid.
 */
export interface FuzzCall {
  readonly name: string
  readonly valid: (world: SeedWorld) => Record<string, unknown>
  readonly invalid: Readonly<Record<string, fc.Arbitrary<unknown>>>
  readonly call: (box: BoxOffice, input: unknown) => Promise<CallOutcome>
}

// The fuzz hands the facade values its types forbid: that is the point.
const as = <T>(input: unknown): T => input as T

export const queueCalls: readonly FuzzCall[] = [
  {
    name: 'queue.enter',
    valid: (w) => ({ userId: 'u3', concertId: w.concertId }),
    invalid: { userId: invalidId, concertId: invalidId },
    call: (box, input) => box.queue.enter(as<EnterInput>(input)).match(succeeded, failed),
  },
  {
    name: 'queue.status',
    valid: (w) => ({ token: w.waitingToken }),
    invalid: { token: invalidToken },
    call: (box, input) => box.queue.status(as<TokenInput>(input)).match(succeeded, failed),
  },
  {
    name: 'queue.leave',
    valid: (w) => ({ token: w.waitingToken }),
    invalid: { token: invalidToken },
    call: (box, input) => box.queue.leave(as<TokenInput>(input)).match(succeeded, failed),
  },
  {
    name: 'queue.authorize',
    valid: (w) => ({ userId: 'u1', token: w.activeToken }),
    invalid: { userId: invalidId, token: invalidToken },
    call: (box, input) => box.queue.authorize(as<AuthorizeInput>(input)).match(succeeded, failed),
  },
  {
    name: 'queue.admit',
    valid: (w) => ({ concertId: w.concertId }),
    invalid: { concertId: invalidId },
    call: (box, input) => box.queue.admit(as<{ concertId: string }>(input)).match(succeeded, failed),
  },
]

export const bookingCalls: readonly FuzzCall[] = [
  {
    name: 'catalog.createConcert',
    valid: () => ({ title: 'Encore' }),
    invalid: { title: invalidTitle },
    call: (box, input) => box.catalog.createConcert(as<{ title: string }>(input)).match(succeeded, failed),
  },
  {
    name: 'catalog.addSchedule (seat count)',
    valid: (w) => ({ concertId: w.concertId, startsAt: '2030-07-01T19:00:00Z', seats: 10, price: 100 }),
    invalid: { concertId: invalidId, startsAt: invalidInstant, seats: invalidSeatCount, price: invalidPrice },
    call: (box, input) => box.catalog.addSchedule(as<AddScheduleInput>(input)).match(succeeded, failed),
  },
  {
    name: 'catalog.addSchedule (seat list)',
    valid: (w) => ({
      concertId: w.concertId,
      startsAt: new Date('2030-07-01T19:00:00Z'),
      seats: [{ seatNo: 1, price: 5 }],
    }),
    invalid: { concertId: invalidId, startsAt: invalidInstant, seats: invalidSeatList },
    call: (box, input) => box.catalog.addSchedule(as<AddScheduleInput>(input)).match(succeeded, failed),
  },
  {
    name: 'catalog.listDates',
    valid: (w) => ({ concertId: w.concertId }),
    invalid: { concertId: invalidId },
    call: (box, input) => box.catalog.listDates(as<{ concertId: string }>(input)).match(succeeded, failed),
  },
  {
    name: 'catalog.listSeats',
    valid: (w) => ({ scheduleId: w.scheduleId }),
    invalid: { scheduleId: invalidId },
    call: (box, input) => box.catalog.listSeats(as<{ scheduleId: string }>(input)).match(succeeded, failed),
  },
  {
    name: 'holds.hold',
    valid: (w) => ({ userId: 'u1', token: w.activeToken, scheduleId: w.scheduleId, seatNo: 2 }),
    invalid: { userId: invalidId, token: invalidToken, scheduleId: invalidId, seatNo: invalidSeatNo },
    call: (box, input) => box.holds.hold(as<HoldInput>(input)).match(succeeded, failed),
  },
  {
    name: 'holds.hold (several seats)',
    valid: (w) => ({ userId: 'u1', token: w.activeToken, scheduleId: w.scheduleId, seatNos: [3, 2] }),
    invalid: { seatNos: invalidSeatNos },
    call: (box, input) => box.holds.hold(as<HoldInput>(input)).match(succeeded, failed),
  },
  {
    name: 'holds.holdBest',
    valid: (w) => ({
      userId: 'u1',
      token: w.activeToken,
      scheduleId: w.scheduleId,
      count: 2,
      maxPrice: 100,
      allowSplit: true,
    }),
    invalid: {
      userId: invalidId,
      token: invalidToken,
      scheduleId: invalidId,
      count: invalidSeatCount100,
      maxPrice: invalidMaxPrice,
      allowSplit: invalidFlag,
    },
    call: (box, input) => box.holds.holdBest(as<HoldBestInput>(input)).match(succeeded, failed),
  },
  {
    name: 'holds.extend',
    valid: (w) => ({ userId: 'u1', holdId: w.holdId }),
    invalid: { userId: invalidId, holdId: invalidId },
    call: (box, input) => box.holds.extend(as<ExtendInput>(input)).match(succeeded, failed),
  },
  {
    name: 'holds.release',
    valid: (w) => ({ userId: 'u1', holdId: w.holdId }),
    invalid: { userId: invalidId, holdId: invalidId },
    call: (box, input) => box.holds.release(as<ReleaseInput>(input)).match(succeeded, failed),
  },
  {
    name: 'wallet.charge',
    valid: () => ({ userId: 'u1', amount: 100, idempotencyKey: 'fresh-key' }),
    invalid: { userId: invalidId, amount: invalidAmount, idempotencyKey: invalidKey(true) },
    call: (box, input) => box.wallet.charge(as<ChargeInput>(input)).match(succeeded, failed),
  },
  {
    name: 'wallet.balance',
    valid: () => ({ userId: 'u1' }),
    invalid: { userId: invalidId },
    call: (box, input) => box.wallet.balance(as<{ userId: string }>(input)).match(succeeded, failed),
  },
  {
    name: 'wallet.history',
    valid: () => ({ userId: 'u1', limit: 10 }),
    invalid: { userId: invalidId, limit: invalidLimit },
    call: (box, input) => box.wallet.history(as<HistoryInput>(input)).match(succeeded, failed),
  },
  {
    name: 'payments.pay',
    valid: (w) => ({ userId: 'u1', token: w.activeToken, holdId: w.holdId, idempotencyKey: 'pay-key' }),
    invalid: { userId: invalidId, token: invalidToken, holdId: invalidId, idempotencyKey: invalidKey(false) },
    call: (box, input) => box.payments.pay(as<PayInput>(input)).match(succeeded, failed),
  },
  {
    name: 'payments.refund',
    valid: (w) => ({ userId: 'u3', paymentId: w.paymentId, idempotencyKey: 'refund-key' }),
    invalid: { userId: invalidId, paymentId: invalidId, idempotencyKey: invalidKey(false) },
    call: (box, input) => box.payments.refund(as<RefundInput>(input)).match(succeeded, failed),
  },
  {
    name: 'payments.list',
    valid: () => ({ userId: 'u3', limit: 10 }),
    invalid: { userId: invalidId, limit: invalidLimit },
    call: (box, input) => box.payments.list(as<ListPaymentsInput>(input)).match(succeeded, failed),
  },
  {
    name: 'payments.get',
    valid: (w) => ({ userId: 'u3', paymentId: w.paymentId }),
    invalid: { userId: invalidId, paymentId: invalidId },
    call: (box, input) => box.payments.get(as<GetPaymentInput>(input)).match(succeeded, failed),
  },
  {
    name: 'catalog.cancelSchedule',
    valid: (w) => ({ scheduleId: w.scheduleId, limit: 10 }),
    invalid: { scheduleId: invalidId, limit: invalidCancelLimit },
    call: (box, input) => box.catalog.cancelSchedule(as<CancelScheduleInput>(input)).match(succeeded, failed),
  },
]
