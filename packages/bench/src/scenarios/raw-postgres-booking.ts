import { randomUUID } from 'node:crypto'
import type { Measurement } from '../harness/measurement.js'
import { runLoad, type Outcome } from '../harness/run-load.js'
import type { Window } from './booking-load.js'
import { holdLockNamespace, rawSql, type RawSql, type RawStatement } from './raw-postgres-sql.js'
import type { Buyer, Seating } from './sale-fixture.js'

/** The part of a `pg.Pool` the raw baseline uses (a recording wrapper fits it too). */
export interface RawQueryable {
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<{ rows: unknown[] }>
}
export interface RawPool extends RawQueryable {
  connect(): Promise<RawQueryable & { release(destroy?: boolean): void }>
}

const HOLD_TTL_MS = 5 * 60_000
const HOLDS_PER_BUYER = 4
const MAX_BALANCE = 100_000_000

/** What place_hold answers; only whether it placed the hold matters here. */
interface AttemptRow {
  readonly placed: boolean
}

const run = async <Row>(db: RawQueryable, statement: RawStatement, values: unknown[]): Promise<Row[]> =>
  (await db.query({ name: statement.name, text: statement.text, values })).rows as Row[]

/**
 * The adapter's hold, charge and payment as a hand-written pg program: the
 * same statements in the same order, with the decisions inline, and nothing
 * else (no validation, no Result objects, no retries, no row mapping).
 */
export class RawPostgresBooking {
  readonly #pool: RawPool
  readonly #sql: RawSql
  readonly #namespace: number
  readonly #concertId: string
  readonly #seating: Seating
  readonly #buyers: readonly Buyer[]
  /** Each buyer's queue token, recorded with the payment as the adapter records it. */
  readonly #tokens: ReadonlyMap<string, string>
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
    this.#sql = rawSql(quotedSchema)
    this.#namespace = holdLockNamespace(quotedSchema)
    this.#concertId = concertId
    this.#seating = seating
    this.#buyers = buyers
    this.#tokens = new Map(buyers.map((buyer) => [buyer.userId, buyer.token]))
    this.#keys = keyPrefix
  }

  get held(): number {
    return this.#firstHold.size
  }

  /** One hold: one call of the adapter's place_hold function, which decides and writes in the database. */
  async holdOnce(
    buyer: Buyer,
    seat: { readonly scheduleId: string; readonly seatNo: number },
  ): Promise<string | undefined> {
    const now = new Date()
    const holdId = randomUUID()
    const [attempt] = await run<AttemptRow>(this.#pool, this.#sql.holdSeat, [
      this.#namespace,
      holdId,
      buyer.userId,
      this.#concertId,
      seat.scheduleId,
      [seat.seatNo],
      now,
      new Date(now.getTime() + HOLD_TTL_MS),
      HOLDS_PER_BUYER,
    ])
    if (attempt?.placed !== true) return undefined
    if (!this.#firstHold.has(buyer.userId)) this.#firstHold.set(buyer.userId, holdId)
    return holdId
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

  /** A charge with an idempotency key: one call of the adapter's charge_wallet function. */
  async chargeOnce(userId: string, amount: number, key: string): Promise<boolean> {
    const [attempt] = await run<{ outcome: string }>(this.#pool, this.#sql.chargeKeyed, [
      userId,
      key,
      `amount=${amount}`,
      amount,
      MAX_BALANCE,
      randomUUID(),
      new Date(),
    ])
    return attempt?.outcome === 'charged'
  }

  charge(window: Window, amount: number): Promise<Measurement> {
    return runLoad({
      ...window,
      call: () => {
        const n = this.#charges++
        const buyer = this.#buyers[n % this.#buyers.length] as Buyer
        return this.chargeOnce(buyer.userId, amount, `${this.#keys}-c${n}`)
      },
      judge: (charged: boolean): Outcome => (charged ? 1 : 'ChargeRefused'),
    })
  }

  /** A payment: one call of the adapter's pay_hold function, which decides and writes in the database. */
  async payOnce(userId: string, holdId: string, key: string, concertId = this.#concertId): Promise<boolean> {
    const [attempt] = await run<{ outcome: string }>(this.#pool, this.#sql.pay, [
      randomUUID(),
      randomUUID(),
      userId,
      holdId,
      key,
      `hold=${holdId}`,
      this.#tokens.get(userId) ?? null,
      concertId,
      new Date(),
    ])
    return attempt?.outcome === 'paid'
  }

  /** Pays each raw buyer's first hold; run after `hold`. */
  pay(window: Window): Promise<Measurement> {
    this.#payable ??= [...this.#firstHold]
    const payable = this.#payable
    return runLoad({
      ...window,
      maxCalls: payable.length - this.#payments,
      call: () => {
        const n = this.#payments++
        const [userId, holdId] = payable[n] as [string, string]
        return this.payOnce(userId, holdId, `${this.#keys}-p${n}`)
      },
      judge: (paid: boolean): Outcome => (paid ? 1 : 'PaymentRefused'),
    })
  }
}
