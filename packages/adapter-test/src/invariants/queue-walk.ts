import type { AdmitReport, BoxOffice, ManualClock, PolicyOverrides, Ticket } from '@boxoffice/core'
import fc from 'fast-check'
import { keep, unexpected } from '../outcome.js'

export const QUEUE_USERS: readonly string[] = ['u1', 'u2', 'u3', 'u4']
export const QUEUE_CONCERTS: readonly string[] = ['c1', 'c2']

export type QueueOp =
  | { readonly op: 'enter'; readonly user: number; readonly concert: number }
  | { readonly op: 'status'; readonly user: number; readonly concert: number }
  | { readonly op: 'leave'; readonly user: number; readonly concert: number }
  | { readonly op: 'admit'; readonly concert: number }
  | { readonly op: 'advance'; readonly ms: number }

const user = fc.nat(QUEUE_USERS.length - 1)
const concert = fc.nat(QUEUE_CONCERTS.length - 1)

export const queueOps: fc.Arbitrary<QueueOp[]> = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant('enter' as const), user, concert }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('status' as const), user, concert }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('leave' as const), user, concert }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('admit' as const), concert }) },
    {
      weight: 2,
      arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.constantFrom(1_000, 5_000, 15_000, 25_000) }),
    },
  ),
  { minLength: 1, maxLength: 50, size: 'medium' },
)

/** Small lines with short TTLs, so tokens get admitted, expire and go idle within a walk. */
export const queuePolicies: fc.Arbitrary<PolicyOverrides> = fc.record({
  queue: fc.record({
    maxActive: fc.integer({ min: 1, max: 3 }),
    admitPerTick: fc.integer({ min: 1, max: 3 }),
    activeTtlMs: fc.constant(30_000),
    waitingIdleTtlMs: fc.constant(20_000),
  }),
})

/** A token the walk was given, in the order tokens were issued. */
export interface IssuedToken {
  readonly token: string
  readonly userId: string
  readonly concertId: string
  readonly order: number
}

/** What a token is now, read with `authorize` (which, unlike status, changes nothing). */
export type Probe = 'ACTIVE' | 'WAITING' | 'dead' | 'gone'

export type QueueEvent =
  | { readonly op: 'ticket'; readonly ticket: Ticket; readonly previous: string | undefined }
  | { readonly op: 'admit'; readonly report: AdmitReport }
  | { readonly op: 'other' }

export class QueueWalk {
  readonly issued: IssuedToken[] = []
  readonly #box: BoxOffice
  readonly #clock: ManualClock
  readonly #current: Map<string, string> = new Map()

  constructor(box: BoxOffice, clock: ManualClock) {
    this.#box = box
    this.#clock = clock
  }

  async step(op: QueueOp): Promise<QueueEvent> {
    const box = this.#box
    if (op.op === 'advance') {
      this.#clock.advance(op.ms)
      return { op: 'other' }
    }
    const concertId = QUEUE_CONCERTS[op.concert] ?? 'c1'
    if (op.op === 'admit') {
      return { op: 'admit', report: await box.queue.admit({ concertId }).match(keep, unexpected) }
    }
    const userId = QUEUE_USERS[op.user] ?? 'u1'
    const id = `${userId}|${concertId}`
    const token = this.#current.get(id) ?? `${concertId}~never-issued`
    switch (op.op) {
      case 'enter': {
        const ticket = await box.queue.enter({ userId, concertId }).match(keep, unexpected)
        if (!this.issued.some((t) => t.token === ticket.token)) {
          this.issued.push({ token: ticket.token, userId, concertId, order: this.issued.length })
        }
        this.#current.set(id, ticket.token)
        return { op: 'ticket', ticket, previous: token }
      }
      case 'status': {
        const ticket = await box.queue.status({ token }).match(keep, () => undefined)
        return ticket === undefined ? { op: 'other' } : { op: 'ticket', ticket, previous: token }
      }
      case 'leave':
        await box.queue.leave({ token }).match(
          () => undefined,
          () => undefined,
        )
        return { op: 'other' }
    }
  }

  /** Every token ever issued, with what it is now. */
  async probe(): Promise<(IssuedToken & { readonly state: Probe })[]> {
    const probed = []
    for (const issued of this.issued) {
      const state = await this.#box.queue.authorize({ userId: issued.userId, token: issued.token }).match(
        (): Probe => 'ACTIVE',
        (error): Probe =>
          error.type === 'TokenNotActive' ? 'WAITING' : error.type === 'TokenExpired' ? 'dead' : 'gone',
      )
      probed.push({ ...issued, state })
    }
    return probed
  }
}
