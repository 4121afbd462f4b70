import { err, ok, type Result } from 'neverthrow'
import type { SeatSpec } from '../catalog/catalog.js'
import {
  holdLimitReached,
  noAdjacentSeats,
  notEnoughSeats,
  scheduleNotFound,
  tokenConcertMismatch,
  type HoldLimitReached,
  type NoAdjacentSeats,
  type NotEnoughSeats,
  type ScheduleCancelled,
  type ScheduleNotFound,
  type TokenConcertMismatch,
} from '../errors.js'
import { placeHold, type Hold, type PlaceHoldCommand } from './hold.js'

/** What `pickBestSeats` looks for. */
export interface BestSeatsRequest {
  readonly scheduleId: string
  /** How many seats. */
  readonly count: number
  /** The highest price a seat may have; null: any price. */
  readonly maxPrice: number | null
  /** Take seats apart when no adjacent block exists. */
  readonly allowSplit: boolean
}

/**
 * Best available: picks `count` seats among the available ones, given in seat
 * order. Seats are adjacent when they share a row (an unlabelled seat is in
 * the unlabelled row) and their numbers are consecutive; a seat over
 * `maxPrice` is treated as taken. In order of preference:
 *
 * 1. the first block (in seat order) that leaves no single orphan seat beside
 *    it: a run of adjacent seats exactly `count` long, or at least `count + 2`
 *    long, taken from its start;
 * 2. else the first run of `count + 1` (its start), which leaves one orphan;
 * 3. else, with `allowSplit`, the first `count` available seats;
 * 4. else NotEnoughSeats when fewer than `count` seats qualify at all, or
 *    NoAdjacentSeats.
 *
 * It stops at the first block of rule 1, so it reads the seats only as far as
 * that block. The Postgres adapter mirrors this rule in SQL (`pick_best_seats`,
 * migration 0004); the contract suite judges both.
 *
 * @example
 * ```ts
 * const seats = [{ seatNo: 1, price: 50, row: 'A' }, { seatNo: 2, price: 50, row: 'A' }]
 * pickBestSeats(seats, { scheduleId: 's1', count: 2, maxPrice: null, allowSplit: false }) // ok: seats 1 and 2
 * ```
 */
export function pickBestSeats(
  available: Iterable<SeatSpec>,
  request: BestSeatsRequest,
): Result<readonly SeatSpec[], NoAdjacentSeats | NotEnoughSeats> {
  const { count, maxPrice } = request
  const split: SeatSpec[] = []
  let eligible = 0
  // The current run of adjacent seats; never kept longer than count + 2, where the search ends.
  let run: SeatSpec[] = []
  let oneOrphan: readonly SeatSpec[] | undefined
  // The run just ended: its block when it leaves no orphan, remembered as the fallback when it leaves one.
  const closeRun = (): readonly SeatSpec[] | undefined => {
    const ended = run
    run = []
    if (ended.length === count) return ended
    if (ended.length === count + 1 && oneOrphan === undefined) oneOrphan = ended.slice(0, count)
    return undefined
  }
  for (const seat of available) {
    if (maxPrice !== null && seat.price > maxPrice) {
      const found = closeRun()
      if (found !== undefined) return ok(found)
      continue
    }
    eligible++
    if (split.length < count) split.push(seat)
    const last = run.at(-1)
    const adjacent = last !== undefined && last.seatNo + 1 === seat.seatNo && (last.row ?? '') === (seat.row ?? '')
    if (!adjacent) {
      const found = closeRun()
      if (found !== undefined) return ok(found)
    }
    run.push(seat)
    if (run.length >= count + 2) return ok(run.slice(0, count))
  }
  const found = closeRun()
  if (found !== undefined) return ok(found)
  if (oneOrphan !== undefined) return ok(oneOrphan)
  if (eligible < count) return err(notEnoughSeats(request.scheduleId, count, eligible))
  if (request.allowSplit) return ok(split)
  return err(noAdjacentSeats(request.scheduleId, count))
}

/** What `placeBestHold` is asked to do: a hold of `count` seats the store picks. */
export interface BestHoldCommand extends Omit<PlaceHoldCommand, 'seatNos'> {
  readonly count: number
  readonly maxPrice: number | null
  readonly allowSplit: boolean
}

/** Why `placeBestHold` refused. */
export type BestHoldError =
  TokenConcertMismatch | ScheduleNotFound | HoldLimitReached | NoAdjacentSeats | NotEnoughSeats | ScheduleCancelled

/**
 * Checks, in order: the schedule exists and belongs to the token's concert,
 * the user stays within `maxSeatsPerUser` with `count` more seats, then picks
 * seats with {@link pickBestSeats} and holds them with `placeHold` (which
 * refuses, last, a cancelled schedule: `scheduleCancelled`).
 * `available` are the schedule's available seats in seat order, read inside
 * the store's atomic section (lazily: the pick stops at the first good block).
 */
export function placeBestHold(
  scheduleConcertId: string | undefined,
  userLiveSeats: number,
  available: Iterable<SeatSpec>,
  cmd: BestHoldCommand,
  now: Date,
  scheduleCancelled = false,
): Result<Hold, BestHoldError> {
  if (scheduleConcertId === undefined) return err(scheduleNotFound(cmd.scheduleId))
  if (scheduleConcertId !== cmd.concertId) return err(tokenConcertMismatch(cmd.token, cmd.concertId))
  if (userLiveSeats + cmd.count > cmd.maxSeatsPerUser) return err(holdLimitReached(cmd.maxSeatsPerUser))
  return pickBestSeats(available, cmd).andThen((seats) => {
    const sorted = [...seats].sort((a, b) => a.seatNo - b.seatNo)
    const placed = placeHold(
      { scheduleConcertId, seats: sorted, taken: [], userLiveSeats, scheduleCancelled },
      { ...cmd, seatNos: sorted.map((seat) => seat.seatNo) },
      now,
    )
    // Every check placeHold makes was made above, on seats read as available.
    return placed.mapErr((refused): BestHoldError => {
      if (refused.type === 'ScheduleCancelled') return refused
      throw new Error(`placeHold refused seats pickBestSeats chose: ${refused.type}`)
    })
  })
}
