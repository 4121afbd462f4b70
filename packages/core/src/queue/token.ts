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
 * `PRE_QUEUED -> WAITING` (the opening shuffle), `WAITING -> ACTIVE ->
 * COMPLETED | EXPIRED`, `PRE_QUEUED | WAITING -> LEFT | DROPPED`,
 * `ACTIVE -> LEFT`. Stores keep only PRE_QUEUED, WAITING and ACTIVE tokens; a
 * token that reaches any other state is deleted, so memory is bounded by live tokens.
 */
export type TokenStatus = 'PRE_QUEUED' | 'WAITING' | 'ACTIVE' | 'COMPLETED' | 'EXPIRED' | 'LEFT' | 'DROPPED'
/** The statuses of a token that still holds a place: gathered before the opening, in line, or admitted. */
export type LiveTokenStatus = 'PRE_QUEUED' | 'WAITING' | 'ACTIVE'

/** A live queue token as a store keeps it. */
export interface QueueToken {
  readonly token: string
  readonly userId: string
  readonly concertId: string
  readonly status: LiveTokenStatus
  /**
   * Order within the concert, assigned by the store: arrival order, and
   * admission follows it among tokens that entered after the opening. A
   * pre-queued token's `seq` records its arrival only; the opening shuffle,
   * not `seq`, places it in line (a store may renumber it then).
   */
  readonly seq: number
  readonly enteredAt: Date
  /** Last enter or status poll; a WAITING token idle for `waitingIdleTtlMs` is dropped. */
  readonly lastSeenAt: Date
  readonly activatedAt: Date | null
  readonly expiresAt: Date | null
}

/** What a WAITING or ACTIVE token is worth at `now`, before any sweep has run. */
export type TokenLiveness = 'live' | 'expired' | 'idle'

/** When a token's idle time starts: its last poll, and for a pre-queued token never before the opening. */
export function idleSince(token: QueueToken, salesOpenAt: Date | null): number {
  const seen = token.lastSeenAt.getTime()
  return token.status === 'PRE_QUEUED' && salesOpenAt !== null ? Math.max(seen, salesOpenAt.getTime()) : seen
}

/**
 * Whether a token is live, past its ACTIVE expiry, or dropped for not
 * polling while in line. A pre-queued token's idle time counts from
 * `salesOpenAt` (the line's opening time), so nobody is dropped for not
 * polling before the sale opens.
 */
export function tokenLiveness(
  token: QueueToken,
  now: Date,
  policy: QueuePolicy,
  salesOpenAt: Date | null = null,
): TokenLiveness {
  if (token.status === 'ACTIVE') {
    return token.expiresAt !== null && token.expiresAt.getTime() <= now.getTime() ? 'expired' : 'live'
  }
  return idleSince(token, salesOpenAt) + policy.waitingIdleTtlMs <= now.getTime() ? 'idle' : 'live'
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

/** A fresh token: WAITING, or PRE_QUEUED when it entered before the sale opened. */
export function issueToken(
  fields: NewTokenFields,
  now: Date,
  status: 'WAITING' | 'PRE_QUEUED' = 'WAITING',
): QueueToken {
  return tokenWith(fields, status, now, now, null, null)
}

/**
 * PRE_QUEUED -> WAITING at the opening, at `seq` (its place after the
 * shuffle); its idle time starts at the opening at the earliest.
 */
export function openToken(token: QueueToken, seq: number, salesOpenAt: Date | null): QueueToken {
  const fields = { token: token.token, userId: token.userId, concertId: token.concertId, seq }
  return tokenWith(fields, 'WAITING', token.enteredAt, new Date(idleSince(token, salesOpenAt)), null, null)
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
export function decideEnter(
  existing: QueueToken | undefined,
  now: Date,
  policy: QueuePolicy,
  salesOpenAt: Date | null = null,
): EnterDecision {
  if (existing === undefined) return { kind: 'issue', replaces: null }
  if (tokenLiveness(existing, now, policy, salesOpenAt) !== 'live') return { kind: 'issue', replaces: existing }
  return { kind: 'existing', token: existing.status === 'ACTIVE' ? existing : touchToken(existing, now) }
}

/** A status poll: refreshes a WAITING token's heartbeat; a dead token is reported expired. */
export function pollToken(
  token: string,
  found: QueueToken | undefined,
  now: Date,
  policy: QueuePolicy,
  salesOpenAt: Date | null = null,
): Result<QueueToken, TokenNotFound | TokenExpired> {
  if (found === undefined) return err(tokenNotFound(token))
  if (tokenLiveness(found, now, policy, salesOpenAt) !== 'live') return err(tokenExpired(token))
  return ok(found.status === 'ACTIVE' ? found : touchToken(found, now))
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
  salesOpenAt: Date | null = null,
): Result<QueueToken, TokenNotFound | TokenUserMismatch | TokenExpired | TokenNotActive> {
  if (found === undefined) return err(tokenNotFound(token))
  if (found.userId !== userId) return err(tokenUserMismatch(token))
  if (tokenLiveness(found, now, policy, salesOpenAt) !== 'live') return err(tokenExpired(token))
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
