import type { QueuePolicy } from '../policy.js'
import { linePolicy, type LineSettings } from './sale-line.js'
import type { LiveTokenStatus, QueueToken } from './token.js'

/** Admissions a store observed over its recent ticks: `admitted` tokens since `since`. */
export interface AdmissionWindow {
  readonly admitted: number
  readonly since: Date | null
}

/** How many recent admit ticks a store keeps to estimate the admission rate. */
export const ADMISSION_WINDOW_TICKS = 10

/** What a client sees of its token. */
export interface Ticket {
  readonly token: string
  readonly userId: string
  readonly concertId: string
  readonly status: LiveTokenStatus
  /** 1-based position among the concert's WAITING tokens; null while PRE_QUEUED and once ACTIVE. */
  readonly rank: number | null
  /** Estimated seconds until admission; 0 once ACTIVE; null while PRE_QUEUED or while the line is paused. */
  readonly etaSeconds: number | null
  readonly enteredAt: Date
  /** When an ACTIVE token stops admitting; null before. */
  readonly expiresAt: Date | null
  /** When the concert's sale opens (pre-queued tokens are shuffled into line then); null when it has no opening time. */
  readonly salesOpenAt: Date | null
}

/**
 * Tokens admitted per second: observed over the store's recent ticks when any
 * token was admitted there, else the policy's nominal `admitPerTick` per
 * `admitIntervalMs`.
 */
export function admissionRate(window: AdmissionWindow, now: Date, policy: QueuePolicy): number {
  if (window.admitted > 0 && window.since !== null) {
    const seconds = Math.max(policy.admitIntervalMs, now.getTime() - window.since.getTime()) / 1000
    return window.admitted / seconds
  }
  return policy.admitPerTick / (policy.admitIntervalMs / 1000)
}

/** The ticket a caller sees for a token: its status, rank and the ETA from the recent admission rate. */
export function toTicket(
  token: QueueToken,
  rank: number | null,
  window: AdmissionWindow,
  now: Date,
  policy: QueuePolicy,
  line: LineSettings,
): Ticket {
  const waiting = token.status === 'WAITING'
  const shownRank = waiting ? rank : null
  let etaSeconds: number | null = 0
  if (token.status === 'PRE_QUEUED' || (waiting && line.paused)) etaSeconds = null
  else if (shownRank !== null) etaSeconds = Math.ceil(shownRank / admissionRate(window, now, linePolicy(policy, line)))
  return {
    token: token.token,
    userId: token.userId,
    concertId: token.concertId,
    status: token.status,
    rank: shownRank,
    etaSeconds,
    enteredAt: token.enteredAt,
    expiresAt: token.expiresAt,
    salesOpenAt: line.salesOpenAt,
  }
}
