import { createHash, randomUUID } from 'node:crypto'
import type { Measurement } from '../harness/measurement.js'
import { runLoad, type Outcome } from '../harness/run-load.js'
import type { Window } from './booking-load.js'
import type { RawPool, RawQueryable } from './raw-postgres-booking.js'
import type { RawStatement } from './raw-postgres-sql.js'
import type { Buyer, Seating } from './sale-fixture.js'

/*
 * The baseline a careful team would write with `pg` alone, for the same
 * tables and the same guarantees, each operation ONE statement (one round
 * trip, autocommit), written from scratch rather than taken from the adapter:
 *
 * - no double sale: the hold is a plain INSERT that the exclusion constraint
 *   on the seat's claims refuses when it overlaps a live claim; the payment
 *   locks the hold and re-checks it is HELD, unexpired and the payer's, and
 *   confirming it runs into the same constraint if the seat was claimed again;
 * - no negative balance: the debit is an UPDATE conditional on the balance,
 *   re-evaluated on the latest row version under concurrency;
 * - idempotency: the key row is written by the same statement, only when the
 *   call took effect; a concurrent call with the same key then fails on the
 *   key's primary key and is answered from the key on a second look.
 *
 * What it leaves out that the library does: the per-user seat limit is
 * counted without the user lock (two concurrent holds of one user may pass
 * it together), refusals say only "refused" (no reason), and it does no
 * input validation, queue token check or retry on deadlock.
 */

const HOLD_TTL_MS = 5 * 60_000
const HOLDS_PER_BUYER = 4
const MAX_BALANCE = 100_000_000

/** A statement named after its text, so equal texts share one server-side plan per connection. */
const named = (text: string): RawStatement => ({
  name: `hand_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`,
  text,
})

/** `s` is the quoted schema. */
const handWrittenSql = (s: string) => ({
  /** One hold of one seat: the seat must exist in a schedule of the concert; the user under its limit. */
  hold: named(`
    INSERT INTO ${s}.holds (hold_id, user_id, concert_id, schedule_id, seat_no, seat_id, price, status, created_at,
                       expires_at, seat_nos)
    SELECT $1, $2, sc.concert_id, st.schedule_id, st.seat_no, st.seat_id, st.price, 'HELD', $5, $6, ARRAY[st.seat_no]
      FROM ${s}.seats st JOIN ${s}.schedules sc ON sc.schedule_id = st.schedule_id
     WHERE st.schedule_id = $3 AND st.seat_no = $4 AND sc.concert_id = $7
       AND (SELECT count(*) FROM ${s}.holds u WHERE u.user_id = $2 AND u.status = 'HELD' AND u.expires_at > $5) < $8
    RETURNING hold_id`),

  /** A credit under the balance cap with its ledger entry and key; or the key's earlier receipt. */
  charge: named(`
    WITH credit AS (
      INSERT INTO ${s}.wallets AS w (user_id, balance)
      SELECT $1, $2::bigint WHERE $2::bigint <= $3::bigint
         AND NOT EXISTS (SELECT 1 FROM ${s}.idempotency_keys k WHERE k.user_id = $1 AND k.idempotency_key = $6)
      ON CONFLICT (user_id) DO UPDATE SET balance = w.balance + EXCLUDED.balance
       WHERE w.balance + EXCLUDED.balance <= $3::bigint
      RETURNING w.balance),
    entry AS (
      INSERT INTO ${s}.ledger_entries (entry_id, user_id, kind, amount, balance_after, at, idempotency_key)
      SELECT $4, $1, 'CHARGE', $2::bigint, credit.balance, $5, $6 FROM credit
      RETURNING balance_after),
    claim AS (
      INSERT INTO ${s}.idempotency_keys (user_id, idempotency_key, operation, fingerprint, result_id, created_at)
      SELECT $1, $6, 'charge', $7, $4, $5 FROM entry
      RETURNING result_id)
    SELECT (SELECT balance_after FROM entry) AS balance, (SELECT count(*) FROM claim) AS claimed,
           k.operation, k.fingerprint, e.balance_after AS earlier_balance
      FROM (SELECT 1) AS one
      LEFT JOIN ${s}.idempotency_keys k ON k.user_id = $1 AND k.idempotency_key = $6
      LEFT JOIN ${s}.ledger_entries e ON e.entry_id = k.result_id`),

  /** Lock the hold if payable, debit, confirm, payment, ledger, key; or the key's earlier payment. */
  pay: named(`
    WITH h AS (
      SELECT hold_id, price, concert_id, schedule_id, seat_no, seat_nos FROM ${s}.holds
       WHERE hold_id = $4 AND user_id = $3 AND concert_id = $8 AND status = 'HELD' AND expires_at > $7
         AND NOT EXISTS (SELECT 1 FROM ${s}.idempotency_keys k WHERE k.user_id = $3 AND k.idempotency_key = $5)
       FOR NO KEY UPDATE),
    debit AS (
      UPDATE ${s}.wallets w SET balance = w.balance - h.price FROM h
       WHERE w.user_id = $3 AND w.balance >= h.price
      RETURNING w.balance),
    confirmed AS (
      UPDATE ${s}.holds SET status = 'CONFIRMED', payment_id = $1 FROM debit WHERE holds.hold_id = $4
      RETURNING holds.hold_id),
    paid AS (
      INSERT INTO ${s}.payments
        (payment_id, user_id, hold_id, concert_id, schedule_id, seat_no, seat_nos, amount, idempotency_key, paid_at, token)
      SELECT $1, $3, $4, h.concert_id, h.schedule_id, h.seat_no, h.seat_nos, h.price, $5, $7, $9 FROM h, confirmed
      RETURNING payment_id),
    entry AS (
      INSERT INTO ${s}.ledger_entries (entry_id, user_id, kind, amount, balance_after, at, payment_id, idempotency_key)
      SELECT $2, $3, 'PAYMENT', -h.price, debit.balance, $7, $1, $5 FROM h, debit, paid
      RETURNING entry_id),
    claim AS (
      INSERT INTO ${s}.idempotency_keys (user_id, idempotency_key, operation, fingerprint, result_id, created_at)
      SELECT $3, $5, 'pay', $6, $1, $7 FROM entry
      RETURNING result_id)
    SELECT (SELECT count(*) FROM claim) AS paid, k.operation, k.fingerprint, k.result_id
      FROM (SELECT 1) AS one
      LEFT JOIN ${s}.idempotency_keys k ON k.user_id = $3 AND k.idempotency_key = $5`),

  /** The key's record, for the second look after a same-key race. */
  key: named(
    `SELECT operation, fingerprint, result_id FROM ${s}.idempotency_keys WHERE user_id = $1 AND idempotency_key = $2`,
  ),
})

interface KeyColumns {
  readonly operation: string | null
  readonly fingerprint: string | null
}

/** pg's error codes for an exclusion and a unique violation. */
const EXCLUSION_VIOLATION = '23P01'
const UNIQUE_VIOLATION = '23505'
const codeOf = (error: unknown): string | undefined => (error as { code?: string }).code

/** What a keyed call answered: done now, replayed from its key, or refused. */
export type KeyedAnswer = 'done' | 'replayed' | 'refused' | 'conflict'

/**
 * The hand-written one-round-trip hold, charge and payment, in the sale's schema.
 */
export class HandWrittenPostgresBooking {
  readonly #pool: RawPool
  readonly #sql: ReturnType<typeof handWrittenSql>
  readonly #concertId: string
  readonly #seating: Seating
  readonly #buyers: readonly Buyer[]
  readonly #keys: string
  readonly #firstHold = new Map<string, string>()
  #holds = 0
  #charges = 0
  #payments = 0
  #payable: (readonly [string, string])[] | undefined

  constructor(
    pool: RawPool,
    quotedSchema: string,
    concertId: string,
    seating: Seating,
    buyers: readonly Buyer[],
    keyPrefix: string,
  ) {
    this.#pool = pool
    this.#sql = handWrittenSql(quotedSchema)
    this.#concertId = concertId
    this.#seating = seating
    this.#buyers = buyers
    this.#keys = keyPrefix
  }

  async #run<Row>(db: RawQueryable, statement: RawStatement, values: unknown[]): Promise<Row[]> {
    return (await db.query({ name: statement.name, text: statement.text, values })).rows as Row[]
  }

  get held(): number {
    return this.#firstHold.size
  }

  async holdOnce(
    buyer: Buyer,
    seat: { readonly scheduleId: string; readonly seatNo: number },
  ): Promise<string | undefined> {
    const now = new Date()
    const holdId = randomUUID()
    try {
      const [row] = await this.#run<{ hold_id: string }>(this.#pool, this.#sql.hold, [
        holdId,
        buyer.userId,
        seat.scheduleId,
        seat.seatNo,
        now,
        new Date(now.getTime() + HOLD_TTL_MS),
        this.#concertId,
        HOLDS_PER_BUYER,
      ])
      if (row === undefined) return undefined
    } catch (error) {
      if (codeOf(error) === EXCLUSION_VIOLATION) return undefined
      throw error
    }
    if (!this.#firstHold.has(buyer.userId)) this.#firstHold.set(buyer.userId, holdId)
    return holdId
  }

  async chargeOnce(userId: string, amount: number, key: string): Promise<KeyedAnswer> {
    const fingerprint = `amount=${amount}`
    for (let look = 0; ; look++) {
      try {
        const [row] = await this.#run<KeyColumns & { claimed: string }>(this.#pool, this.#sql.charge, [
          userId,
          amount,
          MAX_BALANCE,
          randomUUID(),
          new Date(),
          key,
          fingerprint,
        ])
        if (Number(row?.claimed) === 1) return 'done'
        return answerFromKey(row, 'charge', fingerprint)
      } catch (error) {
        // A concurrent call with this key committed first: look again, and find its receipt.
        if (codeOf(error) !== UNIQUE_VIOLATION || look > 0) throw error
      }
    }
  }

  async payOnce(userId: string, holdId: string, key: string, token: string | null): Promise<KeyedAnswer> {
    const fingerprint = `hold=${holdId}`
    for (let look = 0; ; look++) {
      try {
        const [row] = await this.#run<KeyColumns & { paid: string }>(this.#pool, this.#sql.pay, [
          randomUUID(),
          randomUUID(),
          userId,
          holdId,
          key,
          fingerprint,
          new Date(),
          this.#concertId,
          token,
        ])
        if (Number(row?.paid) === 1) return 'done'
        const answer = answerFromKey(row, 'pay', fingerprint)
        if (answer !== 'refused') return answer
        // Refused with no key seen: a call with this key may have committed
        // while this one waited for the hold. One more look tells them apart.
        const [stored] = await this.#run<KeyColumns>(this.#pool, this.#sql.key, [userId, key])
        return answerFromKey(stored, 'pay', fingerprint)
      } catch (error) {
        if (codeOf(error) === EXCLUSION_VIOLATION) return 'refused'
        if (codeOf(error) !== UNIQUE_VIOLATION || look > 0) throw error
      }
    }
  }

  hold(window: Window): Promise<Measurement> {
    return runLoad({
      ...window,
      maxCalls: this.#buyers.length * HOLDS_PER_BUYER - this.#holds,
      call: () =>
        this.holdOnce(this.#buyers[Math.floor(this.#holds++ / HOLDS_PER_BUYER)] as Buyer, this.#seating.next()),
      judge: (holdId: string | undefined): Outcome => (holdId === undefined ? 'SeatRefused' : 1),
    })
  }

  charge(window: Window, amount: number): Promise<Measurement> {
    return runLoad({
      ...window,
      call: () => {
        const n = this.#charges++
        const buyer = this.#buyers[n % this.#buyers.length] as Buyer
        return this.chargeOnce(buyer.userId, amount, `${this.#keys}-c${n}`)
      },
      judge: (answer: KeyedAnswer): Outcome => (answer === 'done' ? 1 : `Charge${answer}`),
    })
  }

  /** Pays each buyer's first hold; run after `hold`. */
  pay(window: Window): Promise<Measurement> {
    this.#payable ??= [...this.#firstHold]
    const payable = this.#payable
    const tokens = new Map(this.#buyers.map((buyer) => [buyer.userId, buyer.token]))
    return runLoad({
      ...window,
      maxCalls: payable.length - this.#payments,
      call: () => {
        const n = this.#payments++
        const [userId, holdId] = payable[n] as [string, string]
        return this.payOnce(userId, holdId, `${this.#keys}-p${n}`, tokens.get(userId) ?? null)
      },
      judge: (answer: KeyedAnswer): Outcome => (answer === 'done' ? 1 : `Payment${answer}`),
    })
  }
}

/** A call that wrote nothing: a replay when the key holds this call's record, a conflict when another's. */
function answerFromKey(row: KeyColumns | undefined, operation: string, fingerprint: string): KeyedAnswer {
  if (row?.operation === null || row?.operation === undefined) return 'refused'
  return row.operation === operation && row.fingerprint === fingerprint ? 'replayed' : 'conflict'
}
