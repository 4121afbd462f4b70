import { type Concert, type Hold, type Schedule, type SeatSpec } from '@boxoffice/core'
import { isLiveClaim, isLiveHold } from '@boxoffice/core/adapter'

export interface ScheduleSeats {
  /** Replaced when the schedule is cancelled. */
  schedule: Schedule
  /** Seat number -> the seat as set up (price, row). */
  readonly seats: Map<number, SeatSpec>
  /** The seats in seat order: best-available reads them front to back. */
  readonly inOrder: readonly SeatSpec[]
  /** Seat number -> the latest hold placed on it (a new hold is only placed when the last is no live claim). */
  readonly claims: Map<number, Hold>
}

/**
 * Concerts, schedules, seats and holds. Holds waiting to expire are kept in
 * placement order, which is expiry order (one hold TTL per box), so the sweeper
 * reads only the expired front.
 */
export class SeatBook {
  readonly concerts: Map<string, Concert> = new Map()
  readonly schedules: Map<string, ScheduleSeats> = new Map()
  readonly holds: Map<string, Hold> = new Map()
  readonly #heldByUser = new Map<string, Set<string>>()
  readonly #heldInOrder = new Map<string, Hold>()

  addSchedule(schedule: Schedule, seats: readonly SeatSpec[]): void {
    const inOrder = [...seats].sort((a, b) => a.seatNo - b.seatNo)
    this.schedules.set(schedule.scheduleId, {
      schedule,
      seats: new Map(inOrder.map((seat) => [seat.seatNo, seat])),
      inOrder,
      claims: new Map(),
    })
  }

  /** Seats in the user's live HELD holds; forgets the holds that are no longer live on the way. */
  liveSeatsOf(userId: string, now: Date): number {
    const held = this.#heldByUser.get(userId)
    if (held === undefined) return 0
    let live = 0
    for (const holdId of held) {
      const hold = this.holds.get(holdId)
      if (hold !== undefined && isLiveHold(hold, now)) live += hold.seatNos.length
      else held.delete(holdId)
    }
    return live
  }

  /** The schedule's available seats at `now`, in seat order, read lazily. */
  *availableInOrder(entry: ScheduleSeats, now: Date): Generator<SeatSpec> {
    for (const seat of entry.inOrder) {
      const claim = entry.claims.get(seat.seatNo)
      if (claim === undefined || !isLiveClaim(claim, now)) yield seat
    }
  }

  /** Whether the hold is still the latest claim of every seat of it (a later hold took one over otherwise). */
  isClaimOfItsSeats(hold: Hold): boolean {
    const claims = this.schedules.get(hold.scheduleId)?.claims
    return hold.seatNos.every((seatNo) => claims?.get(seatNo)?.holdId === hold.holdId)
  }

  availableSeats(seats: ScheduleSeats, now: Date): number {
    let claimed = 0
    for (const hold of seats.claims.values()) if (isLiveClaim(hold, now)) claimed++
    return seats.seats.size - claimed
  }

  /**
   * Stores a hold in its new state and keeps the indexes in step. Each seat's
   * claim moves to a newly placed hold; a later change to an older hold (the
   * sweeper expiring it) must not take a seat back from its successor.
   */
  put(hold: Hold): void {
    this.holds.set(hold.holdId, hold)
    const claims = this.schedules.get(hold.scheduleId)?.claims
    for (const seatNo of hold.seatNos) {
      const current = claims?.get(seatNo)
      if (current === undefined || current.holdId === hold.holdId || hold.createdAt >= current.createdAt) {
        claims?.set(seatNo, hold)
      }
    }
    if (hold.status === 'HELD') {
      let held = this.#heldByUser.get(hold.userId)
      if (held === undefined) {
        held = new Set()
        this.#heldByUser.set(hold.userId, held)
      }
      held.add(hold.holdId)
      this.#heldInOrder.set(hold.holdId, hold)
    } else {
      this.#heldByUser.get(hold.userId)?.delete(hold.holdId)
      this.#heldInOrder.delete(hold.holdId)
    }
  }

  /** The schedule's live HELD holds. */
  liveHeldOf(scheduleId: string, now: Date): Hold[] {
    const live: Hold[] = []
    for (const hold of this.#heldInOrder.values()) {
      if (hold.scheduleId === scheduleId && isLiveHold(hold, now)) live.push(hold)
    }
    return live
  }

  /** HELD holds past expiry, oldest first, at most `limit`. */
  expiredHeld(now: Date, limit: number): Hold[] {
    const expired: Hold[] = []
    for (const hold of this.#heldInOrder.values()) {
      if (expired.length >= limit || hold.expiresAt.getTime() > now.getTime()) break
      expired.push(hold)
    }
    return expired
  }
}
