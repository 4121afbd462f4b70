import type {
  BoxOffice,
  ChargeReceipt,
  Hold,
  HoldStatus,
  LedgerEntry,
  ManualClock,
  Payment,
  PolicyOverrides,
} from '@boxoffice/core'
import fc from 'fast-check'
import { keep, unexpected } from '../outcome.js'
import { openSale, type Sale } from '../sale-setup.js'

export const WALK_USERS: readonly string[] = ['u1', 'u2', 'u3']
export const WALK_SEATS = 2
export const WALK_PRICE = 300

/** Seats are contended, holds expire within a few steps, and wallets run dry. */
export const WALK_POLICY: PolicyOverrides = {
  queue: { activeTtlMs: 3_600_000 },
  hold: { ttlMs: 60_000, maxPerUser: 2 },
  charge: { maxAmount: 1_000, maxBalance: 2_000 },
}

/** One step of a random walk through holds, payments and charges. */
export type BookingOp =
  | { readonly op: 'hold'; readonly user: number; readonly seatNo: number }
  | { readonly op: 'release'; readonly user: number | 'owner'; readonly pick: number }
  | { readonly op: 'pay'; readonly user: number | 'owner'; readonly pick: number; readonly key: string }
  | { readonly op: 'charge'; readonly user: number; readonly amount: number; readonly key: string | null }
  | { readonly op: 'expire' }
  | { readonly op: 'advance'; readonly ms: number }

const user = fc.nat(WALK_USERS.length - 1)
const actor = fc.oneof({ weight: 4, arbitrary: fc.constant('owner' as const) }, { weight: 1, arbitrary: user })
const pick = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat(3) })
const key = fc.constantFrom('k1', 'k2', 'k3', 'k4')

export const bookingOps: fc.Arbitrary<BookingOp[]> = fc.array(
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({ op: fc.constant('hold' as const), user, seatNo: fc.integer({ min: 1, max: WALK_SEATS }) }),
    },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('release' as const), user: actor, pick }) },
    { weight: 5, arbitrary: fc.record({ op: fc.constant('pay' as const), user: actor, pick, key }) },
    {
      weight: 3,
      arbitrary: fc.record({
        op: fc.constant('charge' as const),
        user,
        amount: fc.constantFrom(100, 300, 1_000, 1_500),
        key: fc.option(key, { nil: null }),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ op: 'expire' as const }) },
    {
      weight: 2,
      arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.constantFrom(10_000, 30_000, 60_000) }),
    },
  ),
  { minLength: 1, maxLength: 40, size: 'medium' },
)

/** What the walk saw a hold become: only answers of the facade move it. */
export interface SeenHold {
  readonly hold: Hold
  status: HoldStatus
  paymentIds: string[]
}

/** One call of the walk and what it answered. */
export type WalkEvent =
  | {
      readonly op: 'charge'
      readonly userId: string
      readonly key: string | null
      readonly answer: ChargeReceipt | string
    }
  | { readonly op: 'pay'; readonly userId: string; readonly key: string; readonly answer: Payment | string }
  | { readonly op: 'other' }

/**
 * Runs booking operations through the facade, keeping users admitted (a
 * completed or expired token is replaced before a gated call) and recording
 * every hold's fate from the answers. Checks run after every step.
 */
export class BookingWalk {
  readonly holds: SeenHold[] = []
  readonly sale: Sale
  readonly #box: BoxOffice
  readonly #clock: ManualClock
  readonly #tokens: Map<string, string> = new Map()

  private constructor(box: BoxOffice, clock: ManualClock, sale: Sale) {
    this.#box = box
    this.#clock = clock
    this.sale = sale
  }

  static async open(box: BoxOffice, clock: ManualClock): Promise<BookingWalk> {
    return new BookingWalk(box, clock, await openSale(box, { seats: WALK_SEATS, price: WALK_PRICE }))
  }

  get now(): Date {
    return this.#clock.now()
  }

  async step(op: BookingOp): Promise<WalkEvent> {
    const box = this.#box
    switch (op.op) {
      case 'hold': {
        const userId = WALK_USERS[op.user] ?? 'u1'
        const token = await this.#activeToken(userId)
        const held = await box.holds.hold({ userId, token, scheduleId: this.sale.scheduleId, seatNo: op.seatNo }).match(
          (hold) => hold,
          () => undefined,
        )
        if (held !== undefined) this.holds.push({ hold: held, status: 'HELD', paymentIds: [] })
        return { op: 'other' }
      }
      case 'release': {
        const seen = this.#pick(op.pick)
        const userId = op.user === 'owner' ? (seen?.hold.userId ?? 'u1') : (WALK_USERS[op.user] ?? 'u1')
        const released = await box.holds.release({ userId, holdId: seen?.hold.holdId ?? 'hold-never-issued' }).match(
          () => true,
          () => false,
        )
        if (released && seen !== undefined) seen.status = 'RELEASED'
        return { op: 'other' }
      }
      case 'pay': {
        const seen = this.#pick(op.pick)
        const userId = op.user === 'owner' ? (seen?.hold.userId ?? 'u1') : (WALK_USERS[op.user] ?? 'u1')
        const token = await this.#activeToken(userId)
        const answer = await box.payments
          .pay({ userId, token, holdId: seen?.hold.holdId ?? 'hold-never-issued', idempotencyKey: op.key })
          .match(keep, (error): string => error.type)
        if (typeof answer !== 'string') {
          const paid = this.holds.find((h) => h.hold.holdId === answer.holdId)
          if (paid !== undefined) {
            paid.status = 'CONFIRMED'
            if (!paid.paymentIds.includes(answer.paymentId)) paid.paymentIds.push(answer.paymentId)
          }
        }
        return { op: 'pay', userId, key: op.key, answer }
      }
      case 'charge': {
        const userId = WALK_USERS[op.user] ?? 'u1'
        const input =
          op.key === null ? { userId, amount: op.amount } : { userId, amount: op.amount, idempotencyKey: op.key }
        const answer = await box.wallet.charge(input).match(keep, (error): string => error.type)
        return { op: 'charge', userId, key: op.key, answer }
      }
      case 'expire':
        await box.holds.expire().match(keep, unexpected)
        return { op: 'other' }
      case 'advance':
        this.#clock.advance(op.ms)
        return { op: 'other' }
    }
  }

  /** Holds the walk saw claim their seat now: CONFIRMED, or HELD and unexpired. */
  liveClaims(seatNo: number): SeenHold[] {
    const now = this.now.getTime()
    return this.holds.filter(
      (h) =>
        h.hold.seatNo === seatNo &&
        (h.status === 'CONFIRMED' || (h.status === 'HELD' && h.hold.expiresAt.getTime() > now)),
    )
  }

  async seatStatuses(): Promise<string[]> {
    const map = await this.#box.catalog.listSeats({ scheduleId: this.sale.scheduleId }).match(keep, unexpected)
    return map.seats.map((s) => s.status)
  }

  async ledger(userId: string): Promise<readonly LedgerEntry[]> {
    return this.#box.wallet.history({ userId, limit: 1_000 }).match(keep, unexpected)
  }

  async balance(userId: string): Promise<number> {
    return this.#box.wallet.balance({ userId }).match(keep, unexpected)
  }

  #pick(pick: number): SeenHold | undefined {
    return this.holds[this.holds.length - 1 - pick]
  }

  /** The user's ACTIVE token, entering and admitting again when the last one is gone. */
  async #activeToken(userId: string): Promise<string> {
    const box = this.#box
    const current = this.#tokens.get(userId)
    if (current !== undefined) {
      const usable = await box.queue.authorize({ userId, token: current }).match(
        () => true,
        () => false,
      )
      if (usable) return current
    }
    const ticket = await box.queue.enter({ userId, concertId: this.sale.concertId }).match(keep, unexpected)
    await box.queue.admit({ concertId: this.sale.concertId }).match(keep, unexpected)
    await box.queue.authorize({ userId, token: ticket.token }).match(keep, unexpected)
    this.#tokens.set(userId, ticket.token)
    return ticket.token
  }
}
