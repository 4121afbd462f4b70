import { err, ok, type Result } from 'neverthrow'
import {
  tokenExpired,
  tokenNotActive,
  tokenNotFound,
  tokenUserMismatch,
  type TokenExpired,
  type TokenNotActive,
  type TokenNotFound,
  type TokenUserMismatch,
} from '../errors.js'
import type { QueuePolicy } from '../policy.js'

/**
 * `WAITING -> ACTIVE -> COMPLETED | EXPIRED`, `WAITING -> LEFT | DROPPED`,
 * `ACTIVE -> LEFT`. Stores keep only WAITING and ACTIVE tokens; a token that
 * reaches any other state is deleted, so memory is bounded by live tokens.
 */
export type TokenStatus = 'WAITING' | 'ACTIVE' | 'COMPLETED' | 'EXPIRED' | 'LEFT' | 'DROPPED'
/** The statuses of a token that still holds a place: in line or admitted. */
export type LiveTokenStatus = 'WAITING' | 'ACTIVE'

/** A live queue token as a store keeps it. */
export interface QueueToken {
  readonly token: string
  readonly userId: string
  readonly concertId: string
  readonly status: LiveTokenStatus
  /** Arrival order within the concert, assigned by the store; admission follows it. */
  readonly seq: number
  readonly enteredAt: Date
  /** Last enter or status poll; a WAITING token idle for `waitingIdleTtlMs` is dropped. */
  readonly lastSeenAt: Date
  readonly activatedAt: Date | null
  readonly expiresAt: Date | null
}

/** What a WAITING or ACTIVE token is worth at `now`, before any sweep has run. */
export type TokenLiveness = 'live' | 'expired' | 'idle'

/** Whether a token is live, past its ACTIVE expiry, or dropped for not polling while WAITING. */
export function tokenLiveness(token: QueueToken, now: Date, policy: QueuePolicy): TokenLiveness {
  if (token.status === 'ACTIVE') {
    return token.expiresAt !== null && token.expiresAt.getTime() <= now.getTime() ? 'expired' : 'live'
  }
  return token.lastSeenAt.getTime() + policy.waitingIdleTtlMs <= now.getTime() ? 'idle' : 'live'
}

/** What `issueToken` needs to create a WAITING token. */
export interface NewTokenFields {
  readonly token: string
  readonly userId: string
  readonly concertId: string
  readonly seq: number
}

// Tokens are built as full literals, not `{ ...token, field }`: V8's spread
// path is ~10x slower, and these run on every enter, poll and admission.
function tokenWith(
  token: NewTokenFields & Partial<QueueToken>,
  status: LiveTokenStatus,
  enteredAt: Date,
  lastSeenAt: Date,
  activatedAt: Date | null,
  expiresAt: Date | null,
): QueueToken {
  return {
    token: token.token,
    userId: token.userId,
    concertId: token.concertId,
    status,
    seq: token.seq,
    enteredAt,
    lastSeenAt,
    activatedAt,
    expiresAt,
  }
}

/** A fresh WAITING token. */
export function issueToken(fields: NewTokenFields, now: Date): QueueToken {
  return tokenWith(fields, 'WAITING', now, now, null, null)
}

/** The token with its heartbeat moved to `now`. */
export function touchToken(token: QueueToken, now: Date): QueueToken {
  return tokenWith(token, token.status, token.enteredAt, now, token.activatedAt, token.expiresAt)
}

/** What `decideEnter` chose: keep the user's live token (refreshed) or issue a new one. */
export type EnterDecision =
  | { readonly kind: 'existing'; readonly token: QueueToken }
  | { readonly kind: 'issue'; readonly replaces: QueueToken | null }

/**
 * Enter is idempotent per (user, concert): a live token is returned (a WAITING
 * one with its heartbeat refreshed); a dead one not yet swept is replaced.
 */
export function decideEnter(existing: QueueToken | undefined, now: Date, policy: QueuePolicy): EnterDecision {
  if (existing === undefined) return { kind: 'issue', replaces: null }
  if (tokenLiveness(existing, now, policy) !== 'live') return { kind: 'issue', replaces: existing }
  return { kind: 'existing', token: existing.status === 'WAITING' ? touchToken(existing, now) : existing }
}

/** A status poll: refreshes a WAITING token's heartbeat; a dead token is reported expired. */
export function pollToken(
  token: string,
  found: QueueToken | undefined,
  now: Date,
  policy: QueuePolicy,
): Result<QueueToken, TokenNotFound | TokenExpired> {
  if (found === undefined) return err(tokenNotFound(token))
  if (tokenLiveness(found, now, policy) !== 'live') return err(tokenExpired(token))
  return ok(found.status === 'WAITING' ? touchToken(found, now) : found)
}

/**
 * The guard of every gated call. Ownership is checked before state, so a
 * stolen token tells the thief nothing about its status.
 */
export function authorizeToken(
  token: string,
  found: QueueToken | undefined,
  userId: string,
  now: Date,
  policy: QueuePolicy,
): Result<QueueToken, TokenNotFound | TokenUserMismatch | TokenExpired | TokenNotActive> {
  if (found === undefined) return err(tokenNotFound(token))
  if (found.userId !== userId) return err(tokenUserMismatch(token))
  if (tokenLiveness(found, now, policy) !== 'live') return err(tokenExpired(token))
  if (found.status !== 'ACTIVE') return err(tokenNotActive(token, found.status))
  return ok(found)
}

/** WAITING -> ACTIVE, good for `activeTtlMs`. */
export function activateToken(token: QueueToken, now: Date, policy: QueuePolicy): QueueToken {
  return tokenWith(
    token,
    'ACTIVE',
    token.enteredAt,
    token.lastSeenAt,
    now,
    new Date(now.getTime() + policy.activeTtlMs),
  )
}

/** How many WAITING tokens one tick may admit, given the live ACTIVE count after the sweep. */
export function admissionSlots(activeAfterSweep: number, waiting: number, policy: QueuePolicy): number {
  return Math.max(0, Math.min(policy.admitPerTick, policy.maxActive - activeAfterSweep, waiting))
}
