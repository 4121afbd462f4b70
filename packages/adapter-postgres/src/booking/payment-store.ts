import {
  alreadyPaid,
  holdExpired,
  storeUnavailable,
  type Hold,
  type IdempotencyConflict,
  type StoreUnavailable,
} from '@boxoffice/core'
import {
  matchIdempotency,
  payFingerprint,
  settlePayment,
  type BookingStore,
  type IdempotencyRecord,
  type PayOutcome,
  type SettleCommand,
  type SettleError,
} from '@boxoffice/core/adapter'
import { err, ok, type Result } from 'neverthrow'
import { attemptStatement, runStatement, withRetries } from '../atomic.js'
import { retry, type Retry, type Violations } from '../classify-postgres-error.js'
import type { PostgresPool } from '../postgres-pool.js'
import { statement } from '../statement.js'
import { PAYMENT_COLUMNS, toHold, toPayment, type HoldRow, type PaymentRow } from './booking-rows.js'

type PaymentPart = Pick<BookingStore, 'findPayment' | 'pay'>

function paymentStatements(s: string) {
  return {
    find: statement(`
      SELECT k.fingerprint, p.token, ${PAYMENT_COLUMNS.replace(/(\w+)/g, 'p.$1')}
        FROM ${s}.idempotency_keys k JOIN ${s}.payments p ON p.payment_id = k.result_id
       WHERE k.user_id = $1 AND k.idempotency_key = $2 AND k.operation = 'pay'`),
    // The whole pay, one statement (migration 0007).
    pay: statement(`SELECT * FROM ${s}.pay_hold($1, $2, $3, $4, $5, $6, $7, $8, $9)`),
  }
}

/** A `pay_attempt` row: what pay_hold saw and did. */
interface PayAttemptRow {
  readonly outcome: 'paid' | 'refused' | 'key_taken' | 'retry'
  readonly stored_operation: IdempotencyRecord['operation'] | null
  readonly stored_fingerprint: string | null
  readonly hold_id: string | null
  readonly user_id: string
  readonly concert_id: string
  readonly schedule_id: string
  readonly seat_no: number
  readonly seat_nos: readonly number[]
  readonly price: string
  readonly status: Hold['status']
  readonly created_at: Date
  readonly expires_at: Date
  readonly extended: boolean
  readonly balance: string | null
  readonly claims_its_seats: boolean | null
  readonly balance_after: string | null
  readonly payment_id: string | null
  readonly amount: string
  readonly idempotency_key: string
  readonly paid_at: Date
  readonly token: string | null
}

type Command = SettleCommand & { readonly now: Date }
type Attempt = Result<PayOutcome, SettleError | IdempotencyConflict | Retry | StoreUnavailable>

function payViolations(cmd: Command): Violations<SettleError> {
  return {
    // Database guards behind pay_hold's own checks. The seat one is met when a
    // lapsed hold's seat was claimed again after pay_hold looked (the hold then
    // lost its seat: HoldExpired, dated by this call's clock since the
    // statement's look is gone with it); the others cannot be met under its locks.
    payments_one_per_hold: () => alreadyPaid(cmd.holdId),
    hold_seats_one_claim_per_seat: () => holdExpired(cmd.holdId, cmd.now),
    wallets_balance_not_negative: () => retry,
    idempotency_keys_pkey: () => retry,
  }
}

/**
 * The core's answer for what pay_hold saw: matchIdempotency over the key's
 * record, then settlePayment over the hold and balance it read under its
 * locks. pay_hold decides with the same checks, so the two always agree; a
 * disagreement is a bug in this package, never an outcome to report.
 */
function payOutcome(row: PayAttemptRow | undefined, cmd: Command): Attempt {
  if (row === undefined || row.outcome === 'retry') return err(retry)
  const fingerprint = payFingerprint(cmd.holdId)
  const disagree = (): Attempt =>
    err(storeUnavailable(new Error(`pay_hold and settlePayment disagree on hold ${cmd.holdId} (${row.outcome})`)))
  if (row.outcome === 'key_taken') {
    const stored: IdempotencyRecord = {
      userId: cmd.userId,
      key: cmd.idempotencyKey,
      operation: row.stored_operation ?? 'pay',
      fingerprint: row.stored_fingerprint ?? '',
      resultId: row.payment_id ?? '',
      createdAt: cmd.now,
    }
    return matchIdempotency(stored, 'pay', cmd.idempotencyKey, fingerprint).andThen((): Attempt => {
      if (row.payment_id === null) return disagree()
      return ok({ payment: toPayment(row as PaymentRow), replayed: true, token: row.token })
    })
  }
  const hold = row.hold_id === null ? undefined : toHold(row as HoldRow)
  const balance = Number(row.balance ?? 0)
  const paid = row.outcome === 'paid'
  return settlePayment(hold, balance, cmd, cmd.now, row.claims_its_seats !== false).match(
    ({ payment, entry }): Attempt => {
      if (!paid || Number(row.balance_after) !== entry.balanceAfter) return disagree()
      return ok({ payment, replayed: false, token: cmd.token })
    },
    (refused): Attempt => {
      if (paid) return disagree()
      return err(refused)
    },
  )
}

/** Payments: `pay` is one statement, the pay_hold function (migration 0007): all or nothing. */
export function createPaymentStore(pool: PostgresPool, schema: string): PaymentPart {
  const sql = paymentStatements(schema)

  return {
    findPayment: ({ userId, idempotencyKey }) =>
      runStatement<PaymentRow & { readonly fingerprint: string; readonly token: string | null }>(pool, sql.find, [
        userId,
        idempotencyKey,
      ]).map(([row]) =>
        row === undefined ? null : { payment: toPayment(row), fingerprint: row.fingerprint, token: row.token },
      ),

    pay: (cmd) =>
      withRetries(() =>
        attemptStatement<PayAttemptRow, SettleError>(
          pool,
          sql.pay,
          [
            cmd.paymentId,
            cmd.entryId,
            cmd.userId,
            cmd.holdId,
            cmd.idempotencyKey,
            payFingerprint(cmd.holdId),
            cmd.token,
            cmd.concertId,
            cmd.now,
          ],
          payViolations(cmd),
        ).andThen(([row]) => payOutcome(row, cmd)),
      ),
  }
}
