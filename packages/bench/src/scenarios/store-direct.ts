import { randomUUID } from 'node:crypto'
import { type AdmitReport, type BookingStore, type Hold, type Policy, type QueueStore } from '@boxoffice/core'
import { composeToken, type QueuePosition } from '@boxoffice/core/adapter'
import type { Result } from 'neverthrow'
import type { Measurement } from '../harness/measurement.js'
import { judgeResult, runLoad, type Outcome } from '../harness/run-load.js'
import type { Window } from './booking-load.js'
import type { RawQueue } from './queue-workloads.js'
import type { Buyer, Seating } from './sale-fixture.js'

type Answer<T> = Result<T, { readonly type: string }>

/**
 * The in-memory baseline: the adapter's QueueStore called directly, with the
 * inputs the facade would build, and nothing the facade adds (validation,
 * ticket, Result chaining). library/raw is then the facade's own cost.
 */
export class DirectQueue implements RawQueue {
  readonly labels = { enter: 'QueueStore.enter', status: 'QueueStore.status', admit: 'QueueStore.admit' } as const
  readonly #store: QueueStore
  readonly #concertId: string
  readonly #policy: Policy['queue']
  readonly #tokens: string[] = []
  #users = 0
  #polls = 0

  constructor(store: QueueStore, concertId: string, policy: Policy['queue']) {
    this.#store = store
    this.#concertId = concertId
    this.#policy = policy
  }

  get entered(): number {
    return this.#tokens.length
  }

  enter(window: Window): Promise<Measurement> {
    const concertId = this.#concertId
    return runLoad({
      ...window,
      call: () =>
        this.#store.enter({
          token: composeToken(concertId, randomUUID()),
          userId: `${concertId}-d${this.#users++}`,
          concertId,
          now: new Date(),
          policy: this.#policy,
        }),
      judge: (answer: Answer<QueuePosition>): Outcome => {
        if (answer.isOk()) this.#tokens.push(answer.value.token.token)
        return judgeResult(answer)
      },
    })
  }

  status(window: Window): Promise<Measurement> {
    const tokens = this.#tokens
    return runLoad({
      ...window,
      call: () =>
        this.#store.status({
          token: tokens[this.#polls++ % tokens.length] as string,
          now: new Date(),
          policy: this.#policy,
        }),
      judge: judgeResult,
    })
  }

  admit(window: Window, maxTicks: number): Promise<Measurement> {
    return runLoad({
      ...window,
      concurrency: 1,
      maxCalls: maxTicks,
      unit: 'tokens',
      call: () =>
        this.#store.admit({
          concertId: this.#concertId,
          now: new Date(),
          policy: this.#policy,
        }),
      judge: (answer: Answer<AdmitReport>): Outcome => (answer.isOk() ? answer.value.admitted : answer.error.type),
    })
  }
}

/** The same for the BookingStore: holdSeat, charge and pay called directly. */
export class DirectBooking {
  readonly #store: BookingStore
  readonly #policy: Policy
  readonly #concertId: string
  readonly #seating: Seating
  readonly #buyers: readonly Buyer[]
  readonly #keys: string
  readonly #tokens = new Map<string, string>()
  readonly #firstHold = new Map<string, string>()
  #holds = 0
  #charges = 0
  #payments = 0
  #payable: (readonly [string, string])[] | undefined

  constructor(
    store: BookingStore,
    policy: Policy,
    concertId: string,
    seating: Seating,
    buyers: readonly Buyer[],
    keys: string,
  ) {
    this.#store = store
    this.#policy = policy
    this.#concertId = concertId
    this.#seating = seating
    this.#buyers = buyers
    this.#keys = keys
    for (const buyer of buyers) this.#tokens.set(buyer.userId, buyer.token)
  }

  hold(window: Window): Promise<Measurement> {
    return runLoad({
      ...window,
      maxCalls: this.#buyers.length * this.#policy.hold.maxSeatsPerUser - this.#holds,
      call: () => {
        const buyer = this.#buyers[Math.floor(this.#holds++ / this.#policy.hold.maxSeatsPerUser)] as Buyer
        const { scheduleId, seatNo } = this.#seating.next()
        return this.#store.holdSeat({
          holdId: randomUUID(),
          userId: buyer.userId,
          concertId: this.#concertId,
          token: buyer.token,
          scheduleId,
          seatNos: [seatNo],
          ttlMs: this.#policy.hold.ttlMs,
          maxSeatsPerUser: this.#policy.hold.maxSeatsPerUser,
          now: new Date(),
        })
      },
      judge: (answer: Answer<Hold>): Outcome => {
        if (answer.isOk() && !this.#firstHold.has(answer.value.userId)) {
          this.#firstHold.set(answer.value.userId, answer.value.holdId)
        }
        return judgeResult(answer)
      },
    })
  }

  charge(window: Window, amount: number): Promise<Measurement> {
    return runLoad({
      ...window,
      call: () => {
        const n = this.#charges++
        const buyer = this.#buyers[n % this.#buyers.length] as Buyer
        return this.#store.charge({
          entryId: randomUUID(),
          userId: buyer.userId,
          amount,
          idempotencyKey: `${this.#keys}-c${n}`,
          maxBalance: this.#policy.charge.maxBalance,
          now: new Date(),
        })
      },
      judge: judgeResult,
    })
  }

  pay(window: Window): Promise<Measurement> {
    this.#payable ??= [...this.#firstHold]
    const payable = this.#payable
    return runLoad({
      ...window,
      maxCalls: payable.length - this.#payments,
      call: () => {
        const n = this.#payments++
        const [userId, holdId] = payable[n] as readonly [string, string]
        return this.#store.pay({
          paymentId: randomUUID(),
          entryId: randomUUID(),
          userId,
          holdId,
          idempotencyKey: `${this.#keys}-p${n}`,
          token: this.#tokens.get(userId) ?? '',
          concertId: this.#concertId,
          now: new Date(),
        })
      },
      judge: judgeResult,
    })
  }
}
