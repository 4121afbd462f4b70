import type { Hold, HoldStatus, LedgerEntry, LedgerKind, Payment } from '@boxoffice/core'

/*
 * Rows as pg returns them: bigint columns (points, counts) arrive as strings
 * and are read back as numbers; the schema caps every amount at 2^53 - 1.
 */

export const HOLD_COLUMNS =
  'hold_id, user_id, concert_id, schedule_id, seat_no, seat_nos, price, status, created_at, expires_at, extended'

export interface HoldRow {
  readonly hold_id: string
  readonly user_id: string
  readonly concert_id: string
  readonly schedule_id: string
  readonly seat_no: number
  readonly seat_nos: readonly number[]
  readonly price: string
  readonly status: HoldStatus
  readonly created_at: Date
  readonly expires_at: Date
  readonly extended: boolean
}

export function toHold(row: HoldRow): Hold {
  return {
    holdId: row.hold_id,
    userId: row.user_id,
    concertId: row.concert_id,
    scheduleId: row.schedule_id,
    seatNo: row.seat_no,
    seatNos: row.seat_nos,
    price: Number(row.price),
    status: row.status,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    extended: row.extended,
  }
}

export const LEDGER_COLUMNS = 'entry_id, user_id, kind, amount, balance_after, at, payment_id, idempotency_key'

export interface LedgerRow {
  readonly entry_id: string
  readonly user_id: string
  readonly kind: LedgerKind
  readonly amount: string
  readonly balance_after: string
  readonly at: Date
  readonly payment_id: string | null
  readonly idempotency_key: string | null
}

export function toLedgerEntry(row: LedgerRow): LedgerEntry {
  return {
    entryId: row.entry_id,
    userId: row.user_id,
    kind: row.kind,
    amount: Number(row.amount),
    balanceAfter: Number(row.balance_after),
    at: row.at,
    paymentId: row.payment_id,
    idempotencyKey: row.idempotency_key,
  }
}

export const PAYMENT_COLUMNS =
  'payment_id, user_id, hold_id, concert_id, schedule_id, seat_no, seat_nos, amount, idempotency_key, paid_at'

export interface PaymentRow {
  readonly payment_id: string
  readonly user_id: string
  readonly hold_id: string
  readonly concert_id: string
  readonly schedule_id: string
  readonly seat_no: number
  readonly seat_nos: readonly number[]
  readonly amount: string
  readonly idempotency_key: string
  readonly paid_at: Date
}

export function toPayment(row: PaymentRow): Payment {
  return {
    paymentId: row.payment_id,
    userId: row.user_id,
    holdId: row.hold_id,
    concertId: row.concert_id,
    scheduleId: row.schedule_id,
    seatNo: row.seat_no,
    seatNos: row.seat_nos,
    amount: Number(row.amount),
    idempotencyKey: row.idempotency_key,
    paidAt: row.paid_at,
  }
}
