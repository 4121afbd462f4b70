import { ADMISSION_WINDOW_TICKS, type AdmissionWindow, type QueueToken } from '@boxoffice/core'
import { SeqRank } from './seq-rank.js'

/**
 * One concert's waiting room, laid out so every hot call is O(1) or O(log n):
 * - `waitingRank` answers rank in O(log n);
 * - `arrivals` lists WAITING tokens in arrival order (admission pops the front,
 *   skipping tokens that left);
 * - `heartbeats` keeps WAITING tokens ordered by last poll (a Map re-inserted
 *   on every poll), so the idle sweep reads only the stale front;
 * - `active` keeps ACTIVE tokens in activation order, which is expiry order
 *   because every token of a line gets the same active TTL.
 */
export class ConcertLine {
  nextSeq = 1
  readonly byUser: Map<string, QueueToken> = new Map()
  readonly waitingRank: SeqRank = new SeqRank()
  readonly arrivals: string[] = []
  arrivalsHead = 0
  readonly heartbeats: Map<string, number> = new Map()
  readonly active: Map<string, number> = new Map()
  readonly #ticks: { at: Date; admitted: number }[] = []
  #window: AdmissionWindow = { admitted: 0, since: null }

  get waiting(): number {
    return this.waitingRank.size
  }

  get admissions(): AdmissionWindow {
    return this.#window
  }

  lowestWaitingSeq = (): number => {
    for (let i = this.arrivalsHead; i < this.arrivals.length; i++) {
      const seq = this.#seqOf(this.arrivals[i])
      if (seq !== undefined) return seq
    }
    return this.nextSeq
  }

  /** Bound to the store's token table when the line is created. */
  #seqOf: (token: string | undefined) => number | undefined

  constructor(seqOf: (token: string | undefined) => number | undefined) {
    this.#seqOf = seqOf
  }

  recordTick(at: Date, admitted: number): void {
    this.#ticks.push({ at, admitted })
    if (this.#ticks.length > ADMISSION_WINDOW_TICKS) this.#ticks.shift()
    let sum = 0
    for (const tick of this.#ticks) sum += tick.admitted
    this.#window = { admitted: sum, since: this.#ticks[0]?.at ?? null }
  }

  /** Drops the consumed front of `arrivals` once it outweighs the rest, keeping pops O(1) amortised. */
  compactArrivals(): void {
    if (this.arrivalsHead > 1024 && this.arrivalsHead * 2 > this.arrivals.length) {
      this.arrivals.splice(0, this.arrivalsHead)
      this.arrivalsHead = 0
    }
  }
}
