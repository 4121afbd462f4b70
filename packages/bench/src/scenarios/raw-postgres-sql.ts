import { createHash } from 'node:crypto'

/*
 * The SQL @boxoffice/adapter-postgres sends for one hold, charge and payment,
 * copied from its source (booking/hold-store.ts, wallet-store.ts,
 * payment-store.ts, idempotency-keys.ts, booking-rows.ts; the hold itself is
 * the place_hold function of its migration 0004). The raw baseline
 * sends exactly these texts; the Postgres scenario records what the adapter
 * really sends and fails its "same SQL" check if the two drift apart.
 */

/** A named statement, named as the adapter names it, so both sides share one server-side plan per connection. */
export interface RawStatement {
  readonly name: string
  readonly text: string
}

const named = (text: string): RawStatement => ({
  name: `boxoffice_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`,
  text,
})

const HOLD_COLUMNS =
  'hold_id, user_id, concert_id, schedule_id, seat_no, seat_nos, price, status, created_at, expires_at, extended'
const LEDGER_COLUMNS = 'entry_id, user_id, kind, amount, balance_after, at, payment_id, idempotency_key'
const PAYMENT_COLUMNS =
  'payment_id, user_id, hold_id, concert_id, schedule_id, seat_no, seat_nos, amount, idempotency_key, paid_at'

export type RawSql = ReturnType<typeof rawSql>

/** `s` is the quoted schema, as the adapter embeds it. */
export function rawSql(s: string) {
  return {
    // The whole hold in one statement: the adapter's place_hold function (its migration 0004).
    holdSeat: named(`SELECT * FROM ${s}.place_hold($1, $2, $3, $4, $5, $6, $7, $8, $9)`),
    // Best available in one statement: the adapter's hold_best_seats function (migration 0004).
    holdBest: named(`SELECT * FROM ${s}.hold_best_seats($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`),
    claimKey: named(`
      INSERT INTO ${s}.idempotency_keys (user_id, idempotency_key, operation, fingerprint, result_id, created_at)
      VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (user_id, idempotency_key) DO NOTHING
      RETURNING result_id`),
    charge: named(`
      WITH wallet AS (
        INSERT INTO ${s}.wallets AS w (user_id, balance)
        SELECT $1, $2::bigint WHERE $2::bigint <= $3::bigint
        ON CONFLICT (user_id) DO UPDATE SET balance = w.balance + EXCLUDED.balance
         WHERE w.balance + EXCLUDED.balance <= $3::bigint
        RETURNING balance)
      INSERT INTO ${s}.ledger_entries (entry_id, user_id, kind, amount, balance_after, at, idempotency_key)
      SELECT $4, $1, 'CHARGE', $2::bigint, wallet.balance, $5, $6 FROM wallet
      RETURNING ${LEDGER_COLUMNS}`),
    findPayment: named(`
      SELECT k.fingerprint, p.token, ${PAYMENT_COLUMNS.replace(/(\w+)/g, 'p.$1')}
        FROM ${s}.idempotency_keys k JOIN ${s}.payments p ON p.payment_id = k.result_id
       WHERE k.user_id = $1 AND k.idempotency_key = $2 AND k.operation = 'pay'`),
    lockHold: named(`SELECT ${HOLD_COLUMNS} FROM ${s}.holds WHERE hold_id = $1 FOR NO KEY UPDATE`),
    lockWallet: named(`SELECT balance FROM ${s}.wallets WHERE user_id = $1 FOR NO KEY UPDATE`),
    settle: named(`
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

/** The advisory-lock namespace the adapter derives from the quoted schema (32-bit FNV-1a). */
export function holdLockNamespace(quotedSchema: string): number {
  let hash = 0x811c9dc5
  for (const char of `boxoffice:holds:${quotedSchema}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193)
  return hash | 0
}
