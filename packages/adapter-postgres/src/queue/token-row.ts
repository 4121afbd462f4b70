import type { QueueToken } from '@boxoffice/core'
import type { AdmissionWindow, QueuePosition } from '@boxoffice/core/adapter'

/** A `queue_tokens` row as pg returns it (bigint arrives as a string). */
export interface TokenRow {
  readonly token: string
  readonly user_id: string
  readonly concert_id: string
  readonly status: 'WAITING' | 'ACTIVE'
  readonly seq: string
  readonly entered_at: Date
  readonly last_seen_at: Date
  readonly activated_at: Date | null
  readonly expires_at: Date | null
}

/** The rank and admission window that ride along with a token read. */
export interface PositionColumns {
  /** WAITING tokens of the concert ahead of this one; null for an ACTIVE token. */
  readonly ahead: string | null
  readonly window_admitted: string
  readonly window_since: Date | null
}

export function toToken(row: TokenRow): QueueToken {
  return {
    token: row.token,
    userId: row.user_id,
    concertId: row.concert_id,
    status: row.status,
    seq: Number(row.seq),
    enteredAt: row.entered_at,
    lastSeenAt: row.last_seen_at,
    activatedAt: row.activated_at,
    expiresAt: row.expires_at,
  }
}

export function toWindow(row: PositionColumns): AdmissionWindow {
  return { admitted: Number(row.window_admitted), since: row.window_since }
}

/** `token` (possibly as a transition left it) placed by the columns read with it. */
export function toPosition(token: QueueToken, row: PositionColumns): QueuePosition {
  return {
    token,
    rank: token.status === 'WAITING' && row.ahead !== null ? Number(row.ahead) + 1 : null,
    admissions: toWindow(row),
  }
}
