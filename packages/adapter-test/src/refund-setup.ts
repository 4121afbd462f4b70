import type { BoxOffice, Payment } from '@boxoffice/core'
import { keep, unexpected } from './outcome.js'
import { admitUsers, fund, holdSeat, openSale, type Sale, type SaleShape } from './sale-setup.js'

/** A sale where each listed user paid for one seat: user i bought seat i + 1. */
export interface PaidSale extends Sale {
  readonly tokens: readonly string[]
  readonly payments: readonly Payment[]
}

/**
 * Opens a sale (default: 3 seats at 300, starting 2030-06-01), admits the
 * users, funds each with `points` and has each buy one seat, in order.
 */
export async function paidSale(
  box: BoxOffice,
  userIds: readonly string[],
  shape: SaleShape = {},
  points = 1_000,
): Promise<PaidSale> {
  const sale = await openSale(box, { seats: 3, price: 300, ...shape })
  const tokens = await admitUsers(box, sale.concertId, userIds)
  const payments: Payment[] = []
  for (const [i, userId] of userIds.entries()) {
    await fund(box, userId, points)
    const token = tokens[i] ?? ''
    const holdId = await holdSeat(box, { userId, token, scheduleId: sale.scheduleId, seatNo: i + 1 })
    payments.push(await box.payments.pay({ userId, token, holdId, idempotencyKey: `pay-${i}` }).match(keep, unexpected))
  }
  return { ...sale, tokens, payments }
}

/** The payment at `i`, or a thrown bug in the test set-up. */
export function paymentAt(sale: PaidSale, i: number): Payment {
  const payment = sale.payments[i]
  if (payment === undefined) throw new Error(`no payment ${i} in the sale`)
  return payment
}
