import { type LineSettings, type QueueToken, type RandomSource } from '@boxoffice/core'
import {
  ADMISSION_WINDOW_TICKS,
  type AdmissionWindow,
  defaultLineSettings,
  openToken,
  shuffled,
} from '@boxoffice/core/adapter'
import { SeqRank } from './seq-rank.js'

/**
 * One concert's waiting room, laid out so every hot call is O(1) or O(log n):
 * - `waiting` holds WAITING tokens in heartbeat order (a poll re-inserts the
 *   token at the back), so the idle sweep reads only the stale front;
 * - `active` holds ACTIVE tokens in activation order, which is expiry order
 *   because every token of a line gets the same active TTL;
 * - `waitingRank` answers rank in O(log n);
 * - `arrivals` lists tokens in arrival order; admission pops its front,
 *   skipping tokens that are no longer waiting;
 * - `byUser` maps a user to their live token, for idempotent enter;
 * - `preQueued` holds PRE_QUEUED tokens until the opening shuffles them in.
 */
export class ConcertLine {
  nextSeq = 1
  settings: LineSettings
  readonly preQueued: Map<string, QueueToken> = new Map()
  readonly byUser: Map<string, string> = new Map()
  readonly waiting: Map<string, QueueToken> = new Map()
  readonly active: Map<string, QueueToken> = new Map()
  readonly waitingRank: SeqRank = new SeqRank()
  readonly #arrivals: string[] = []
  #arrivalsHead = 0
  readonly #ticks: { at: Date; admitted: number }[] = []
  #window: AdmissionWindow = { admitted: 0, since: null }

  constructor(concertId: string) {
    this.settings = defaultLineSettings(concertId)
  }

  get admissions(): AdmissionWindow {
    return this.#window
  }

  find(token: string): QueueToken | undefined {
    return this.waiting.get(token) ?? this.active.get(token) ?? this.preQueued.get(token)
  }

  /** Rank among WAITING tokens: every pre-queued token ranks ahead of a token that entered after the opening. */
  rankOf(token: QueueToken): number | null {
    return token.status === 'WAITING' ? this.preQueued.size + this.waitingRank.countUpTo(token.seq) : null
  }

  /** Adds a new PRE_QUEUED token; its place is drawn at the opening. */
  preQueue(token: QueueToken): void {
    this.byUser.set(token.userId, token.token)
    this.preQueued.set(token.token, token)
  }

  /**
   * The opening: every PRE_QUEUED token joins the line in a uniformly random
   * order, ahead of the WAITING tokens that entered after the opening time.
   * The whole line is renumbered (new seqs, past every earlier one, so the
   * rank tree only grows) and the heartbeat order rebuilt: O(n log n), once.
   */
  open(random: RandomSource): void {
    const openAt = this.settings.salesOpenAt
    const early = shuffled([...this.preQueued.values()], random)
    const late: QueueToken[] = []
    for (let next = this.nextArrival(); next !== undefined; next = this.nextArrival()) {
      this.waiting.delete(next.token)
      this.waitingRank.remove(next.seq)
      late.push(next)
    }
    // nextArrival leaves the tokens it skipped behind in `waiting`; none is left here
    this.waiting.clear()
    this.preQueued.clear()
    const line = [...early.map((token) => openToken(token, 0, openAt)), ...late].map((token) =>
      openToken(token, this.nextSeq++, openAt),
    )
    for (const token of line) {
      this.#arrivals.push(token.token)
      this.waitingRank.insert(token.seq, this.#lowestWaitingSeq)
      this.byUser.set(token.userId, token.token)
    }
    for (const token of [...line].sort((a, b) => a.lastSeenAt.getTime() - b.lastSeenAt.getTime())) {
      this.waiting.set(token.token, token)
    }
    this.settings = { ...this.settings, opened: true }
  }

  findByUser(userId: string): QueueToken | undefined {
    const token = this.byUser.get(userId)
    return token === undefined ? undefined : this.find(token)
  }

  /** Adds a new WAITING token at the back of the line. */
  join(token: QueueToken): void {
    this.byUser.set(token.userId, token.token)
    this.waiting.set(token.token, token)
    this.#arrivals.push(token.token)
    this.waitingRank.insert(token.seq, this.#lowestWaitingSeq)
  }

  /** Stores a token with a fresh heartbeat (a WAITING one moves to the back of the heartbeat order). */
  touch(token: QueueToken): void {
    if (token.status === 'PRE_QUEUED') {
      this.preQueued.set(token.token, token)
      return
    }
    this.waiting.delete(token.token)
    this.waiting.set(token.token, token)
  }

  /** WAITING -> ACTIVE. */
  promote(token: QueueToken): void {
    this.waiting.delete(token.token)
    this.waitingRank.remove(token.seq)
    this.active.set(token.token, token)
  }

  /** Deletes a token in whatever live state it is. */
  remove(token: QueueToken): void {
    if (this.byUser.get(token.userId) === token.token) this.byUser.delete(token.userId)
    if (this.waiting.delete(token.token)) this.waitingRank.remove(token.seq)
    else if (!this.preQueued.delete(token.token)) this.active.delete(token.token)
  }

  /** The oldest token that is still WAITING, taken off the arrival list (it stays in `waiting`). */
  nextArrival(): QueueToken | undefined {
    while (this.#arrivalsHead < this.#arrivals.length) {
      const token = this.waiting.get(this.#arrivals[this.#arrivalsHead++] ?? '')
      if (token !== undefined) {
        this.#compactArrivals()
        return token
      }
    }
    return undefined
  }

  recordTick(at: Date, admitted: number): void {
    this.#ticks.push({ at, admitted })
    if (this.#ticks.length > ADMISSION_WINDOW_TICKS) this.#ticks.shift()
    let sum = 0
    for (const tick of this.#ticks) sum += tick.admitted
    this.#window = { admitted: sum, since: this.#ticks[0]?.at ?? null }
  }

  #lowestWaitingSeq = (): number => {
    for (let i = this.#arrivalsHead; i < this.#arrivals.length; i++) {
      const token = this.waiting.get(this.#arrivals[i] ?? '')
      if (token !== undefined) return token.seq
    }
    return this.nextSeq
  }

  /** Drops the consumed front of `arrivals` once it outweighs the rest, keeping pops O(1) amortised. */
  #compactArrivals(): void {
    if (this.#arrivalsHead > 1024 && this.#arrivalsHead * 2 > this.#arrivals.length) {
      this.#arrivals.splice(0, this.#arrivalsHead)
      this.#arrivalsHead = 0
    }
  }
}
