/** One call waiting for its turn on a seat. */
interface Waiting<Seen, Answer> {
  /** Sends the call's own statement: its answer, and what it saw (undefined when it saw nothing to share). */
  readonly own: () => Promise<{ readonly answer: Answer; readonly seen: Seen | undefined }>
  /** The call's answer read from what another call's statement saw, or undefined when that does not settle it. */
  readonly answerFrom: (seen: Seen) => Answer | undefined
  readonly resolve: (answer: Answer) => void
  readonly reject: (cause: unknown) => void
}

interface Line<Seen, Answer> {
  readonly waiting: Waiting<Seen, Answer>[]
  busy: boolean
}

/**
 * Calls in this process for one key (a seat) take turns: one call's statement
 * is in flight at a time, and when it returns, the calls that were already
 * waiting before it was sent may be answered from what it saw. Its snapshot
 * was taken after they began and before they end, so such an answer is as
 * true as their own statement's would have been; a call the shared sight
 * does not settle keeps its place and sends its own statement next.
 *
 * This turns a crowd racing for one seat into a few statements per process:
 * the first places the hold, the next sees it, and everyone who was waiting
 * is told the seat is taken without a round trip of their own.
 */
export class SeatTurns<Seen, Answer> {
  readonly #lines = new Map<string, Line<Seen, Answer>>()

  take(
    key: string,
    own: Waiting<Seen, Answer>['own'],
    answerFrom: Waiting<Seen, Answer>['answerFrom'],
  ): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      const line = this.#lines.get(key) ?? { waiting: [], busy: false }
      this.#lines.set(key, line)
      line.waiting.push({ own, answerFrom, resolve, reject })
      this.#next(key, line)
    })
  }

  #next(key: string, line: Line<Seen, Answer>): void {
    if (line.busy) return
    const sender = line.waiting.shift()
    if (sender === undefined) {
      this.#lines.delete(key)
      return
    }
    // Everyone waiting now began before the sender's statement goes out.
    const before = line.waiting.splice(0)
    line.busy = true
    const settle = (seen: Seen | undefined): void => {
      const unsettled = before.filter((call) => {
        const answer = seen === undefined ? undefined : call.answerFrom(seen)
        if (answer === undefined) return true
        call.resolve(answer)
        return false
      })
      line.waiting.unshift(...unsettled)
      line.busy = false
      this.#next(key, line)
    }
    void sender.own().then(
      ({ answer, seen }) => {
        sender.resolve(answer)
        settle(seen)
      },
      (cause: unknown) => {
        sender.reject(cause)
        settle(undefined)
      },
    )
  }
}
