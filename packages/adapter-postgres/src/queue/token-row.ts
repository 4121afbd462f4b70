import { type LineSettings, type QueueToken } from '@boxoffice/core'
import { type AdmissionWindow, defaultLineSettings, type QueuePosition } from '@boxoffice/core/adapter'

/** A `queue_tokens` row as pg returns it (bigint arrives as a string). */
export interface TokenRow {
  readonly token: string
  readonly user_id: string
  readonly concert_id: string
  readonly status: 'PRE_QUEUED' | 'WAITING' | 'ACTIVE'
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
  /** The line's row as JSON (`row_to_json`), null for a line without one. */
  readonly line: LineRow | LineJson | null
}

/** A `queue_lines` row as pg returns it. */
export interface LineRow {
  readonly concert_id: string
  readonly sales_open_at: Date | null
  readonly sales_close_at: Date | null
  readonly opened: boolean
  readonly paused: boolean
  readonly max_active: number | null
  readonly admit_per_tick: number | null
}

/** The same row through `row_to_json`: instants as ISO strings. */
type LineJson = { readonly [K in keyof LineRow]: LineRow[K] extends Date | null ? string | null : LineRow[K] }

const instant = (value: Date | string | null): Date | null =>
  value === null ? null : value instanceof Date ? value : new Date(value)

/** A line's settings from its row (a plain read or `row_to_json`), the defaults without one. */
export function toLineSettings(concertId: string, row: LineRow | LineJson | null | undefined): LineSettings {
  if (row === null || row === undefined) return defaultLineSettings(concertId)
  return {
    concertId,
    salesOpenAt: instant(row.sales_open_at),
    salesCloseAt: instant(row.sales_close_at),
    opened: row.opened,
    paused: row.paused,
    maxActive: row.max_active,
    admitPerTick: row.admit_per_tick,
  }
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
    line: toLineSettings(token.concertId, row.line),
  }
}
