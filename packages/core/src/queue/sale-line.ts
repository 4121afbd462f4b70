import { err, ok, type Result } from 'neverthrow'
import { saleAlreadyOpen, type SaleAlreadyOpen } from '../errors.js'
import type { QueuePolicy } from '../policy.js'

/**
 * What the queue store keeps per concert beside its tokens: the sale window,
 * whether the opening shuffle ran, and the operator's live controls. Every
 * process reads it at its next call, so a change is live everywhere at once.
 */
export interface LineSettings {
  readonly concertId: string
  /** Before it, `enter` gives PRE_QUEUED tokens; null: on sale from the start. */
  readonly salesOpenAt: Date | null
  /** From it on, `enter` is `SaleClosed` and `admit` admits nobody; null: no end. */
  readonly salesCloseAt: Date | null
  /** The opening shuffle ran: every pre-queued token is in line. */
  readonly opened: boolean
  /** `admit` admits nobody while paused (it still sweeps expired and idle tokens). */
  readonly paused: boolean
  /** Overrides `queue.maxActive` for this concert; null: the policy's. */
  readonly maxActive: number | null
  /** Overrides `queue.admitPerTick` for this concert; null: the policy's. */
  readonly admitPerTick: number | null
}

/** Where a concert's sale stands at an instant. */
export type SaleStage = 'before' | 'open' | 'closed'

/** The settings of a concert nobody configured: on sale, unpaused, the policy's limits. */
export function defaultLineSettings(concertId: string): LineSettings {
  return {
    concertId,
    salesOpenAt: null,
    salesCloseAt: null,
    opened: false,
    paused: false,
    maxActive: null,
    admitPerTick: null,
  }
}

/** Before `salesOpenAt`, from `salesCloseAt` on, or open between them. */
export function saleStage(line: LineSettings, now: Date): SaleStage {
  const at = now.getTime()
  if (line.salesCloseAt !== null && at >= line.salesCloseAt.getTime()) return 'closed'
  if (line.salesOpenAt !== null && at < line.salesOpenAt.getTime()) return 'before'
  return 'open'
}

/** The opening shuffle is due: the sale has an opening time, it passed, and the shuffle has not run. */
export function openingDue(line: LineSettings, now: Date): boolean {
  return !line.opened && line.salesOpenAt !== null && now.getTime() >= line.salesOpenAt.getTime()
}

/** The policy with the concert's live limits applied. */
export function linePolicy(policy: QueuePolicy, line: LineSettings): QueuePolicy {
  if (line.maxActive === null && line.admitPerTick === null) return policy
  return {
    ...policy,
    maxActive: line.maxActive ?? policy.maxActive,
    admitPerTick: line.admitPerTick ?? policy.admitPerTick,
  }
}

/** What `scheduleSale` asks for. */
export interface SaleWindow {
  readonly salesOpenAt: Date
  readonly salesCloseAt: Date | null
}

/**
 * A sale window may be set or moved while the line has not opened: no
 * shuffle ran, the opening time (if any) is still ahead, and nobody is in line
 * as an ordinary WAITING or ACTIVE token (a line without a window is on sale
 * from its first enter). Once open, only the closing time may change.
 */
export function decideSchedule(
  line: LineSettings,
  window: SaleWindow,
  liveInLine: number,
  now: Date,
): Result<LineSettings, SaleAlreadyOpen> {
  const openingPassed = line.salesOpenAt !== null && now.getTime() >= line.salesOpenAt.getTime()
  const started = line.opened || openingPassed || liveInLine > 0
  const sameOpening = line.salesOpenAt !== null && line.salesOpenAt.getTime() === window.salesOpenAt.getTime()
  if (started && !sameOpening) return err(saleAlreadyOpen(line.concertId, line.salesOpenAt))
  return ok({ ...line, salesOpenAt: window.salesOpenAt, salesCloseAt: window.salesCloseAt })
}

/** What `controlLine` changes: any subset; a limit of null goes back to the policy's. */
export interface LineControls {
  readonly paused?: boolean
  readonly maxActive?: number | null
  readonly admitPerTick?: number | null
}

/** The settings with the controls applied. */
export function applyControls(line: LineSettings, controls: LineControls): LineSettings {
  return {
    ...line,
    paused: controls.paused ?? line.paused,
    maxActive: controls.maxActive === undefined ? line.maxActive : controls.maxActive,
    admitPerTick: controls.admitPerTick === undefined ? line.admitPerTick : controls.admitPerTick,
  }
}
