import {
  alreadyPaid,
  holdExpired,
  insufficientBalance,
  type Hold,
  type IdempotencyConflict,
  type Payment,
} from '@boxoffice/core'
import {
  payFingerprint,
  settlePayment,
  type BookingStore,
  type SettleCommand,
  type SettleError,
} from '@boxoffice/core/adapter'
import { err, ok, type Result } from 'neverthrow'
import { runStatement, runTransaction } from '../atomic.js'
import { retry, type Retry, type Violations } from '../classify-postgres-error.js'
import type { PostgresPool, PostgresQueryable } from '../postgres-pool.js'
import { execute, statement } from '../statement.js'
import { HOLD_COLUMNS, PAYMENT_COLUMNS, toHold, toPayment, type HoldRow, type PaymentRow } from './booking-rows.js'
import { claimKey, idempotencyStatements } from './idempotency-keys.js'

type PaymentPart = Pick<BookingStore, 'findPayment' | 'pay'>

function paymentStatements(s: string) {
  return {
    find: statement(`
      SELECT k.fingerprint, p.token, ${PAYMENT_COLUMNS.replace(/(\w+)/g, 'p.$1')}
        FROM ${s}.idempotency_keys k JOIN ${s}.payments p ON p.payment_id = k.result_id
       WHERE k.user_id = $1 AND k.idempotency_key = $2 AND k.operation = 'pay'`),
    read: statement(`SELECT ${PAYMENT_COLUMNS} FROM ${s}.payments WHERE payment_id = $1`),
    // Locks in one order for every payment: key, hold, wallet.
    lockHold: statement(`SELECT ${HOLD_COLUMNS} FROM ${s}.holds WHERE hold_id = $1 FOR NO KEY UPDATE`),
    lockWallet: statement(`SELECT balance FROM ${s}.wallets WHERE user_id = $1 FOR NO KEY UPDATE`),
    // The settlement settlePayment decided, written in one statement: the
    // conditional debit (never below zero), the hold CONFIRMED with its
    // payment, the PAYMENT ledger entry, the payment row. Each part depends on
    // the one before, so a part that finds nothing to do stops the rest.
    // The debit proposes a (user, 0) row only so a user who never charged can
    // take a free seat: settlePayment let the call this far, so without a
    // wallet the price is 0 and that row is exactly right. $1 user, $2 price, $3 payment id, $4 hold id,
    // $5 entry id, $6 now, $7 key, $8 signed ledger amount, $9 concert,
    // $10 schedule, $11 seat no, $12 the paying queue token, $13 every seat no.
    // The hold's seats follow it to CONFIRMED (trigger, migration 0004).
    settle: statement(`
      WITH debit AS (
        INSERT INTO ${s}.wallets AS w (user_id, balance) VALUES ($1, 0)
        ON CONFLICT (user_id) DO UPDATE SET balance = w.balance - $2::bigint WHERE w.balance >= $2::bigint
        RETURNING balance),
      confirmed AS (
        UPDATE ${s}.holds SET status = 'CONFIRMED', payment_id = $3
         WHERE hold_id = $4 AND status = 'HELD' AND EXISTS (SELECT 1 FROM debit)
        RETURNING hold_id),
      entry AS (
        INSERT INTO ${s}.ledger_entries (entry_id, user_id, kind, amount, balance_after, at, payment_id, idempotency_key)
        SELECT $5, $1, 'PAYMENT', $8::bigint, debit.balance, $6, $3, $7 FROM debit, confirmed
        RETURNING balance_after),
      payment AS (
        INSERT INTO ${s}.payments
          (payment_id, user_id, hold_id, concert_id, schedule_id, seat_no, seat_nos, amount, idempotency_key, paid_at, token)
        SELECT $3, $1, $4, $9, $10, $11, $13::integer[], $2::bigint, $7, $6, $12 FROM confirmed
        RETURNING payment_id)
      SELECT (SELECT balance_after FROM entry) AS balance_after, (SELECT count(*) FROM payment) AS paid`),
  }
}

/** What a payment read on its way: constraint handlers use it to explain a refusal. */
interface Seen {
  hold?: Hold | undefined
  balance?: number | undefined
}

function payViolations(cmd: SettleCommand & { readonly now: Date }, seen: Seen): Violations<SettleError> {
  return {
    payments_one_per_hold: () => alreadyPaid(cmd.holdId),
    // The seat was claimed again meanwhile (the hold ran out by another
    // process's clock): the hold lost its seat.
    hold_seats_one_claim_per_seat: () => holdExpired(cmd.holdId, seen.hold?.expiresAt ?? cmd.now),
    wallets_balance_not_negative: () => insufficientBalance(seen.balance ?? 0, seen.hold?.price ?? 0),
    idempotency_keys_pkey: () => retry,
  }
}

type PayOutcome = Result<Payment, SettleError | IdempotencyConflict | Retry>

async function settle(
  tx: PostgresQueryable,
  sql: ReturnType<typeof paymentStatements>,
  cmd: SettleCommand & { readonly now: Date },
  seen: Seen,
): Promise<PayOutcome> {
  const [holdRow] = await execute<HoldRow>(tx, sql.lockHold, [cmd.holdId])
  const [wallet] = await execute<{ readonly balance: string }>(tx, sql.lockWallet, [cmd.userId])
  seen.hold = holdRow === undefined ? undefined : toHold(holdRow)
  seen.balance = Number(wallet?.balance ?? 0)
  // Whether the hold still claims its seats is judged by the database: the
  // exclusion constraint refuses a CONFIRMED hold that overlaps a later claim.
  return settlePayment(seen.hold, seen.balance, cmd, cmd.now, true).match(
    async ({ hold, payment, entry }): Promise<PayOutcome> => {
      const [done] = await execute<{ readonly balance_after: string | null; readonly paid: string }>(tx, sql.settle, [
        cmd.userId,
        hold.price,
        payment.paymentId,
        hold.holdId,
        entry.entryId,
        cmd.now,
        cmd.idempotencyKey,
        entry.amount,
        hold.concertId,
        hold.scheduleId,
        hold.seatNo,
        cmd.token,
        hold.seatNos,
      ])
      // Under the locks taken above the write cannot fall short; if it did, roll back and try again.
      const complete = Number(done?.paid ?? 0) === 1 && Number(done?.balance_after) === entry.balanceAfter
      return complete ? ok(payment) : err(retry)
    },
    async (refused) => err(refused),
  )
}

/** Payments: `pay` is one transaction, all or nothing. */
export function createPaymentStore(pool: PostgresPool, schema: string): PaymentPart {
  const sql = paymentStatements(schema)
  const keys = idempotencyStatements(schema)

  return {
    findPayment: ({ userId, idempotencyKey }) =>
      runStatement<PaymentRow & { readonly fingerprint: string; readonly token: string | null }>(pool, sql.find, [
        userId,
        idempotencyKey,
      ]).map(([row]) =>
        row === undefined ? null : { payment: toPayment(row), fingerprint: row.fingerprint, token: row.token },
      ),

    pay: (cmd) => {
      const seen: Seen = {}
      return runTransaction(
        pool,
        async (tx): Promise<PayOutcome> => {
          const claim = await claimKey(tx, keys, {
            userId: cmd.userId,
            key: cmd.idempotencyKey,
            operation: 'pay',
            fingerprint: payFingerprint(cmd.holdId),
            resultId: cmd.paymentId,
            createdAt: cmd.now,
          })
          if (claim.isErr()) return err(claim.error)
          if (claim.value.kind === 'fresh') return settle(tx, sql, cmd, seen)
          const [stored] = await execute<PaymentRow>(tx, sql.read, [claim.value.resultId])
          return stored === undefined ? err(retry) : ok(toPayment(stored))
        },
        payViolations(cmd, seen),
      )
    },
  }
}
