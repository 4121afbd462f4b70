import type { AdmitReport, QueuePolicy, Ticket } from '@boxoffice/core'
import { expectError, expectValue, type Expected } from './expected.js'

/** A live token as the model keeps it (the store's `seq` is the model's own counter). */
export interface ModelToken {
  readonly token: string
  readonly userId: string
  readonly concertId: string
  status: 'WAITING' | 'ACTIVE'
  readonly seq: number
  readonly enteredAt: Date
  lastSeenAt: Date
  activatedAt: Date | null
  expiresAt: Date | null
}

/** A token as `authorize` answers it, minus the store-assigned `seq`. */
export type AuthorizedToken = Omit<ModelToken, 'seq'>

/**
 * The waiting room written the plain way: every live token in one map, every
 * question answered by scanning it. Slow and obviously right; the stores must
 * answer the same. It does not model `sweepLimit` (runs keep far fewer tokens).
 */
export class QueueModel {
  readonly #policy: QueuePolicy
  /** The store's heartbeat step (`ContractOptions.heartbeatStepMs`). */
  readonly #heartbeatStepMs: number
  /** Live (WAITING or ACTIVE) tokens by id; a token that ends is deleted. */
  readonly #tokens: Map<string, ModelToken> = new Map()
  readonly #lastSeq: Map<string, number> = new Map()
  /** Every admit tick per concert: when, and how many it admitted. */
  readonly #ticks: Map<string, { at: Date; admitted: number }[]> = new Map()

  constructor(policy: QueuePolicy, heartbeatStepMs = 0) {
    this.#policy = policy
    this.#heartbeatStepMs = heartbeatStepMs
  }

  enter(userId: string, concertId: string, now: Date, issuedToken: string): Expected<Ticket> {
    const existing = [...this.#tokens.values()].find((t) => t.userId === userId && t.concertId === concertId)
    if (existing !== undefined && this.#isAlive(existing, now)) {
      if (existing.status === 'WAITING') existing.lastSeenAt = now
      return expectValue(this.#ticket(existing, now))
    }
    if (existing !== undefined) this.#tokens.delete(existing.token)
    const seq = (this.#lastSeq.get(concertId) ?? 0) + 1
    this.#lastSeq.set(concertId, seq)
    const token: ModelToken = {
      token: issuedToken,
      userId,
      concertId,
      status: 'WAITING',
      seq,
      enteredAt: now,
      lastSeenAt: now,
      activatedAt: null,
      expiresAt: null,
    }
    this.#tokens.set(token.token, token)
    return expectValue(this.#ticket(token, now))
  }

  status(tokenId: string, now: Date): Expected<Ticket> {
    const token = this.#tokens.get(tokenId)
    if (token === undefined) return expectError('TokenNotFound')
    if (!this.#isAlive(token, now)) return expectError('TokenExpired')
    // a poll is recorded only when it moves the recorded heartbeat by more than the step
    if (token.status === 'WAITING' && Math.abs(now.getTime() - token.lastSeenAt.getTime()) > this.#heartbeatStepMs) {
      token.lastSeenAt = now
    }
    return expectValue(this.#ticket(token, now))
  }

  leave(tokenId: string): Expected<undefined> {
    if (!this.#tokens.has(tokenId)) return expectError('TokenNotFound')
    this.#tokens.delete(tokenId)
    return expectValue(undefined)
  }

  /** After a sale: the token is gone, whatever it was. */
  complete(tokenId: string): void {
    this.#tokens.delete(tokenId)
  }

  authorize(tokenId: string, userId: string, now: Date): Expected<AuthorizedToken> {
    const token = this.#tokens.get(tokenId)
    if (token === undefined) return expectError('TokenNotFound')
    if (token.userId !== userId) return expectError('TokenUserMismatch')
    if (!this.#isAlive(token, now)) return expectError('TokenExpired')
    if (token.status !== 'ACTIVE') return expectError('TokenNotActive')
    const { seq: _seq, ...rest } = token
    return expectValue({ ...rest })
  }

  admit(concertId: string, now: Date): Expected<AdmitReport> {
    let expired = 0
    let dropped = 0
    for (const token of this.#line(concertId)) {
      if (this.#isAlive(token, now)) continue
      this.#tokens.delete(token.token)
      if (token.status === 'ACTIVE') expired++
      else dropped++
    }
    const line = this.#line(concertId)
    const active = line.filter((t) => t.status === 'ACTIVE').length
    const waiting = line.filter((t) => t.status === 'WAITING')
    const slots = Math.max(0, Math.min(this.#policy.admitPerTick, this.#policy.maxActive - active, waiting.length))
    for (const token of waiting.slice(0, slots)) {
      token.status = 'ACTIVE'
      token.activatedAt = now
      token.expiresAt = new Date(now.getTime() + this.#policy.activeTtlMs)
    }
    const ticks = this.#ticks.get(concertId) ?? []
    ticks.push({ at: now, admitted: slots })
    this.#ticks.set(concertId, ticks)
    return expectValue({
      concertId,
      admitted: slots,
      expired,
      dropped,
      active: active + slots,
      waiting: waiting.length - slots,
    })
  }

  concerts(): string[] {
    return [...new Set([...this.#tokens.values()].map((t) => t.concertId))].sort()
  }

  #isAlive(token: ModelToken, now: Date): boolean {
    if (token.status === 'ACTIVE') return token.expiresAt === null || token.expiresAt.getTime() > now.getTime()
    return token.lastSeenAt.getTime() + this.#policy.waitingIdleTtlMs + this.#heartbeatStepMs > now.getTime()
  }

  /** The concert's live tokens in arrival order. */
  #line(concertId: string): ModelToken[] {
    return [...this.#tokens.values()].filter((t) => t.concertId === concertId).sort((a, b) => a.seq - b.seq)
  }

  #ticket(token: ModelToken, now: Date): Ticket {
    const waiting = token.status === 'WAITING'
    const ahead = this.#line(token.concertId).filter((t) => t.status === 'WAITING' && t.seq < token.seq).length
    const rank = waiting ? ahead + 1 : null
    return {
      token: token.token,
      userId: token.userId,
      concertId: token.concertId,
      status: token.status,
      rank,
      etaSeconds: rank === null ? 0 : Math.ceil(rank / this.#admissionRate(token.concertId, now)),
      enteredAt: token.enteredAt,
      expiresAt: token.expiresAt,
      salesOpenAt: null,
    }
  }

  /** Admissions per second over the last ten ticks, or the policy's nominal rate when none were seen. */
  #admissionRate(concertId: string, now: Date): number {
    const recent = (this.#ticks.get(concertId) ?? []).slice(-10)
    const admitted = recent.reduce((sum, tick) => sum + tick.admitted, 0)
    const oldest = recent[0]
    if (admitted > 0 && oldest !== undefined) {
      // Same expression as the spec's: elapsed time, at least one interval, in seconds.
      const seconds = Math.max(this.#policy.admitIntervalMs, now.getTime() - oldest.at.getTime()) / 1000
      return admitted / seconds
    }
    return this.#policy.admitPerTick / (this.#policy.admitIntervalMs / 1000)
  }
}
