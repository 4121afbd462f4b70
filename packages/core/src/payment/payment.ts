import { err, ok, type Result } from 'neverthrow'
import {
  alreadyPaid,
  holdExpired,
  holdNotActive,
  holdNotFound,
  insufficientBalance,
  notHoldOwner,
  tokenConcertMismatch,
  type AlreadyPaid,
  type HoldExpired,
  type HoldNotActive,
  type HoldNotFound,
  type InsufficientBalance,
  type NotHoldOwner,
  type TokenConcertMismatch,
} from '../errors.js'
import { holdWithStatus, type Hold } from '../hold/hold.js'
import type { LedgerEntry } from '../wallet/ledger.js'

/** A sale: created once, never changed. */
export interface Payment {
  readonly paymentId: string
  readonly userId: string
  readonly holdId: string
  readonly concertId: string
  readonly scheduleId: string
  /** The hold's first seat; `seatNos` lists every seat the payment bought. */
  readonly seatNo: number
  readonly seatNos: readonly number[]
  /** The hold's price: the sum of its seats' prices. */
  readonly amount: number
  readonly idempotencyKey: string
  readonly paidAt: Date
}

/** What `settlePayment` is asked to do: turn a user's hold into a sale. */
export interface SettleCommand {
  readonly paymentId: string
  readonly entryId: string
  readonly userId: string
  readonly holdId: string
  readonly idempotencyKey: string
  /** The payer's queue token and the concert it admits to: a token pays only for its own concert. */
  readonly token: string
  readonly concertId: string
}

/** Everything one payment changes, applied by the store in one atomic step. */
export interface Settlement {
  readonly hold: Hold
  readonly payment: Payment
  readonly entry: LedgerEntry
}

/** Why `settlePayment` refused. */
export type SettleError =
  HoldNotFound | NotHoldOwner | TokenConcertMismatch | AlreadyPaid | HoldExpired | HoldNotActive | InsufficientBalance

/**
 * Turns a hold into a sale: the hold must exist, be the payer's, be for the
 * concert the payer's token admits to, be HELD and unexpired, still be the
 * live claim of its seats, and the balance must cover the price. A RELEASED
 * hold answers HoldNotActive; a HELD hold past its expiry (swept or not), or
 * one whose seat another hold has claimed since, answers HoldExpired.
 *
 * `claimsItsSeats` is false when a later hold claims a seat of this one: the
 * hold lapsed, the seat was held again, and the clock then stepped back, so
 * the hold looks unexpired by `now` but has lost its seat.
 */
export function settlePayment(
  hold: Hold | undefined,
  balance: number,
  cmd: SettleCommand,
  now: Date,
  claimsItsSeats: boolean,
): Result<Settlement, SettleError> {
  if (hold === undefined) return err(holdNotFound(cmd.holdId))
  if (hold.userId !== cmd.userId) return err(notHoldOwner(cmd.holdId))
  if (hold.concertId !== cmd.concertId) return err(tokenConcertMismatch(cmd.token, cmd.concertId))
  if (hold.status === 'CONFIRMED') return err(alreadyPaid(cmd.holdId))
  const lapsed = hold.status === 'HELD' && (hold.expiresAt.getTime() <= now.getTime() || !claimsItsSeats)
  if (hold.status === 'EXPIRED' || lapsed) {
    return err(holdExpired(cmd.holdId, hold.expiresAt))
  }
  if (hold.status !== 'HELD') return err(holdNotActive(cmd.holdId, hold.status))
  if (balance < hold.price) return err(insufficientBalance(balance, hold.price))
  const payment: Payment = {
    paymentId: cmd.paymentId,
    userId: cmd.userId,
    holdId: hold.holdId,
    concertId: hold.concertId,
    scheduleId: hold.scheduleId,
    seatNo: hold.seatNo,
    seatNos: hold.seatNos,
    amount: hold.price,
    idempotencyKey: cmd.idempotencyKey,
    paidAt: now,
  }
  return ok({
    hold: holdWithStatus(hold, 'CONFIRMED'),
    payment,
    entry: {
      entryId: cmd.entryId,
      userId: cmd.userId,
      kind: 'PAYMENT',
      amount: -hold.price,
      balanceAfter: balance - hold.price,
      at: now,
      paymentId: cmd.paymentId,
      idempotencyKey: cmd.idempotencyKey,
    },
  })
}
