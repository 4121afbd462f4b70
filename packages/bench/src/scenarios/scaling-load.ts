import type { BoxOffice, Hold } from '@boxoffice/core'
import type { Result } from 'neverthrow'
import { mergeMeasurements, type Measurement } from '../harness/measurement.js'
import { judgeResult, runLoad, type Outcome } from '../harness/run-load.js'
import { failure, forEachLimit, value } from '../harness/set-up.js'
import type { Window } from './booking-load.js'
import type { Buyer, Seating } from './sale-fixture.js'

/** A long waiting line on one concert, and the calls whose cost must not grow with it. */
export class ScalingLine {
  readonly #box: BoxOffice
  readonly #concertId: string
  readonly #prefix: string
  /** Tokens of the line, in the order they entered. */
  readonly tokens: string[] = []
  #users = 0
  #polls = 0

  constructor(box: BoxOffice, concertId: string, prefix: string) {
    this.#box = box
    this.#concertId = concertId
    this.#prefix = prefix
  }

  /** Enters new users until the line has `size` tokens (through `fill`, a facade over the same store). */
  async growTo(size: number, fill: BoxOffice, concurrency: number): Promise<void> {
    const missing = size - this.tokens.length
    const entered: string[] = new Array<string>(Math.max(0, missing))
    const first = this.#users
    this.#users += entered.length
    await forEachLimit(entered.length, concurrency, async (index) => {
      const userId = `${this.#prefix}-w${first + index}`
      const ticket = await fill.queue
        .enter({ userId, concertId: this.#concertId })
        .match(value, failure('enter (fill)'))
      entered[index] = ticket.token
    })
    for (const token of entered) this.tokens.push(token)
  }

  /**
   * New users entering a line of `tokens.length`: batches of at most the
   * line's size are measured, then leave again (not measured), so the line
   * stays between its size and twice that while `calls` enters are timed.
   */
  async enter(window: Window, calls: number): Promise<Measurement> {
    const batch = Math.min(calls, this.tokens.length)
    const runs: Measurement[] = []
    for (let done = 0; done < calls; done += batch) {
      const joined: string[] = []
      runs.push(
        await runLoad({
          ...window,
          maxCalls: Math.min(batch, calls - done),
          call: () =>
            this.#box.queue.enter({ userId: `${this.#prefix}-e${this.#users++}`, concertId: this.#concertId }),
          judge: (answer: Result<{ readonly token: string }, { readonly type: string }>): Outcome => {
            if (answer.isOk()) joined.push(answer.value.token)
            return judgeResult(answer)
          },
        }),
      )
      await forEachLimit(joined.length, window.concurrency, async (index) => {
        await this.#box.queue.leave({ token: joined[index] as string }).match(value, failure('leave'))
      })
    }
    return mergeMeasurements(runs)
  }

  /** Status polls of tokens spread over the whole line (a multiplicative walk, not a sequential scan). */
  status(window: Window, calls: number): Promise<Measurement> {
    const tokens = this.tokens
    return runLoad({
      ...window,
      maxCalls: calls,
      call: () => {
        const spread = (Math.imul(this.#polls++, 2_654_435_761) >>> 0) / 4_294_967_296
        const index = Math.floor(spread * tokens.length)
        return this.#box.queue.status({ token: tokens[index] as string })
      },
      judge: judgeResult,
    })
  }

  /** Where the first and the last token of the line stand. */
  async ends(): Promise<{ readonly first: number | null; readonly last: number | null }> {
    const first = await this.#box.queue.status({ token: this.tokens[0] as string }).match(value, failure('status'))
    const last = await this.#box.queue.status({ token: this.tokens.at(-1) as string }).match(value, failure('status'))
    return { first: first.rank, last: last.rank }
  }
}

/** `calls` holds by admitted buyers (four each) on fresh seats, released afterwards so the next size starts clean. */
export async function measureHolds(
  box: BoxOffice,
  holders: readonly Buyer[],
  seating: Seating,
  window: Window,
  calls: number,
): Promise<Measurement> {
  const placed: Hold[] = []
  let n = 0
  seating.rewind()
  const measurement = await runLoad({
    ...window,
    maxCalls: Math.min(calls, holders.length * 4),
    call: () => {
      const holder = holders[Math.floor(n++ / 4)] as Buyer
      return box.holds.hold({ userId: holder.userId, token: holder.token, ...seating.next() })
    },
    judge: (answer: Result<Hold, { readonly type: string }>): Outcome => {
      if (answer.isOk()) placed.push(answer.value)
      return judgeResult(answer)
    },
  })
  await forEachLimit(placed.length, window.concurrency, async (index) => {
    const hold = placed[index] as Hold
    await box.holds.release({ userId: hold.userId, holdId: hold.holdId }).match(value, failure('release'))
  })
  return measurement
}
