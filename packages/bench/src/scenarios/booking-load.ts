import type { BoxOffice, Hold } from '@boxoffice/core'
import type { Result } from 'neverthrow'
import { LatencyHistogram } from '../harness/latency-histogram.js'
import type { Measurement } from '../harness/measurement.js'
import type { Progress } from '../harness/progress.js'
import { judgeResult, runLoad, type Outcome } from '../harness/run-load.js'
import type { Buyer, Seating } from './sale-fixture.js'

/** One measured window. */
export interface Window {
  readonly concurrency: number
  readonly durationMs: number
  readonly progress: Progress
}

/** Holds of one seat a buyer may place: the default policy's `hold.maxSeatsPerUser`. */
const HOLDS_PER_BUYER = 4
export const CHARGE_AMOUNT = 1_000

/**
 * The booking calls through the facade, each on fresh inputs: a new seat per
 * hold, a new idempotency key per charge, one payment per buyer (a payment
 * completes the buyer's token). Counters carry over between windows, so
 * alternating rounds continue where the last one stopped.
 */
export class BookingLoad {
  readonly #box: BoxOffice
  readonly #seating: Seating
  readonly #buyers: readonly Buyer[]
  readonly #keys: string
  /** Each buyer's first hold: what the pay workload pays for. */
  readonly #firstHold = new Map<string, string>()
  #holds = 0
  #charges = 0
  #payments = 0
  #payable: { readonly buyer: Buyer; readonly holdId: string }[] | undefined

  constructor(box: BoxOffice, seating: Seating, buyers: readonly Buyer[], keyPrefix: string) {
    this.#box = box
    this.#seating = seating
    this.#buyers = buyers
    this.#keys = keyPrefix
  }

  /** Successful holds and payments so far. */
  get held(): number {
    return this.#firstHold.size
  }

  hold(window: Window): Promise<Measurement> {
    return runLoad({
      ...window,
      maxCalls: this.#buyers.length * HOLDS_PER_BUYER - this.#holds,
      call: () => {
        const buyer = this.#buyers[Math.floor(this.#holds++ / HOLDS_PER_BUYER)] as Buyer
        const seat = this.#seating.next()
        return this.#box.holds.hold({ userId: buyer.userId, token: buyer.token, ...seat })
      },
      judge: (answer: Result<Hold, { readonly type: string }>): Outcome => {
        if (answer.isOk() && !this.#firstHold.has(answer.value.userId)) {
          this.#firstHold.set(answer.value.userId, answer.value.holdId)
        }
        return judgeResult(answer)
      },
    })
  }

  charge(window: Window): Promise<Measurement> {
    return runLoad({
      ...window,
      call: () => {
        const n = this.#charges++
        const buyer = this.#buyers[n % this.#buyers.length] as Buyer
        return this.#box.wallet.charge({
          userId: buyer.userId,
          amount: CHARGE_AMOUNT,
          idempotencyKey: `${this.#keys}-c${n}`,
        })
      },
      judge: judgeResult,
    })
  }

  /** Pays each buyer's first hold, once; run after `hold`. */
  pay(window: Window): Promise<Measurement> {
    this.#payable ??= this.#buyers.flatMap((buyer) => {
      const holdId = this.#firstHold.get(buyer.userId)
      return holdId === undefined ? [] : [{ buyer, holdId }]
    })
    const payable = this.#payable
    return runLoad({
      ...window,
      maxCalls: payable.length - this.#payments,
      call: () => {
        const n = this.#payments++
        const { buyer, holdId } = payable[n] as { buyer: Buyer; holdId: string }
        return this.#box.payments.pay({
          userId: buyer.userId,
          token: buyer.token,
          holdId,
          idempotencyKey: `${this.#keys}-p${n}`,
        })
      },
      judge: judgeResult,
    })
  }
}

/** What the hot-seat rounds did: every attempt timed, and the winners of each round. */
export interface HotSeatOutcome {
  readonly measurement: Measurement
  readonly winnersPerRound: readonly number[]
}

/** One racer asking for one seat: 1 when it got it, else the error type. */
export type SeatAttempt = (
  racer: Buyer,
  seat: { readonly scheduleId: string; readonly seatNo: number },
) => Promise<Outcome>

/** A hot-seat attempt through the facade. */
export const holdThroughFacade =
  (box: BoxOffice): SeatAttempt =>
  async (racer, seat) =>
    judgeResult(await box.holds.hold({ userId: racer.userId, token: racer.token, ...seat }))

/**
 * Rounds of `racers.length / rounds` users, all asking for one fresh seat at
 * the same instant. Exactly one may win each round; the others must be told
 * SeatUnavailable (the raw baseline answers `SeatRefused`).
 */
export async function raceForSeats(
  attempt: SeatAttempt,
  seating: Seating,
  racers: readonly Buyer[],
  rounds: number,
  progress: Progress,
): Promise<HotSeatOutcome> {
  const latency = new LatencyHistogram()
  const errors: Record<string, number> = {}
  const winnersPerRound: number[] = []
  const perRound = Math.floor(racers.length / rounds)
  progress.track(() => latency.count)
  const begin = performance.now()
  for (let round = 0; round < rounds; round++) {
    const seat = seating.next()
    const field = racers.slice(round * perRound, (round + 1) * perRound)
    const outcomes = await Promise.all(
      field.map(async (racer) => {
        const t0 = performance.now()
        const outcome = await attempt(racer, seat)
        latency.record(performance.now() - t0)
        return outcome
      }),
    )
    let winners = 0
    for (const outcome of outcomes) {
      if (outcome === 1) winners++
      else errors[outcome] = (errors[outcome] ?? 0) + 1
    }
    winnersPerRound.push(winners)
  }
  progress.track(undefined)
  const seconds = (performance.now() - begin) / 1000
  return {
    measurement: { calls: latency.count, work: latency.count, unit: 'attempts', seconds, errors, latency },
    winnersPerRound,
  }
}
