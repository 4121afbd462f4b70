import type { AdmitReport, BoxOffice, Ticket } from '@boxoffice/core'
import type { Result } from 'neverthrow'
import type { Measurement } from '../harness/measurement.js'
import { judgeResult, runLoad, type Outcome } from '../harness/run-load.js'
import type { Window } from './booking-load.js'

/** A user's place in line, as `enter` answered it. */
export interface Entry {
  readonly userId: string
  readonly token: string
}

/**
 * The queue calls through the facade on one concert: enter with new users,
 * status polls spread over every token entered so far, admission ticks.
 */
export class QueueLoad {
  readonly entries: Entry[] = []
  readonly #box: BoxOffice
  readonly #concertId: string
  readonly #userPrefix: string
  #users = 0
  #polls = 0
  /** The largest ACTIVE count any tick reported. */
  maxActiveSeen = 0
  /** WAITING tokens after the last tick (undefined before any). */
  waitingAfterLastTick: number | undefined

  constructor(box: BoxOffice, concertId: string, userPrefix: string) {
    this.#box = box
    this.#concertId = concertId
    this.#userPrefix = userPrefix
  }

  get concertId(): string {
    return this.#concertId
  }

  enter(window: Window & { readonly maxCalls?: number }): Promise<Measurement> {
    return runLoad({
      ...window,
      call: () =>
        this.#box.queue.enter({ userId: `${this.#userPrefix}-q${this.#users++}`, concertId: this.#concertId }),
      judge: (answer: Result<Ticket, { readonly type: string }>): Outcome => {
        if (answer.isOk()) this.entries.push({ userId: answer.value.userId, token: answer.value.token })
        return judgeResult(answer)
      },
    })
  }

  status(window: Window): Promise<Measurement> {
    const entries = this.entries
    if (entries.length === 0) throw new Error('status needs tokens: run enter first')
    return runLoad({
      ...window,
      call: () => this.#box.queue.status({ token: (entries[this.#polls++ % entries.length] as Entry).token }),
      judge: judgeResult,
    })
  }

  /** Admission ticks, one after another as a scheduler runs them, at most `maxTicks`. Counts tokens admitted. */
  admit(window: Window, maxTicks: number): Promise<Measurement> {
    return runLoad({
      ...window,
      concurrency: 1,
      maxCalls: maxTicks,
      unit: 'tokens',
      call: () => this.#box.queue.admit({ concertId: this.#concertId }),
      judge: (answer: Result<AdmitReport, { readonly type: string }>): Outcome => {
        if (answer.isErr()) return answer.error.type
        this.maxActiveSeen = Math.max(this.maxActiveSeen, answer.value.active)
        this.waitingAfterLastTick = answer.value.waiting
        return answer.value.admitted
      },
    })
  }
}
