import { tokenNotFound, type QueueToken } from '@boxoffice/core'
import {
  activateToken,
  admissionSlots,
  authorizeToken,
  decideEnter,
  issueToken,
  pollToken,
  tokenConcertId,
  tokenLiveness,
  type AdmitReport,
  type QueuePosition,
  type QueueStore,
} from '@boxoffice/core/adapter'
import { ConcertLine } from './concert-line.js'
import { settled } from './settled.js'

/**
 * The waiting room in process memory. Atomic because no method awaits inside:
 * each runs to completion on the event loop before any other call starts.
 *
 * @example
 * ```ts
 * const box = createBoxOffice({ queue: createMemoryQueueStore(), booking: createMemoryBookingStore() })
 * ```
 */
export function createMemoryQueueStore(): QueueStore {
  const lines = new Map<string, ConcertLine>()
  const lineOf = (concertId: string): ConcertLine => {
    let line = lines.get(concertId)
    if (line === undefined) {
      line = new ConcertLine()
      lines.set(concertId, line)
    }
    return line
  }
  // Tokens carry their concert id, so a token finds its line without a global index.
  const locate = (token: string): { line: ConcertLine; found: QueueToken | undefined } | undefined => {
    const line = lines.get(tokenConcertId(token) ?? '')
    return line === undefined ? undefined : { line, found: line.find(token) }
  }
  const position = (token: QueueToken, line: ConcertLine): QueuePosition => ({
    token,
    rank: token.status === 'WAITING' ? line.waitingRank.countUpTo(token.seq) : null,
    admissions: line.admissions,
  })
  const removeToken = (token: string): ReturnType<QueueStore['leave']> => {
    const located = locate(token)
    if (located?.found === undefined) return settled.err(tokenNotFound(token))
    located.line.remove(located.found)
    return settled.ok(undefined)
  }

  return {
    enter: ({ token, userId, concertId, now, policy }) => {
      const line = lineOf(concertId)
      const decision = decideEnter(line.findByUser(userId), now, policy)
      if (decision.kind === 'existing') {
        if (decision.token.status === 'WAITING') line.touch(decision.token)
        return settled.ok(position(decision.token, line))
      }
      if (decision.replaces !== null) line.remove(decision.replaces)
      const issued = issueToken({ token, userId, concertId, seq: line.nextSeq++ }, now)
      line.join(issued)
      return settled.ok(position(issued, line))
    },

    status: ({ token, now, policy }) => {
      const located = locate(token)
      return settled.commit(pollToken(token, located?.found, now, policy), (polled) => {
        const line = located?.line ?? lineOf(polled.concertId)
        if (polled.status === 'WAITING') line.touch(polled)
        return position(polled, line)
      })
    },

    leave: ({ token }) => removeToken(token),

    authorize: ({ token, userId, now, policy }) =>
      settled.from(authorizeToken(token, locate(token)?.found, userId, now, policy)),

    complete: ({ token }) => removeToken(token),

    admit: ({ concertId, now, policy }) => {
      const line = lineOf(concertId)
      const nowMs = now.getTime()
      let expired = 0
      for (const token of line.active.values()) {
        if (expired >= policy.sweepLimit || tokenLiveness(token, now, policy) === 'live') break
        line.remove(token)
        expired++
      }
      let dropped = 0
      for (const token of line.waiting.values()) {
        if (dropped >= policy.sweepLimit || token.lastSeenAt.getTime() + policy.waitingIdleTtlMs > nowMs) break
        line.remove(token)
        dropped++
      }
      const slots = admissionSlots(line.active.size, line.waiting.size, policy)
      let admitted = 0
      while (admitted < slots) {
        const candidate = line.nextArrival()
        if (candidate === undefined) break
        if (tokenLiveness(candidate, now, policy) === 'idle') {
          line.remove(candidate)
          dropped++
          continue
        }
        line.promote(activateToken(candidate, now, policy))
        admitted++
      }
      line.recordTick(now, admitted)
      const report: AdmitReport = {
        concertId,
        admitted,
        expired,
        dropped,
        active: line.active.size,
        waiting: line.waiting.size,
      }
      return settled.ok(report)
    },

    concerts: ({ limit }) => {
      const live: string[] = []
      for (const [concertId, line] of lines) {
        if (live.length >= limit) break
        if (line.waiting.size > 0 || line.active.size > 0) live.push(concertId)
      }
      return settled.ok(live)
    },
  }
}
