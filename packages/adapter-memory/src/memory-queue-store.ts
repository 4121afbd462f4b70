import { cryptoRandom, saleClosed, tokenNotFound, type QueueToken } from '@boxoffice/core'
import {
  activateToken,
  admissionSlots,
  applyControls,
  authorizeToken,
  decideEnter,
  decideSchedule,
  defaultLineSettings,
  issueToken,
  linePolicy,
  openingDue,
  pollToken,
  saleStage,
  tokenConcertId,
  tokenLiveness,
  type AdmitReport,
  type QueuePosition,
  type QueueStore,
} from '@boxoffice/core/adapter'
import { ConcertLine } from './concert-line.js'
import { EventLog } from './event-log.js'
import { settled } from './settled.js'

/** Options of {@link createMemoryQueueStore}. */
export interface MemoryQueueStoreOptions {
  /**
   * Write the queue streams (`queue:<concertId>`): one event per token
   * entered, admitted, completed, expired, dropped or left. Off by default:
   * the queue is the hottest path.
   */
  readonly events?: boolean | undefined
}

type TokenEventType = 'TokenCompleted' | 'TokenExpired' | 'TokenDropped' | 'TokenLeft'

/**
 * The waiting room in process memory. Atomic because no method awaits inside:
 * each runs to completion on the event loop before any other call starts;
 * with `events: true` each change appends its event in that same step.
 *
 * @example
 * ```ts
 * const box = createBoxOffice({ queue: createMemoryQueueStore({ events: true }), booking: createMemoryBookingStore() })
 * const page = await box.events.read({ stream: 'queue:c1', limit: 100 })
 * ```
 */
export function createMemoryQueueStore(options: MemoryQueueStoreOptions = {}): QueueStore {
  const log = options.events === true ? new EventLog() : undefined
  const gone = (type: TokenEventType, token: QueueToken, at: Date): void =>
    log?.append({ type, at, concertId: token.concertId, userId: token.userId, data: {} })
  const entered = (token: QueueToken, at: Date): void =>
    log?.append({
      type: 'TokenEntered',
      at,
      concertId: token.concertId,
      userId: token.userId,
      data: { status: token.status === 'PRE_QUEUED' ? 'PRE_QUEUED' : 'WAITING' },
    })
  const lines = new Map<string, ConcertLine>()
  const crypto = cryptoRandom()
  const lineOf = (concertId: string): ConcertLine => {
    let line = lines.get(concertId)
    if (line === undefined) {
      line = new ConcertLine(concertId)
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
    rank: line.rankOf(token),
    admissions: line.admissions,
    line: line.settings,
  })
  const removeToken = (token: string, type: TokenEventType, now = new Date()): ReturnType<QueueStore['leave']> => {
    const located = locate(token)
    if (located?.found === undefined) return settled.err(tokenNotFound(token))
    located.line.remove(located.found)
    gone(type, located.found, now)
    return settled.ok(undefined)
  }

  return {
    ...(log === undefined ? {} : { events: log.store() }),

    enter: ({ token, userId, concertId, now, policy }) => {
      const line = lineOf(concertId)
      const stage = saleStage(line.settings, now)
      if (stage === 'closed') return settled.err(saleClosed(concertId, line.settings.salesCloseAt ?? now))
      const decision = decideEnter(line.findByUser(userId), now, policy, line.settings.salesOpenAt)
      if (decision.kind === 'existing') {
        if (decision.token.status !== 'ACTIVE') line.touch(decision.token)
        return settled.ok(position(decision.token, line))
      }
      if (decision.replaces !== null) {
        line.remove(decision.replaces)
        gone(decision.replaces.status === 'ACTIVE' ? 'TokenExpired' : 'TokenDropped', decision.replaces, now)
      }
      const fields = { token, userId, concertId, seq: line.nextSeq++ }
      if (stage === 'before') {
        const early = issueToken(fields, now, 'PRE_QUEUED')
        line.preQueue(early)
        entered(early, now)
        return settled.ok(position(early, line))
      }
      const issued = issueToken(fields, now)
      line.join(issued)
      entered(issued, now)
      return settled.ok(position(issued, line))
    },

    status: ({ token, now, policy }) => {
      const located = locate(token)
      const openAt = located?.line.settings.salesOpenAt ?? null
      return settled.commit(pollToken(token, located?.found, now, policy, openAt), (polled) => {
        const line = located?.line ?? lineOf(polled.concertId)
        if (polled.status !== 'ACTIVE') line.touch(polled)
        return position(polled, line)
      })
    },

    leave: ({ token, now }) => removeToken(token, 'TokenLeft', now),

    authorize: ({ token, userId, now, policy }) => {
      const located = locate(token)
      const openAt = located?.line.settings.salesOpenAt ?? null
      return settled.from(authorizeToken(token, located?.found, userId, now, policy, openAt))
    },

    complete: ({ token, now }) => removeToken(token, 'TokenCompleted', now),

    admit: ({ concertId, now, policy: basePolicy, random = crypto }) => {
      const line = lineOf(concertId)
      const nowMs = now.getTime()
      const policy = linePolicy(basePolicy, line.settings)
      if (openingDue(line.settings, now)) line.open(random)
      let expired = 0
      for (const token of line.active.values()) {
        if (expired >= policy.sweepLimit || tokenLiveness(token, now, policy) === 'live') break
        line.remove(token)
        gone('TokenExpired', token, now)
        expired++
      }
      let dropped = 0
      for (const token of line.waiting.values()) {
        if (dropped >= policy.sweepLimit || token.lastSeenAt.getTime() + policy.waitingIdleTtlMs > nowMs) break
        line.remove(token)
        gone('TokenDropped', token, now)
        dropped++
      }
      const admitting = !line.settings.paused && saleStage(line.settings, now) === 'open'
      const slots = admitting ? admissionSlots(line.active.size, line.waiting.size, policy) : 0
      let admitted = 0
      while (admitted < slots) {
        const candidate = line.nextArrival()
        if (candidate === undefined) break
        if (tokenLiveness(candidate, now, policy) === 'idle') {
          line.remove(candidate)
          gone('TokenDropped', candidate, now)
          dropped++
          continue
        }
        const active = activateToken(candidate, now, policy)
        line.promote(active)
        log?.append({
          type: 'TokenAdmitted',
          at: now,
          concertId,
          userId: active.userId,
          data: { expiresAt: (active.expiresAt ?? now).toISOString() },
        })
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
        if (line.waiting.size > 0 || line.active.size > 0 || line.preQueued.size > 0) live.push(concertId)
      }
      return settled.ok(live)
    },

    lineSettings: ({ concertId }) => settled.ok(lines.get(concertId)?.settings ?? defaultLineSettings(concertId)),

    scheduleSale: ({ concertId, window, now }) => {
      const line = lineOf(concertId)
      return settled.commit(
        decideSchedule(line.settings, window, line.waiting.size + line.active.size, now),
        (next) => (line.settings = next),
      )
    },

    controlLine: ({ concertId, controls }) => {
      const line = lineOf(concertId)
      line.settings = applyControls(line.settings, controls)
      return settled.ok(line.settings)
    },
  }
}
