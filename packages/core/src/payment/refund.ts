import { err, ok, type Result } from 'neverthrow'
import {
  alreadyRefunded,
  notPaymentOwner,
  paymentNotFound,
  refundWindowClosed,
  type AlreadyRefunded,
  type NotPaymentOwner,
  type PaymentNotFound,
  type RefundWindowClosed,
} from '../errors.js'
import type { LedgerEntry } from '../wallet/ledger.js'
import type { Payment } from './payment.js'

/** Why a payment was refunded: its payer asked, or the organiser cancelled the date. */
export type RefundReason = 'REQUESTED' | 'SCHEDULE_CANCELLED'

/** A refund: the payment's amount back in the payer's wallet. Made once per payment, never changed. */
export interface Refund {
  readonly refundId: string
  readonly paymentId: string
  readonly userId: string
  readonly holdId: string
  readonly scheduleId: string
  readonly amount: number
  readonly reason: RefundReason
  /** The payer's key for a REQUESTED refund; null for a cancellation's. */
  readonly idempotencyKey: string | null
  readonly refundedAt: Date
}

/** `PAID` until refunded; `REFUNDED` is final. */
export type PaymentStatus = 'PAID' | 'REFUNDED'

/** A payment as `payments.list` / `payments.get` show it now: the sale and whether it was refunded. */
export interface PaymentSummary extends Payment {
  readonly status: PaymentStatus
  /** When it was refunded; null while PAID. */
  readonly refundedAt: Date | null
}

/** What `decideRefund` is asked to do. */
export interface RefundCommand {
  readonly refundId: string
  readonly entryId: string
  readonly paymentId: string
  /** The payer asking (checked: only the payer refunds), or the operator cancelling the date (not checked). */
  readonly by: { readonly userId: string; readonly idempotencyKey: string } | 'operator'
  /** Refunds close this long before the schedule starts (the operator's cancellation ignores it). */
  readonly cutoffMs: number
}

/** What a store knows at the moment of a refund, read inside its atomic section. */
export interface RefundSituation {
  readonly payment: Payment | undefined
  /** Whether a refund of the payment exists already. */
  readonly refunded: boolean
  /** When the payment's schedule starts. */
  readonly startsAt: Date
  /** The payer's balance now. */
  readonly balance: number
}

/** Everything one refund changes, applied by the store in one atomic step. */
export interface RefundSettlement {
  readonly refund: Refund
  /** The REFUND ledger entry: `+amount`, the balance after it. */
  readonly entry: LedgerEntry
}

/** Why `decideRefund` refused. */
export type RefundError = PaymentNotFound | NotPaymentOwner | AlreadyRefunded | RefundWindowClosed

/**
 * A refund of a payment, checked in order: the payment exists, the caller
 * paid it, it was not refunded, and the schedule starts more than `cutoffMs`
 * after `now`. The operator's cancellation skips the owner and window
 * checks. The balance may pass `charge.maxBalance`: a refund gives back
 * what was paid, so it is never refused for it. The store applies the
 * settlement together with: payment REFUNDED, hold REFUNDED, its seats
 * AVAILABLE (and, for a requested refund, the idempotency record).
 */
export function decideRefund(
  situation: RefundSituation,
  cmd: RefundCommand,
  now: Date,
): Result<RefundSettlement, RefundError> {
  const { payment } = situation
  if (payment === undefined) return err(paymentNotFound(cmd.paymentId))
  const requested = cmd.by === 'operator' ? null : cmd.by
  if (requested !== null && payment.userId !== requested.userId) return err(notPaymentOwner(cmd.paymentId))
  if (situation.refunded) return err(alreadyRefunded(cmd.paymentId))
  const closedAt = new Date(situation.startsAt.getTime() - cmd.cutoffMs)
  if (requested !== null && now.getTime() >= closedAt.getTime()) {
    return err(refundWindowClosed(cmd.paymentId, closedAt))
  }
  const key = requested?.idempotencyKey ?? null
  return ok({
    refund: {
      refundId: cmd.refundId,
      paymentId: payment.paymentId,
      userId: payment.userId,
      holdId: payment.holdId,
      scheduleId: payment.scheduleId,
      amount: payment.amount,
      reason: requested === null ? 'SCHEDULE_CANCELLED' : 'REQUESTED',
      idempotencyKey: key,
      refundedAt: now,
    },
    entry: {
      entryId: cmd.entryId,
      userId: payment.userId,
      kind: 'REFUND',
      amount: payment.amount,
      balanceAfter: situation.balance + payment.amount,
      at: now,
      paymentId: payment.paymentId,
      idempotencyKey: key,
    },
  })
}

/**
 * The ids of a refund made by a cancellation: derived from the payment (one
 * refund per payment, so they are unique), so a store that refunds a batch
 * in one statement needs no ids handed in.
 */
export function cancellationRefundIds(paymentId: string): { readonly refundId: string; readonly entryId: string } {
  return { refundId: `${paymentId}.refund`, entryId: `${paymentId}.refund-entry` }
}

/** The summary of a payment and its refund, if any. */
export function paymentSummary(payment: Payment, refund: Refund | undefined): PaymentSummary {
  return { ...payment, status: refund === undefined ? 'PAID' : 'REFUNDED', refundedAt: refund?.refundedAt ?? null }
}
