import {
  activateToken,
  admissionSlots,
  authorizeToken,
  decideEnter,
  issueToken,
  pollToken,
  tokenLiveness,
  tokenNotFound,
  type AdmitReport,
  type QueuePosition,
  type QueueStore,
  type QueueToken,
} from '@boxoffice/core'
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
  const tokens = new Map<string, QueueToken>()
  const lines = new Map<string, ConcertLine>()
  const seqOf = (token: string | undefined): number | undefined => {
    const found = token === undefined ? undefined : tokens.get(token)
    return found?.status === 'WAITING' ? found.seq : undefined
  }
  const lineOf = (concertId: string): ConcertLine => {
    let line = lines.get(concertId)
    if (line === undefined) {
      line = new ConcertLine(seqOf)
      lines.set(concertId, line)
    }
    return line
  }

  const position = (token: QueueToken, line: ConcertLine): QueuePosition => ({
    token,
    rank: token.status === 'WAITING' ? line.waitingRank.countUpTo(token.seq) : null,
    admissions: line.admissions,
  })

  const forget = (token: QueueToken, line: ConcertLine): void => {
    tokens.delete(token.token)
    if (line.byUser.get(token.userId)?.token === token.token) line.byUser.delete(token.userId)
    if (token.status === 'WAITING') {
      line.waitingRank.remove(token.seq)
      line.heartbeats.delete(token.token)
    } else {
      line.active.delete(token.token)
    }
  }

  const store = (token: QueueToken, line: ConcertLine): void => {
    tokens.set(token.token, token)
    line.byUser.set(token.userId, token)
  }

  const touch = (token: QueueToken, line: ConcertLine): void => {
    store(token, line)
    line.heartbeats.delete(token.token)
    line.heartbeats.set(token.token, token.lastSeenAt.getTime())
  }

  return {
    enter: ({ token, userId, concertId, now, policy }) => {
      const line = lineOf(concertId)
      const decision = decideEnter(line.byUser.get(userId), now, policy)
      if (decision.kind === 'existing') {
        if (decision.token.status === 'WAITING') touch(decision.token, line)
        return settled.ok(position(decision.token, line))
      }
      if (decision.replaces !== null) forget(decision.replaces, line)
      const issued = issueToken({ token, userId, concertId, seq: line.nextSeq++ }, now)
      touch(issued, line)
      line.arrivals.push(issued.token)
      line.waitingRank.insert(issued.seq, line.lowestWaitingSeq)
      return settled.ok(position(issued, line))
    },

    status: ({ token, now, policy }) => {
      const found = tokens.get(token)
      const polled = pollToken(token, found, now, policy)
      if (polled.isErr()) return settled.err(polled.error)
      const line = lineOf(polled.value.concertId)
      if (polled.value.status === 'WAITING') touch(polled.value, line)
      return settled.ok(position(polled.value, line))
    },

    leave: ({ token }) => {
      const found = tokens.get(token)
      if (found === undefined) return settled.err(tokenNotFound(token))
      forget(found, lineOf(found.concertId))
      return settled.ok(undefined)
    },

    authorize: ({ token, userId, now, policy }) =>
      settled.from(authorizeToken(token, tokens.get(token), userId, now, policy)),

    complete: ({ token }) => {
      const found = tokens.get(token)
      if (found === undefined) return settled.err(tokenNotFound(token))
      forget(found, lineOf(found.concertId))
      return settled.ok(undefined)
    },

    admit: ({ concertId, now, policy }) => {
      const line = lineOf(concertId)
      const nowMs = now.getTime()
      let expired = 0
      for (const [token, expiresAt] of line.active) {
        if (expiresAt > nowMs || expired >= policy.sweepLimit) break
        const found = tokens.get(token)
        if (found !== undefined) forget(found, line)
        expired++
      }
      let dropped = 0
      for (const [token, seenAt] of line.heartbeats) {
        if (seenAt + policy.waitingIdleTtlMs > nowMs || dropped >= policy.sweepLimit) break
        const found = tokens.get(token)
        if (found !== undefined) forget(found, line)
        dropped++
      }
      const slots = admissionSlots(line.active.size, line.waiting, policy)
      let admitted = 0
      while (admitted < slots && line.arrivalsHead < line.arrivals.length) {
        const candidate = tokens.get(line.arrivals[line.arrivalsHead++] ?? '')
        if (candidate === undefined || candidate.status !== 'WAITING') continue
        if (tokenLiveness(candidate, now, policy) === 'idle') {
          forget(candidate, line)
          dropped++
          continue
        }
        line.waitingRank.remove(candidate.seq)
        line.heartbeats.delete(candidate.token)
        const activated = activateToken(candidate, now, policy)
        store(activated, line)
        line.active.set(activated.token, activated.expiresAt?.getTime() ?? nowMs)
        admitted++
      }
      line.compactArrivals()
      line.recordTick(now, admitted)
      const report: AdmitReport = {
        concertId,
        admitted,
        expired,
        dropped,
        active: line.active.size,
        waiting: line.waiting,
      }
      return settled.ok(report)
    },

    concerts: ({ limit }) => {
      const live: string[] = []
      for (const [concertId, line] of lines) {
        if (live.length >= limit) break
        if (line.waiting > 0 || line.active.size > 0) live.push(concertId)
      }
      return settled.ok(live)
    },
  }
}
