import type { BoxOffice, Payment } from '@boxoffice/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { keep, unexpected } from '../outcome.js'
import { withRig, type Suite } from '../rig.js'
import { admitUser, openSale, type Sale } from '../sale-setup.js'

const USERS = ['u1', 'u2', 'u3'] as const
const SEATS = [
  { seatNo: 1, price: 100 },
  { seatNo: 2, price: 200 },
  { seatNo: 3, price: 300 },
]

/** One step of a walk through sales, refunds and a cancellation. */
type MoneyOp =
  | { readonly op: 'charge'; readonly user: number; readonly amount: number }
  | { readonly op: 'buy'; readonly user: number; readonly date: number; readonly seatNos: readonly number[] }
  | { readonly op: 'refund'; readonly user: number; readonly pick: number; readonly key: string }
  | { readonly op: 'cancel'; readonly date: number; readonly limit: number }
  | { readonly op: 'advance'; readonly ms: number }

const user = fc.nat(USERS.length - 1)
const date = fc.nat(1)
const moneyOps: fc.Arbitrary<MoneyOp[]> = fc.array(
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({ op: fc.constant('charge' as const), user, amount: fc.constantFrom(100, 400) }),
    },
    {
      weight: 6,
      arbitrary: fc.record({
        op: fc.constant('buy' as const),
        user,
        date,
        seatNos: fc.uniqueArray(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 2 }),
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        op: fc.constant('refund' as const),
        user,
        pick: fc.nat(3),
        key: fc.constantFrom('r1', 'r2'),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ op: fc.constant('cancel' as const), date, limit: fc.integer({ min: 1, max: 3 }) }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.constantFrom(60_000, 400_000) }) },
  ),
  { minLength: 1, maxLength: 30 },
)

/** What the walk made, so every payment (even of a user who lost track of it) can be picked for refund. */
interface Walk {
  readonly box: BoxOffice
  readonly sales: readonly Sale[]
  readonly charged: Map<string, number>
  readonly payments: Payment[]
}

async function step(walk: Walk, op: MoneyOp): Promise<void> {
  const { box } = walk
  if (op.op === 'charge') {
    const userId = USERS[op.user] ?? 'u1'
    const charged = await box.wallet.charge({ userId, amount: op.amount }).match(
      () => op.amount,
      () => 0,
    )
    walk.charged.set(userId, (walk.charged.get(userId) ?? 0) + charged)
  } else if (op.op === 'buy') {
    const userId = USERS[op.user] ?? 'u1'
    const sale = walk.sales[op.date] ?? walk.sales[0]
    if (sale === undefined) return
    const token = await admitUser(box, sale.concertId, userId)
    const hold = await box.holds.hold({ userId, token, scheduleId: sale.scheduleId, seatNos: op.seatNos }).match(
      (h) => h,
      () => undefined,
    )
    if (hold === undefined) return
    const key = `pay-${walk.payments.length}-${hold.holdId}`
    const paid = await box.payments.pay({ userId, token, holdId: hold.holdId, idempotencyKey: key }).match(
      (p) => p,
      () => undefined,
    )
    if (paid !== undefined) walk.payments.push(paid)
  } else if (op.op === 'refund') {
    const userId = USERS[op.user] ?? 'u1'
    const payment = walk.payments[walk.payments.length - 1 - op.pick]
    // a refused refund (not the payer, refunded, window closed, key used) must change nothing
    await box.payments.refund({ userId, paymentId: payment?.paymentId ?? 'none', idempotencyKey: op.key }).match(
      () => undefined,
      () => undefined,
    )
  } else if (op.op === 'cancel') {
    const sale = walk.sales[op.date]
    if (sale !== undefined)
      await box.catalog.cancelSchedule({ scheduleId: sale.scheduleId, limit: op.limit }).match(keep, unexpected)
  }
}

/** Invariant 11 checked on the facade's own reads. */
async function expectMoneyConserved(walk: Walk): Promise<void> {
  const { box } = walk
  const unrefundedBySchedule = new Map<string, number>()
  for (const userId of USERS) {
    const payments = await box.payments.list({ userId, limit: 1_000 }).match(keep, unexpected)
    const paid = payments.reduce((sum, p) => sum + p.amount, 0)
    const refunded = payments.filter((p) => p.status === 'REFUNDED').reduce((sum, p) => sum + p.amount, 0)
    const balance = await box.wallet.balance({ userId }).match(keep, unexpected)
    expect(balance, `balance of ${userId} = charges - payments + refunds`).toBe(
      (walk.charged.get(userId) ?? 0) - paid + refunded,
    )
    const ledger = await box.wallet.history({ userId, limit: 1_000 }).match(keep, unexpected)
    const sumOf = (kind: string): number => ledger.filter((e) => e.kind === kind).reduce((s, e) => s + e.amount, 0)
    expect(sumOf('CHARGE')).toBe(walk.charged.get(userId) ?? 0)
    expect(0 - sumOf('PAYMENT')).toBe(paid)
    expect(sumOf('REFUND')).toBe(refunded)
    for (const p of payments) {
      if (p.status === 'PAID')
        unrefundedBySchedule.set(p.scheduleId, (unrefundedBySchedule.get(p.scheduleId) ?? 0) + p.amount)
    }
  }
  for (const sale of walk.sales) {
    const map = await box.catalog.listSeats({ scheduleId: sale.scheduleId }).match(keep, unexpected)
    const sold = map.seats.filter((s) => s.status === 'SOLD').reduce((sum, s) => sum + s.price, 0)
    expect(
      unrefundedBySchedule.get(sale.scheduleId) ?? 0,
      `unrefunded payments of ${sale.scheduleId} = its SOLD seats`,
    ).toBe(sold)
  }
}

/** Invariant 11 over random sequences of charges, sales, refunds and cancellations. */
export function describeMoneyConservation(suite: Suite): void {
  describe('invariant 11 over random sequences of sales, refunds and cancellations', () => {
    it('invariant 11: money is conserved: balance = charges - payments + refunds; unrefunded payments = SOLD seats', () =>
      fc.assert(
        fc.asyncProperty(moneyOps, (ops) =>
          withRig(
            suite.open,
            { policy: { hold: { ttlMs: 300_000, maxSeatsPerUser: 6 }, queue: { activeTtlMs: 3_600_000 } } },
            async ({ box, clock }) => {
              const first = await openSale(box, { seats: SEATS, startsAt: '2030-01-02T00:05:00Z' })
              const second = await openSale(box, { title: 'Second', seats: SEATS })
              const walk: Walk = { box, sales: [first, second], charged: new Map(), payments: [] }
              for (const op of ops) {
                if (op.op === 'advance') clock.advance(op.ms)
                else await step(walk, op)
                await expectMoneyConserved(walk)
              }
            },
          ),
        ),
        { numRuns: suite.options.numRuns },
      ))
  })
}
