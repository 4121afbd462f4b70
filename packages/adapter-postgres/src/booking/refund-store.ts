import { idempotencyConflict, scheduleNotFound, type Payment, type Refund } from '@boxoffice/core'
import {
  decideRefund,
  paymentSummary,
  refundFingerprint,
  type BookingStore,
  type RefundError,
  type RefundRequest,
} from '@boxoffice/core/adapter'
import { err, errAsync, ok, okAsync, type Result } from 'neverthrow'
import { attemptStatement, runStatement, withRetries } from '../atomic.js'
import { retry, type Retry } from '../classify-postgres-error.js'
import type { PostgresPool } from '../postgres-pool.js'
import { statement } from '../statement.js'
import { PAYMENT_COLUMNS, toPayment, type PaymentRow } from './booking-rows.js'

type RefundPart = Pick<
  BookingStore,
  'refund' | 'listPayments' | 'getPayment' | 'cancelSchedule' | 'pendingCancellations'
>

/** A row as `to_jsonb` writes it: numbers as numbers, instants as ISO strings. */
interface JsonPayment {
  readonly payment_id: string | null
  readonly user_id: string
  readonly hold_id: string
  readonly concert_id: string
  readonly schedule_id: string
  readonly seat_no: number
  readonly seat_nos: readonly number[]
  readonly amount: number
  readonly idempotency_key: string
  readonly paid_at: string
}

interface JsonRefund {
  readonly refund_id: string
  readonly payment_id: string
  readonly user_id: string
  readonly hold_id: string
  readonly schedule_id: string
  readonly amount: number
  readonly reason: Refund['reason']
  readonly idempotency_key: string | null
  readonly refunded_at: string
}

/** What refund_payment (migration 0006) answers. */
interface RefundAttempt {
  readonly outcome: 'refunded' | 'refused' | 'replay' | 'conflict'
  readonly payment?: JsonPayment
  readonly refunded?: boolean
  readonly starts_at?: string | null
  readonly balance?: number
  readonly refund?: JsonRefund | null
}

const paymentFromJson = (row: JsonPayment | undefined): Payment | undefined =>
  row === undefined || row.payment_id === null
    ? undefined
    : {
        paymentId: row.payment_id,
        userId: row.user_id,
        holdId: row.hold_id,
        concertId: row.concert_id,
        scheduleId: row.schedule_id,
        seatNo: row.seat_no,
        seatNos: row.seat_nos,
        amount: Number(row.amount),
        idempotencyKey: row.idempotency_key,
        paidAt: new Date(row.paid_at),
      }

const refundFromJson = (row: JsonRefund): Refund => ({
  refundId: row.refund_id,
  paymentId: row.payment_id,
  userId: row.user_id,
  holdId: row.hold_id,
  scheduleId: row.schedule_id,
  amount: Number(row.amount),
  reason: row.reason,
  idempotencyKey: row.idempotency_key,
  refundedAt: new Date(row.refunded_at),
})

function refundStatements(s: string) {
  const summary = `${PAYMENT_COLUMNS.replace(/(\w+)/g, 'p.$1')}, r.refunded_at`
  return {
    // $1 refund id, $2 entry id, $3 payment, $4 user, $5 key, $6 fingerprint, $7 now, $8 cutoff ms.
    refund: statement(`SELECT ${s}.refund_payment($1, $2, $3, $4, $5, $6, $7, $8) AS attempt`),
    list: statement(`
      SELECT ${summary} FROM ${s}.payments p LEFT JOIN ${s}.refunds r ON r.payment_id = p.payment_id
       WHERE p.user_id = $1 ORDER BY p.paid_at DESC, p.payment_id DESC LIMIT $2`),
    get: statement(`
      SELECT ${summary} FROM ${s}.payments p LEFT JOIN ${s}.refunds r ON r.payment_id = p.payment_id
       WHERE p.payment_id = $1`),
    cancel: statement(`SELECT ${s}.cancel_schedule($1, $2, $3) AS step`),
    pending: statement(`
      SELECT sc.schedule_id FROM ${s}.schedules sc
       WHERE sc.status = 'CANCELLED'
         AND EXISTS (SELECT 1 FROM ${s}.payments p WHERE p.schedule_id = sc.schedule_id
                        AND NOT EXISTS (SELECT 1 FROM ${s}.refunds r WHERE r.payment_id = p.payment_id))
       ORDER BY sc.cancelled_at, sc.schedule_id LIMIT $1`),
  }
}

type SummaryRow = PaymentRow & { readonly refunded_at: Date | null }

const toSummary = (row: SummaryRow) => {
  const payment = toPayment(row)
  return row.refunded_at === null
    ? paymentSummary(payment, undefined)
    : { ...payment, status: 'REFUNDED' as const, refundedAt: row.refunded_at }
}

/**
 * The core's answer for what refund_payment saw: decideRefund over the same
 * situation must agree with the function's outcome, or the attempt is retried.
 */
function refundOutcome(cmd: RefundRequest, attempt: RefundAttempt | undefined) {
  if (attempt === undefined) return err(retry)
  if (attempt.outcome === 'conflict') return err(idempotencyConflict(cmd.idempotencyKey))
  if (attempt.outcome === 'replay') {
    return attempt.refund === undefined || attempt.refund === null ? err(retry) : ok(refundFromJson(attempt.refund))
  }
  const payment = paymentFromJson(attempt.payment)
  const situation = {
    payment,
    refunded: attempt.refunded === true,
    startsAt: new Date(attempt.starts_at ?? cmd.now),
    balance: Number(attempt.balance ?? 0),
  }
  const command = {
    refundId: cmd.refundId,
    entryId: cmd.entryId,
    paymentId: cmd.paymentId,
    by: { userId: cmd.userId, idempotencyKey: cmd.idempotencyKey },
    cutoffMs: cmd.cutoffMs,
  }
  return decideRefund(situation, command, cmd.now).match(
    (): Result<Refund, RefundError | Retry> => {
      // The SQL refunds exactly when decideRefund allows it; should they ever disagree, try again.
      const made = attempt.refund
      return attempt.outcome !== 'refunded' || made === undefined || made === null
        ? err(retry)
        : ok(refundFromJson(made))
    },
    (refused): Result<Refund, RefundError | Retry> => (attempt.outcome === 'refused' ? err(refused) : err(retry)),
  )
}

/** Refunds, the payments a user reads, and cancellations: one statement each (migration 0006). */
export function createRefundStore(pool: PostgresPool, schema: string): RefundPart {
  const sql = refundStatements(schema)
  return {
    refund: (cmd) =>
      withRetries(() =>
        attemptStatement<{ readonly attempt: RefundAttempt }>(
          pool,
          sql.refund,
          [
            cmd.refundId,
            cmd.entryId,
            cmd.paymentId,
            cmd.userId,
            cmd.idempotencyKey,
            refundFingerprint(cmd.paymentId),
            cmd.now,
            cmd.cutoffMs,
          ],
          // A race the locks should prevent, met anyway: run it again, and it answers AlreadyRefunded.
          { refunds_one_per_payment: () => retry },
        ).andThen(([row]) => refundOutcome(cmd, row?.attempt)),
      ),

    listPayments: ({ userId, limit }) =>
      runStatement<SummaryRow>(pool, sql.list, [userId, limit]).map((rows) => rows.map(toSummary)),

    getPayment: ({ paymentId }) =>
      runStatement<SummaryRow>(pool, sql.get, [paymentId]).map(([row]) => (row === undefined ? null : toSummary(row))),

    cancelSchedule: ({ scheduleId, limit, now }) =>
      runStatement<{
        readonly step: { readonly released: number; readonly refunded: number; readonly remaining: number } | null
      }>(pool, sql.cancel, [scheduleId, limit, now]).andThen(([row]) => {
        const step = row?.step ?? null
        if (step === null) return errAsync(scheduleNotFound(scheduleId))
        return okAsync({ scheduleId, released: step.released, refunded: step.refunded, remaining: step.remaining })
      }),

    pendingCancellations: ({ limit }) =>
      runStatement<{ readonly schedule_id: string }>(pool, sql.pending, [limit]).map((rows) =>
        rows.map((row) => row.schedule_id),
      ),
  }
}
